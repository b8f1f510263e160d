"""The pseudo-locale (workbook.pseudo): longer, accented, bracketed English that still builds.

Every translatable string grows by ~40% and is bracketed; templates still render with the
edition's data; markers, addresses, digits, emoji, ids and legal text stay as they are; the
trees keep their places and still validate; only letters Noto Sans has are used.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from workbook import i18n, i18n_units
from workbook.content import LocDict, LocList, LocStr, validate
from workbook.yaml_source import read_yaml
from workbook.errors import ContentError, Where
from workbook.kit import markup
from workbook.pipeline import word_models
from workbook.products import PRODUCTS
from workbook.pseudo import _LOOKALIKES, pseudo_text, pseudo_tree, pseudo_words

# What the layout fills in when it draws page furniture (words.LATE), for rendering tests.
LATE_DATA = {"page": 3, "hash": "0123abcd", "last": 12, "paper": "A4", "pages": 12,
             "number": 2, "count": 6, "row": 1, "col": 2,
             "address": "a21.org/education", "them": "Ad.17", "status": "online", "messages": "Ad.17: hey",
             "sender": "Ad.17", "text": "hey",
             "document": "Student Digital Safety Guide", "section": "Safety Tips"}  # alt text (accessible), teacher pages


@pytest.fixture(scope="module")
def english(snapshot_root: Path) -> dict[str, Any]:
    return {p.stem: read_yaml(p, p.relative_to(snapshot_root).as_posix())
            for p in sorted((snapshot_root / "content" / "en").glob("*.yaml"))}


@pytest.fixture(scope="module")
def pseudo(english: dict[str, Any]) -> dict[str, Any]:
    return pseudo_words(english)


def pairs(english: dict[str, Any], pseudo: dict[str, Any]) -> list[tuple[LocStr, LocStr]]:
    """(English, pseudo) for every translatable string, matched by id."""
    out = []
    for stem, tree in english.items():
        fake = {i18n.string_id(s): s for s in i18n.strings(pseudo[stem])}
        out += [(s, fake[i18n.string_id(s)]) for s in i18n.strings(tree)]
    return out


def test_every_translatable_string_is_accented_bracketed_and_about_40_percent_longer(english, pseudo) -> None:
    both = pairs(english, pseudo)
    assert len(both) > 100
    ratios = []
    for en, fake in both:
        assert fake.startswith("[") and fake.endswith("]"), fake
        assert fake != en and not re.search(r"\b(the|and|you)\b", i18n_units.TEMPLATE.sub("", fake)), fake
        if len(en) >= 40:
            ratios.append(len(fake) / len(en))
            assert 1.3 <= len(fake) / len(en) <= 1.5, (en, fake)
    assert abs(sum(ratios) / len(ratios) - 1.4) < 0.02
    assert pseudo_text("Safety Tips").startswith("[Šåféţý Ţîþš ~")


def edition_data(root: Path, region: str) -> dict[str, Any]:
    """What content templates read (as workbook's edition data), from the YAML alone."""
    from ruamel.yaml import YAML

    load = lambda rel: YAML(typ="safe", pure=True).load((root / rel).read_text(encoding="utf-8"))
    short = lambda link: link.get("label") or link["url"].removeprefix("https://").removeprefix("www.").rstrip("/")
    services, links = load(f"content/regions/{region}.yaml"), load("content/links.yaml")
    services["website"]["short"] = short(services["website"])
    services.setdefault("emergency", None)  # an optional field: the model gives None where it is left out
    words = load("content/en/common.yaml")["words"]
    return {"edition": {"code": f"en-{region}", "language": "en", "region": region}, "region": services,
            "words": words,
            "links": {group: {k: {**v, "short": short(v)} for k, v in links[group].items()} for group in links}}


def test_templates_still_render_with_the_edition_data(snapshot_root: Path, english, pseudo) -> None:
    from workbook.words import LATE, render_text

    for path in sorted((snapshot_root / "content" / "regions").glob("*.yaml")):
        data = edition_data(snapshot_root, path.stem)
        late = {**data, **LATE_DATA, "edition": data["edition"]["code"]}  # what the layout passes to page furniture
        rendered = 0
        for en, fake in pairs(english, pseudo):
            expressions = i18n_units.TEMPLATE.findall(en)
            assert i18n_units.TEMPLATE.findall(fake) == expressions
            data_for = late if re.split(r"[.\[]", en.where.field)[0] in LATE else data
            out = render_text(fake, data_for)  # raises ContentError if a variable no longer resolves
            en_out = render_text(en, data_for)
            for expression in (e for e in expressions if e.startswith("{{")):
                try:
                    value = render_text(LocStr(expression, en.where), data_for)
                except ContentError:  # inside an {% if %} that is false for this region (KH: no emergency)
                    assert "{%" in en, en
                    continue
                if value in en_out:
                    assert value in out
                    rendered += 1
        assert rendered >= 10, path.stem


def test_bold_and_italic_markers_stay_balanced(english, pseudo) -> None:
    for en, fake in pairs(english, pseudo):
        assert (fake.count("**"), fake.count("*")) == (en.count("**"), en.count("*"))
        for tag in ("<b>", "</b>", "<i>", "</i>"):
            assert markup(fake).count(tag) == markup(en).count(tag), (tag, fake)


def test_addresses_names_digits_emoji_ids_and_legal_text_are_untouched(english, pseudo) -> None:
    for en, fake in pairs(english, pseudo):
        assert re.findall(r"\d+", fake) == re.findall(r"\d+", en)
        for kept in re.findall(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)+\b|[^\x00-\u024f]", en):
            assert kept in fake, (kept, fake)
    poster, handout, common, talk = (pseudo[k] for k in ("poster", "handout", "common", "conversation"))
    assert [f["icon"] for f in poster["flags"]] == [f["icon"] for f in english["poster"]["flags"]]
    assert poster["video"]["link"] == "can_you_see_me"
    assert [s["id"] for s in handout["sections"]] == [s["id"] for s in english["handout"]["sections"]]
    assert handout["sections"] and handout["sections"][6]["blocks"][0]["videos"] == ["can_you_see_me", "secrets"]
    assert [m["from"] for m in talk["messages"]] == [m["from"] for m in english["conversation"]["messages"]]
    assert [c["indicator"] for c in talk["callouts"]] == [c["indicator"] for c in english["conversation"]["callouts"]]
    assert common["notice"] == english["common"]["notice"] and common["copyright"] == english["common"]["copyright"]
    assert pseudo_text("visit **{{ region.website.short }}** or A21.org, https://a21.org/x 👀 1288") == \
        "[vîšîţ **{{ region.website.short }}** öŕ A21.org, https://a21.org/x 👀 1288 ~~~~~ ~~~~~ ~~~~~ ~~~~~ ~~~]"


def test_trees_keep_their_types_and_places_and_still_validate(english, pseudo) -> None:
    def same_shape(a: Any, b: Any) -> None:
        assert type(a) is type(b)
        if isinstance(a, LocDict):
            assert list(a) == list(b) and a.where == b.where and a.key_where == b.key_where
            for k in a:
                same_shape(a[k], b[k])
        elif isinstance(a, LocList):
            assert len(a) == len(b) and a.where == b.where and a.item_where == b.item_where
            for x, y in zip(a, b):
                same_shape(x, y)
        elif isinstance(a, LocStr):
            assert a.where == b.where and b.where.path.startswith("content/en/")

    for stem in english:
        same_shape(english[stem], pseudo[stem])
    for stem, model in word_models(list(PRODUCTS)).items():
        _, errors = validate(model, pseudo[stem], Where(f"content/en/{stem}.yaml"))
        assert errors == [], "\n".join(map(str, errors))


def test_same_input_same_output(snapshot_root: Path, pseudo) -> None:
    again = pseudo_tree(read_yaml(snapshot_root / "content/en/handout.yaml", "content/en/handout.yaml"))
    assert again == pseudo["handout"]
    assert pseudo_text("They earn your trust.") == '[Ţĥéý éåŕñ ýöûŕ ţŕûšţ. ~~~~~~]'  # fixed: the same in every process


def test_accented_letters_are_latin_1_or_extended_a_and_in_every_noto_sans_face(snapshot_root: Path) -> None:
    from reportlab.pdfbase.ttfonts import TTFontFile

    letters = set(_LOOKALIKES.values())
    assert all(0xC0 <= ord(ch) <= 0x17F for ch in letters)
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        cmap = TTFontFile(str(snapshot_root / "assets" / "fonts" / f"NotoSans-{face}.ttf")).charToGlyph
        assert not [ch for ch in letters | set("[]~") if ord(ch) not in cmap], face
