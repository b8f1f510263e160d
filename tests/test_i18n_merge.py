"""Translated lists merge with the English by item id, not by position."""
from __future__ import annotations

from pathlib import Path

from workbook.content import plain_tree
from workbook.yaml_source import read_yaml
from workbook.i18n import strings, with_fallback


def load(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, f"content/{name}")


def test_items_with_ids_merge_by_id_so_a_moved_english_item_keeps_its_translation(tmp_path: Path) -> None:
    en = load(tmp_path, "en.yaml", "items:\n- {id: b, text: Bee}\n- {id: c, text: Sea}\n- {id: a, text: Ay}\n")
    km = load(tmp_path, "km.yaml", "items:\n- {id: a, text: A-km}\n- {id: b, text: B-km}\n- {id: gone, text: X}\n")
    merged = with_fallback(en, km)
    assert plain_tree(merged) == {"items": [{"id": "b", "text": "B-km"}, {"id": "c", "text": "Sea"},
                                            {"id": "a", "text": "A-km"}]}
    places = merged["items"].item_where
    assert [str(p).split(":")[0] for p in places] == ["content/km.yaml", "content/en.yaml", "content/km.yaml"]
    assert str(places[0]).split(":")[1] == "3"  # b's translation stands on km's third line


def test_items_without_ids_still_merge_by_position(tmp_path: Path) -> None:
    en = load(tmp_path, "en.yaml", "items: [One, Two, Three]\n")
    km = load(tmp_path, "km.yaml", "items: [Un]\n")
    assert plain_tree(with_fallback(en, km)) == {"items": ["Un", "Two", "Three"]}


def test_structure_comes_from_the_english_so_a_moved_callout_moves_in_every_language(tmp_path: Path) -> None:
    """A callout moved to another message in English: the translation's stale copy of the old
    place is dropped, its words stay; ids, symbols and numbers always follow the English."""
    en = load(tmp_path, "en.yaml", "messages:\n- {from: them, text: Hi, callout: 1}\n- {from: me, text: Yo}\n"
                                   "- {from: them, text: New, callout: 2}\nexcerpt: [1, 2]\n")
    km = load(tmp_path, "km.yaml", "messages:\n- {from: me, text: Hi-km, callout: 2}\n- {from: me, text: Yo-km, callout: 1}\n"
                                   "excerpt: [2]\n")
    merged = plain_tree(with_fallback(en, km))
    assert merged["messages"] == [{"from": "them", "text": "Hi-km", "callout": 1}, {"from": "me", "text": "Yo-km"},
                                  {"from": "them", "text": "New", "callout": 2}]
    assert merged["excerpt"] == [1, 2]


def test_a_mapping_under_an_id_key_still_merges_its_words(tmp_path: Path) -> None:
    en = load(tmp_path, "en.yaml", "videos:\n  grooming: {title: Grooming}\n  sextortion: {title: Sextortion}\n")
    km = load(tmp_path, "km.yaml", "videos:\n  grooming: {title: G-km}\n")
    assert plain_tree(with_fallback(en, km)) == {"videos": {"grooming": {"title": "G-km"},
                                                            "sextortion": {"title": "Sextortion"}}}


def test_words_under_a_key_that_elsewhere_holds_an_id_are_translated(tmp_path: Path) -> None:
    """``link`` is an id in the poster (``link: can_you_see_me``) and words in a handout block:
    the block's translation is kept, and exported, while the poster's id follows the English."""
    en = load(tmp_path, "en.yaml", "link: can_you_see_me\nblocks:\n- link: For more information, visit A21.ORG\n")
    km = load(tmp_path, "km.yaml", "link: stale_id\nblocks:\n- link: ព័ត៌មានបន្ថែម A21.ORG\n")
    merged = with_fallback(en, km)
    assert plain_tree(merged) == {"link": "can_you_see_me", "blocks": [{"link": "ព័ត៌មានបន្ថែម A21.ORG"}]}
    assert [s for s in strings(en)] == ["For more information, visit A21.ORG"]
