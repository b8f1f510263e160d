"""Run a function over items in forked worker processes, and stop cleanly on Ctrl-C or SIGTERM.

In: a function, the items, how many workers. Out: the results, in the items' order; or the
exception a signal raised in the parent, after every worker has ended.

Why not ``multiprocessing.Pool``: a Ctrl-C while it forks escapes its ``__init__`` and leaves
workers running, a worker that dies holding the shared task queue's lock makes
``terminate()`` wait for that lock forever, and a task whose worker died is never answered.
Here each worker has a pipe of its own (no lock shared between processes); workers are
forked with the signals held and ignore Ctrl-C (the terminal sends it to the whole process
group; the parent alone decides), and the parent ends every worker in a ``finally``.
"""
from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from . import interrupts
from .errors import BuildError, Interrupted

T = TypeVar("T")
R = TypeVar("R")


def map_forked(work: Callable[[T], R], items: Sequence[T], workers: int,
               on_done: Callable[[R], None] | None = None) -> list[R]:
    """``[work(item) for item in items]``, computed by ``workers`` forked processes; items are
    handed out in their order (put the longest first), ``on_done`` sees each result as it arrives."""
    context = multiprocessing.get_context("fork")
    crew: list[tuple[BaseProcess, Connection]] = []
    mask = interrupts.hold()  # a Ctrl-C now would come between a fork and its bookkeeping
    gc.freeze()  # the parent's objects stay out of the workers' collections: their pages stay shared
    try:
        for _ in range(min(workers, len(items))):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(work, theirs, mask), daemon=True)
            crew.append((process, mine))
            process.start()
            theirs.close()
        interrupts.release(mask)  # a signal that came while forking is raised here, inside the try
        return _collect(crew, items, on_done or (lambda result: None))
    finally:
        gc.unfreeze()
        interrupts.hold()
        for process, mine in crew:
            _end(process)
            mine.close()
        interrupts.release(mask)


def _serve(work: Callable[[Any], Any], conn: Connection, mask: set[int]) -> None:
    """A worker: run each item the parent sends, send back ``(index, ok, value)``; stop at None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process of the group
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent ends a worker with SIGTERM: no handler, no traceback
    interrupts.release(mask)
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the parent is gone
            return
        if message is None:
            return
        index, item = message
        try:
            reply = (index, True, work(item))
        except Exception as exc:  # a bug in the build: the parent reports it as an internal error
            reply = (index, False, exc)
        try:
            conn.send(reply)
        except Exception as exc:  # what cannot be pickled is sent as its words
            conn.send((index, False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _collect(crew: list[tuple[BaseProcess, Connection]], items: Sequence[T], on_done: Callable[[Any], None]) -> list[Any]:
    """Hand out items one at a time to whichever worker is free, and gather the replies."""
    results: list[Any] = [None] * len(items)
    waiting = list(enumerate(items))[::-1]
    busy: dict[Connection, BaseProcess] = {}
    for process, conn in crew:
        if waiting:
            _give(conn, process, waiting.pop())
            busy[conn] = process
    while busy:
        for conn in wait(list(busy)):
            try:
                index, ok, value = conn.recv()
            except EOFError:
                raise _died(busy[conn]) from None
            if not ok:
                raise value
            results[index] = value
            on_done(value)
            if waiting:
                _give(conn, busy[conn], waiting.pop())
            else:
                _give(conn, busy.pop(conn), None)
    return results


def _give(conn: Connection, process: BaseProcess, message: Any) -> None:
    """Send a worker its next item (None: stop); a worker that died meanwhile is reported as such."""
    try:
        conn.send(message)
    except OSError:  # a broken pipe: the worker is gone
        raise _died(process) from None


def _died(process: BaseProcess) -> BaseException:
    """A worker ended without replying: a signal sent to it (an interruption) or a crash."""
    process.join(timeout=5)
    code = process.exitcode
    if code is not None and -code in interrupts.SIGNALS:
        return KeyboardInterrupt() if -code == signal.SIGINT else Interrupted(-code)
    how = f"was killed by signal {-code}" if code is not None and code < 0 else f"ended with exit code {code}"
    return BuildError(f"a worker process of the build {how} (out of memory?); build again, or fewer "
                      "editions at a time with --edition")


def _end(process: BaseProcess) -> None:
    """End a worker, whatever it is doing; a worker never started has nothing to end."""
    if process.pid is None:
        return
    if process.exitcode is None:
        process.terminate()
    process.join(timeout=5)
    if process.exitcode is None:  # never seen: SIGTERM is a worker's default; SIGKILL cannot be refused
        process.kill()
        process.join()
