"""The product registry: one module per printed product, listed in build order.

Each module has ``WORDS`` (the content files it reads: stem → model) and
``compose(sheet, words, built) -> {output name: Composed}``; ``built`` holds what earlier
products made for the same edition, so the workbook binds the handout rather than redoing it.
"""
from . import cards, handout, poster, spread, teacher, workbook

PRODUCTS = {
    "handout": handout,
    "poster": poster,
    "spread": spread,
    "workbook": workbook,
    "cards": cards,
    "teacher": teacher,
}
