"""The course: lessons in teaching order, and each lesson's answer key made from content.

In: ``course.yaml`` (lessons: aim, prompts, what each uses, which key it has) and the words
the keys are made from: the conversation (callouts, indicators, messages), the poster (red
flags, forms of exploitation), the handout (terms, safety tips) and the region (helplines).
Out: typed lessons and ``answer_key(...)``: (prompt, answer) pairs. A key is never typed in
twice: change a callout or a flag and the teacher's answers follow.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from ..content import Model, Text
from ..conversation import Conversation
from ..document import Sheet
from ..editorial import Editorial
from ..kit import plain
from ..words import render_text

Use = Annotated[str, Field(description="handout:<section id>, poster, spread or cards")]
_USE = re.compile(r"handout:[a-z0-9-]+|poster|spread|cards")
Key = Literal["callouts", "indicators", "flags", "terms", "tips", "helplines", "none"]


class Lesson(Editorial):
    id: str
    title: Text
    uses: list[Use] = Field(min_length=1)
    answers: Key
    aim: Text
    prompts: list[Text] = Field(min_length=1)

    @field_validator("uses")
    @classmethod
    def _known(cls, uses: list[str]) -> list[str]:
        bad = [u for u in uses if not _USE.fullmatch(str(u))]
        if bad:
            raise ValueError(f"unknown {', '.join(map(str, bad))}; a lesson uses handout:<section id>, poster, "
                             "spread or cards")
        return uses


class TermChoice(Model):
    """Which definitions the matching activity uses, by position (from 0)."""

    handout: list[Annotated[int, Field(ge=0)]] = []
    poster: list[Annotated[int, Field(ge=0)]] = []


class Course(Editorial):
    terms: TermChoice
    lessons: list[Lesson] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "Course":
        ids = [lesson.id for lesson in self.lessons]
        if len(set(ids)) != len(ids):
            raise ValueError("two lessons have the same id; give each lesson its own id")
        return self


WORDS_NEEDED = ("course", "conversation", "poster", "handout")


def sections(words: dict) -> dict[str, object]:
    """The handout's sections by id."""
    return {s.id: s for s in words["handout"].sections}


def terms(words: dict) -> list[tuple[str, str]]:
    """(term, definition) chosen by ``course.terms``: the handout's terms block, then the poster's forms."""
    choice = words["course"].terms
    handout_terms = [t for s in words["handout"].sections for b in s.blocks for t in (b.terms or [])]
    forms = words["poster"].exploitation.forms
    picked = [handout_terms[i] for i in choice.handout if i < len(handout_terms)]
    picked += [forms[i] for i in choice.poster if i < len(forms)]
    return [(t.term, t.text) for t in picked]


def tips(words: dict) -> list[str]:
    """The handout's safety tips: the points of its `tips` section."""
    section = sections(words).get("tips")
    return [p for b in (section.blocks if section else []) for p in (b.points or [])]


def message(talk: Conversation, number: int) -> str:
    """Message ``number`` (from 1) of the conversation."""
    return talk.messages[number - 1].text if 0 < number <= len(talk.messages) else ""


def answer_key(sheet: Sheet, words: dict, lesson: Lesson, message_ref: str) -> list[tuple[str, str]]:
    """The lesson's answers as (what is asked, the answer), derived from content."""
    talk: Conversation = words["conversation"]
    callouts = sorted(talk.callouts, key=lambda c: c.number)
    if lesson.answers == "callouts":
        numbered = {m.callout: i + 1 for i, m in enumerate(talk.messages) if m.callout is not None}
        return [(f"({c.number}) " + render_text(message_ref, {"number": numbered[c.number]}), c.text) for c in callouts]
    if lesson.answers == "indicators":
        return [(f"({c.number})", talk.indicators[c.indicator].title) for c in callouts]
    if lesson.answers == "flags":
        return [(plain(f.text), f"{message(talk, f.message)} ({render_text(message_ref, {'number': f.message})})")
                for f in words["poster"].flags]
    if lesson.answers == "terms":
        return terms(words)
    if lesson.answers == "tips":
        return [("", t) for t in tips(words)]
    if lesson.answers == "helplines":
        region, common = sheet.region, sheet.common
        rows = [(h.name, h.number) for h in region.helplines]
        rows += [(common.emergency_label, region.emergency.number)] if region.emergency else []
        named = dict.fromkeys(sid for sec in words["handout"].sections for b in sec.blocks for sid in (b.services or []))
        rows += [(common.services[sid].name, sheet.links.services[sid].short) for sid in named]
        return rows
    return []
