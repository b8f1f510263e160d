"""Filling pages: how far each page of a flowed document falls short, and spaces that close the gap.

In: what a document recorded while it was built (the lowest point the flow reached on each
page, and the page each stretchable space landed on). Out: the shortfall (points by which
pages end too high above their footer, or the last page is too empty) and, for a second
build, how much to add to each space so that every page but the last ends at its footer.

Adding to the spaces of a page only pushes that page's content down into its own empty
foot, so no page break moves; the caller checks that by comparing the two placements.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import CondPageBreak, Spacer

FULL, LAST = 0.10, 0.5  # a page may end this share of its column above the footer; the last is this full
GROWTH = 4.0  # a space may grow to this many times its height, no more (else the page looks loose)


class Gap(Spacer):
    """A space between blocks that may grow to fill its page; ``index`` names it across builds."""

    def __init__(self, height: float, index: int, extra: float = 0.0):
        super().__init__(1, height + extra)
        self.index, self.base = index, height


class Keep(CondPageBreak):
    """Keep-with-next (a heading and the start of its block); ``index`` shares the gaps' numbering.

    When a filling pass grows the gaps above it on its page, it asks for that much less room,
    since the room it saw was already enough: so it never breaks where it did not before.
    """

    def __init__(self, height: float, index: int, slack: float = 0.0):
        super().__init__(max(0.0, height - slack))
        self.index = index


@dataclass
class Placement:
    """Where a build's flow went: pages, the lowest y per page, and each gap's page."""

    pages: int = 0
    lowest: dict[int, float] = field(default_factory=dict)
    gaps: dict[int, tuple[int, float]] = field(default_factory=dict)  # gap index → (page, base height)
    last_gap: dict[int, int] = field(default_factory=dict)  # page → index of the last gap on it

    keeps: dict[int, int] = field(default_factory=dict)  # keep index → page
    content: list[int] = field(default_factory=list)  # the page of each block, in order

    def record(self, page: int, y: float, flowable) -> None:
        if isinstance(flowable, Keep):
            self.keeps[flowable.index] = page
        elif isinstance(flowable, Gap):
            self.gaps[flowable.index] = (page, flowable.base)
            self.last_gap[page] = flowable.index
        elif not isinstance(flowable, Spacer):
            self.lowest[page] = min(self.lowest.get(page, y), y)
            self.content.append(page)
        self.pages = max(self.pages, page + 1)


def gaps_by_page(placed: Placement, bottom: float, heights: list[float]) -> list[float]:
    """The empty height between the flow's end and the frame's foot, per page."""
    return [placed.lowest.get(p, bottom + heights[p]) - bottom for p in range(placed.pages)]


def shortfall(placed: Placement, bottom: float, heights: list[float]) -> float:
    """Points by which pages end more than ``FULL`` above the footer, or the last is under ``LAST`` full."""
    short = 0.0
    for page, gap in enumerate(gaps_by_page(placed, bottom, heights)):
        allowed = heights[page] * ((1 - LAST) if page == placed.pages - 1 else FULL)
        short += max(0.0, gap - allowed)
    return short


def last_page_short(placed: Placement, bottom: float, heights: list[float]) -> float:
    gap = gaps_by_page(placed, bottom, heights)[-1]
    return max(0.0, gap - heights[placed.pages - 1] * (1 - LAST))


def stretch(placed: Placement, bottom: float, heights: list[float]) -> dict[int, float]:
    """Extra height per gap that closes each page's empty foot (the last page keeps its own)."""
    extra: dict[int, float] = {}
    gaps = gaps_by_page(placed, bottom, heights)
    for page in range(placed.pages - 1):
        mine = [(i, base) for i, (p, base) in placed.gaps.items() if p == page and i != placed.last_gap.get(page)]
        room = gaps[page] - 1.0  # a point to spare: rounding must never push a line over
        total = sum(base for _, base in mine)
        if room <= 0 or total <= 0:
            continue
        share = min(room / total, GROWTH - 1)
        for i, base in mine:
            extra[i] = base * share
    return extra


def slack(placed: Placement, extra: dict[int, float]) -> dict[int, float]:
    """Per keep: how much the gaps above it on its page grow (so it asks for that much less)."""
    return {k: sum(e for i, e in extra.items() if i < k and placed.gaps[i][0] == page)
            for k, page in placed.keeps.items()}
