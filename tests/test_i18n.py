"""The translators' round trip (workbook.i18n) and the Khmer words (content/km/).

Export → import with no edits must leave every content file byte-identical; an edit
changes only its own string (in the same YAML style); review status follows the fuzzy
flag; the Khmer words validate against the same models as the English and keep every
template, marker, name and number.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path

import polib
import pytest

from workbook import cli, i18n, i18n_commands, i18n_import, i18n_units, i18n_yaml
from workbook.content import validate
from workbook.yaml_source import read_yaml
from workbook.errors import Where
from workbook.pipeline import word_models
from workbook.products import PRODUCTS

KHMER = re.compile("[\u1780-\u17ff]")
KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
# Translations that are names, codes or templates only: the same in every language.
SAME_IN_EVERY_LANGUAGE = {
    "common.yaml:page_label", "common.yaml:author", "common.yaml:keywords[4]", "common.yaml:colophon",
    "common.yaml:services.take_it_down.name", "conversation.yaml:people.them",
    "handout.yaml:sections[1].blocks[2].source",
    *(f"common.yaml:paper_names.{p}" for p in ("A2", "A3", "A4", "A5", "Letter", "Tabloid", "HalfLetter")),
}
NAMES = ("Ad.17", "UNODC", "CSAM", "A21", "takeitdown.ncmec.org")


def main(argv: list[str], fitting=None) -> int:
    """``build.py i18n ...`` as the CLI runs it; status measures with the MAX_CHARS estimates
    (no layout) unless ``fitting`` is given."""
    root = Path(argv[argv.index("--project") + 1] if "--project" in argv else ".").resolve()
    return cli.i18n_main(argv, fitting or (lambda lang: i18n.length_problems(root, lang)))


def content_bytes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


def export(root: Path, tmp_path: Path, name: str = "km.po") -> Path:
    out = tmp_path / name
    assert main(["export", "--language", "km", "--project", str(root), "--out", str(out)]) == 0
    return out


def edit_po(path: Path, changes: dict[str, str | None], reviewed: set[str] = frozenset(),
            draft: set[str] = frozenset()) -> Path:
    """Set msgstr of the given ids (None keeps it); drop fuzzy from ``reviewed`` ids, add it to ``draft`` ones."""
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt in draft and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        if entry.msgctxt in changes and changes[entry.msgctxt] is not None:
            entry.msgstr = changes[entry.msgctxt]
        if entry.msgctxt in reviewed and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(str(path))
    return path


def zw(text: str) -> str:
    """Write Khmer test words with ~ between words; the files use U+200B."""
    return text.replace("~", "\u200b")


# -- the Khmer words ------------------------------------------------------------------------
def test_khmer_files_validate_against_the_english_models(snapshot_root: Path) -> None:
    en = {p.name for p in (snapshot_root / "content" / "en").glob("*.yaml")}
    km = {p.name for p in (snapshot_root / "content" / "km").glob("*.yaml")} - {i18n.REVIEW_FILE}
    assert km == en, "content/km/ must translate every file of content/en/"
    for stem, model in word_models(list(PRODUCTS)).items():
        rel = f"content/km/{stem}.yaml"
        obj, errors = validate(model, read_yaml(snapshot_root / rel, rel), Where(rel))
        assert errors == [], "\n".join(map(str, errors))
        assert obj is not None


def test_khmer_translates_every_string_and_keeps_templates_markers_names_and_numbers(snapshot_root: Path) -> None:
    # the region's words (helpline names) are not translated yet: they print in English
    entries = [e for e in i18n.catalog(snapshot_root, "km") if not e.id.startswith("regions/")]
    assert entries and [e.id for e in entries if e.status == "missing"] == []
    for e in entries:
        en, km = str(e.source), str(e.translation)
        assert sorted(i18n_units.TEMPLATE.findall(km)) == sorted(i18n_units.TEMPLATE.findall(en)), e.id
        assert (km.count("**"), km.count("*")) == (en.count("**"), en.count("*")), e.id
        for name in NAMES:
            assert en.count(name) == km.count(name), f"{e.id}: keep {name} as in English"
        assert ("John" in en) == ("ចន" in km), e.id
        numbers = lambda s: sorted(re.findall(r"\d+", i18n_units.TEMPLATE.sub("", s).translate(KHMER_DIGITS)))
        assert numbers(km) == numbers(en), f"{e.id}: the same numbers as the English"
        if e.id in SAME_IN_EVERY_LANGUAGE:
            assert km == en, e.id
        else:
            assert KHMER.search(km), f"{e.id} is not translated: {km!r}"


def test_khmer_words_are_separated_by_zero_width_spaces(snapshot_root: Path) -> None:
    for e in i18n.catalog(snapshot_root, "km"):
        km = str(e.translation)
        assert not re.search(r"[ \u200b]\u200b|\u200b[ \u200b]|^\u200b|\u200b$|  ", km), f"{e.id}: stray spacing"
        for run in re.findall("[\u1780-\u17ff]+", km):  # a run without a break is at most a long word
            assert len(run) <= 24, f"{e.id}: {run!r} needs U+200B between its words"
    poster = (snapshot_root / "content" / "km" / "poster.yaml").read_text(encoding="utf-8")
    assert poster.count("\u200b") > 300


def test_legal_text_stays_english_and_every_file_says_it_is_a_draft(snapshot_root: Path) -> None:
    en = read_yaml(snapshot_root / "content/en/common.yaml", "en")
    km = read_yaml(snapshot_root / "content/km/common.yaml", "km")
    assert km["notice"] == en["notice"] == "© A21 USA, Inc. 2023. All rights reserved."
    assert km["copyright"] == en["copyright"]
    for path in (snapshot_root / "content" / "km").glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        head = lines[:next(i for i, line in enumerate(lines) if not line.startswith("#"))]  # the opening comments
        if path.name != i18n.REVIEW_FILE:
            assert "# DRAFT: machine-assisted Khmer translation, awaiting review by a native speaker." in head, path


def test_every_khmer_string_starts_as_draft_and_english_is_always_reviewed(snapshot_root: Path) -> None:
    ids = [e.id for e in i18n.catalog(snapshot_root, "km") if e.status != "missing"]
    assert i18n.unreviewed(snapshot_root, "km") == ids
    assert i18n.unreviewed(snapshot_root, "en") == []
    assert [i for i in i18n.missing(snapshot_root, "km") if not i.startswith("regions/")] == []


# -- which strings are translatable ----------------------------------------------------------
def test_translatable_strings_exclude_ids_symbols_numbers_and_legal_text(snapshot_root: Path) -> None:
    ids = [e.id for e in i18n.catalog(snapshot_root, "en")]
    assert len(ids) == len(set(ids))
    for bad in (".id", ".icon", ".from", ".indicator", ".chat", ".number", ".callout"):
        # alt text under ``accessible`` is words even where its key elsewhere names an id
        assert not [i for i in ids if i.endswith(bad) and not i.startswith("common.yaml:accessible.")], bad
    assert "common.yaml:accessible.conversation" in ids
    assert "poster.yaml:link" not in ids and "spread.yaml:link" not in ids  # a video's id
    assert [i for i in ids if i.endswith(".link")] == ["handout.yaml:sections[8].blocks[1].link"]  # words
    assert not [i for i in ids if re.search(r"\.(videos|services)\[\d+\]$", i)]  # a block's lists of ids
    assert "common.yaml:notice" not in ids and "common.yaml:copyright" not in ids
    for wanted in ("poster.yaml:flags[2].text", "poster.yaml:flags[0].label", "poster.yaml:intro[1]",
                   "common.yaml:videos.can_you_see_me.title", "common.yaml:keywords[0]",
                   "handout.yaml:sections[1].blocks[3].text", "conversation.yaml:messages[3].text"):
        assert wanted in ids


def test_max_chars_patterns_and_visible_length() -> None:
    assert i18n.max_chars("poster.yaml:flags[3].text") == 72
    assert i18n.max_chars("poster.yaml:flags[12].label") == 16
    assert i18n.max_chars("poster.yaml:title") == 12
    assert i18n.max_chars("poster.yaml:report.title") == 40
    assert i18n.max_chars("poster.yaml:flags[3].texts") is None
    assert i18n.max_chars("handout.yaml:title") is None
    assert i18n.max_chars("spread.yaml:left.title", {"spread.yaml:*.title": 20}) == 20
    assert i18n.visible_length(zw("សញ្ញា~ព្រមាន")) == 7  # no U+200B, no subscripts
    assert i18n.visible_length("**Speak up.**") == 9


# -- export -----------------------------------------------------------------------------------
def test_export_writes_ids_english_translation_places_fuzzy_and_box_limits(snapshot_root: Path, tmp_path: Path) -> None:
    po = polib.pofile(str(export(snapshot_root, tmp_path)))
    assert po.metadata["Language"] == "km"
    entries = {e.msgctxt: e for e in po}
    assert list(entries) == [e.id for e in i18n.catalog(snapshot_root, "km")]
    english = [e.id for e in i18n.catalog(snapshot_root, "en")]  # every region's words, not only KH's
    assert [i for i in entries if not i.startswith("regions/")] == [i for i in english if not i.startswith("regions/")]
    assert [i for i in entries if i.startswith("regions/")] == [i for i in english if i.startswith("regions/KH.yaml")]
    flag = entries["poster.yaml:flags[2].text"]
    assert flag.msgid == "They don't reply to the same questions."
    assert flag.msgstr == read_yaml(snapshot_root / "content/km/poster.yaml", "km")["flags"][2]["text"]
    assert "fuzzy" in flag.flags and "72 characters" in flag.comment
    en_lines = (snapshot_root / "content/en/poster.yaml").read_text(encoding="utf-8").splitlines()
    (path, line), (km_path, _) = flag.occurrences
    assert path == "content/en/poster.yaml" and km_path == "content/km/poster.yaml"
    assert en_lines[int(line) - 1].strip() == "text: They don't reply to the same questions."
    assert "{{ ... }}" in entries["poster.yaml:report.to"].comment
    assert "**bold**" in entries["poster.yaml:report.danger"].comment


def test_export_to_stdout_and_usage_errors(snapshot_root: Path, capsys, tmp_path: Path) -> None:
    assert main(["export", "--language", "km", "--project", str(snapshot_root), "--out", "-"]) == 0
    assert 'msgctxt "poster.yaml:flags[2].text"' in capsys.readouterr().out
    assert main(["export", "--language", "xx", "--project", str(snapshot_root)]) == 2
    assert f"known languages are {', '.join(i18n.languages(snapshot_root))}" in capsys.readouterr().err
    assert main(["export", "--language", "en", "--project", str(snapshot_root)]) == 2
    assert main(["export", "--language", "km", "--format", "docx", "--project", str(snapshot_root)]) == 2
    assert main(["import", str(tmp_path / "nothing.po"), "--project", str(snapshot_root)]) == 2
    assert main(["frobnicate"]) == 2
    bad = tmp_path / "bad.po"
    bad.write_text("this is not a PO file\n", encoding="utf-8")
    assert main(["import", str(bad), "--language", "km", "--project", str(snapshot_root)]) == 1


# -- import -----------------------------------------------------------------------------------
def test_export_then_import_without_edits_leaves_every_file_byte_identical(tmp_project, tmp_path: Path, capsys) -> None:
    root = tmp_project()
    before = content_bytes(root)
    po = export(root, tmp_path)
    assert main(["import", str(po), "--project", str(root)]) == 0
    assert "0 strings and 0 review states changed" in capsys.readouterr().out
    assert content_bytes(root) == before


def test_no_edit_round_trip_adds_nothing_for_missing_strings(tmp_project, tmp_path: Path) -> None:
    def drop_reveal(root: Path) -> None:
        path = root / "content/km/conversation.yaml"
        path.write_text("".join(l for l in path.read_text(encoding="utf-8").splitlines(True)
                                if not l.startswith("reveal:")), encoding="utf-8")

    root = tmp_project(drop_reveal)
    before = content_bytes(root)
    po = export(root, tmp_path)
    entry = next(e for e in polib.pofile(str(po)) if e.msgctxt == "conversation.yaml:reveal")
    assert entry.msgstr == "" and "fuzzy" not in entry.flags
    result = i18n_import.import_po(root, po)
    assert result.changes == [] and result.status == []
    assert content_bytes(root) == before
    assert [i for i in i18n.missing(root, "km") if not i.startswith("regions/")] == ["conversation.yaml:reveal"]


def test_import_changes_only_the_edited_strings_keeping_their_yaml_style(tmp_project, tmp_path: Path, capsys) -> None:
    root = tmp_project()
    files = {name: (root / "content/km" / name).read_text(encoding="utf-8") for name in ("poster.yaml", "handout.yaml")}
    folded = zw("ការ~កេងប្រវ័ញ្ច~ផ្លូវភេទ~លើ~កុមារ~តាម~អនឡាញ~មាន~ច្រើន~ទម្រង់។ ") * 6
    new = {
        "poster.yaml:flags[2].text": zw("ពួកគេ~គេច~មិន~ឆ្លើយ~សំណួរ~របស់~អ្នក។"),  # plain
        "handout.yaml:sections[0].blocks[0].text": folded.strip(),  # folded >-
        "handout.yaml:sections[7].blocks[0].points[7]": zw("**ហ៊ាន~និយាយ។** ប្រាប់~មនុស្ស~ពេញវ័យ។"),  # "quoted"
    }
    po = edit_po(export(root, tmp_path), new, reviewed={"poster.yaml:flags[2].text", "spread.yaml:left.title"})
    assert main(["import", str(po), "--project", str(root)]) == 0
    out = capsys.readouterr().out
    assert "poster.yaml:flags[2].text: “" in out and "→" in out
    assert "poster.yaml:flags[2].text: draft → reviewed" in out and "spread.yaml:left.title: draft → reviewed" in out
    assert "3 strings and 2 review states changed in content/km/" in out

    poster = (root / "content/km/poster.yaml").read_text(encoding="utf-8")
    old_flag = read_yaml_value(files["poster.yaml"], "flags", 2, "text")
    assert changed_lines(files["poster.yaml"], poster) == (["    text: " + old_flag],
                                                          ["    text: " + new["poster.yaml:flags[2].text"]])
    handout = (root / "content/km/handout.yaml").read_text(encoding="utf-8")
    removed, added = changed_lines(files["handout.yaml"], handout)
    old_lines = files["handout.yaml"].splitlines()
    start = old_lines.index("      - text: >-")
    block = [l for l in old_lines[start + 1:start + 20]]
    block = block[:next(i for i, l in enumerate(block) if not l.startswith(" " * 10))]
    tip = next(l for l in old_lines if l.startswith('          - "**ហ៊ាន'))
    assert removed == block + [tip], "only the edited strings' lines change"
    assert len(added) > 2 and all(l.startswith(" " * 10) and len(l) <= 100 for l in added[:-1]), \
        "a long folded text is folded again, at the same indent"
    assert added[-1] == '          - "' + new["handout.yaml:sections[7].blocks[0].points[7]"] + '"', "quotes stay"
    tree = read_yaml(root / "content/km/handout.yaml", "content/km/handout.yaml")
    assert tree["sections"][0]["blocks"][0]["text"] == new["handout.yaml:sections[0].blocks[0].text"]
    assert tree["sections"][7]["blocks"][0]["points"][7] == new["handout.yaml:sections[7].blocks[0].points[7]"]
    draft = i18n.unreviewed(root, "km")
    assert "poster.yaml:flags[2].text" not in draft and "spread.yaml:left.title" not in draft
    assert "handout.yaml:sections[0].blocks[0].text" in draft
    # a second import of the same file changes nothing
    before = content_bytes(root)
    result = i18n_import.import_po(root, po)
    assert result.changes == [] and result.status == [] and content_bytes(root) == before


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines a change removed and added, in order."""
    diff = [l for l in difflib.ndiff(old.splitlines(), new.splitlines()) if l[:2] in ("- ", "+ ")]
    return [l[2:] for l in diff if l[0] == "-"], [l[2:] for l in diff if l[0] == "+"]


def read_yaml_value(text: str, *path) -> str:
    from ruamel.yaml import YAML

    node = YAML(typ="safe", pure=True).load(text)
    for part in path:
        node = node[part]
    return node


def test_import_adds_missing_strings_where_the_english_has_them(tmp_project, tmp_path: Path) -> None:
    def drop(root: Path) -> None:
        spread = root / "content/km/spread.yaml"
        spread.write_text("".join(l for l in spread.read_text(encoding="utf-8").splitlines(True)
                                  if "reveal_title" not in l), encoding="utf-8")
        (root / "content/km/conversation.yaml").unlink()

    root = tmp_project(drop)
    assert "spread.yaml:right.reveal_title" in i18n.missing(root, "km")
    added = {"spread.yaml:right.reveal_title": zw("ការ~ពិត"),
             "conversation.yaml:messages[1].text": zw("ហាហា អរគុណ!"), "conversation.yaml:reveal": zw("ការ~ពិត។")}
    result = i18n_import.import_po(root, edit_po(export(root, tmp_path), added))
    assert sorted(sid for sid, old, _ in result.changes if old is None) == sorted(added)
    spread = read_yaml(root / "content/km/spread.yaml", "content/km/spread.yaml")
    assert list(spread["right"]) == ["kicker", "title", "intro", "indicators_title", "reveal_title"]
    assert spread["right"]["reveal_title"] == added["spread.yaml:right.reveal_title"]
    _, errors = validate(PRODUCTS["spread"].WORDS["spread"], spread, Where("spread"))
    assert errors == []
    talk = read_yaml(root / "content/km/conversation.yaml", "content/km/conversation.yaml")
    assert talk["messages"][0] is None, "only what was translated: ids and numbers come from the English at build time"
    assert talk["messages"][1] == {"text": added["conversation.yaml:messages[1].text"]}
    assert talk["reveal"] == added["conversation.yaml:reveal"]
    assert "conversation.yaml:reveal" not in i18n.unreviewed(root, "km"), "filled in without fuzzy: reviewed"


def test_import_warns_about_changed_templates_and_stale_english(tmp_project, tmp_path: Path, capsys) -> None:
    root = tmp_project()
    po = export(root, tmp_path)
    edit_po(po, {"poster.yaml:report.more": zw("សូម~ចូល~មើល **{{ region.web }}**។")}, reviewed={"spread.yaml:left.kicker"})
    english = root / "content/en/spread.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace("kicker: Look closely", "kicker: Look again"), encoding="utf-8")
    assert main(["import", str(po), "--project", str(root)]) == 0
    err = capsys.readouterr().err
    assert "poster.yaml:report.more: its {{ ... }} differ from the English" in err
    assert "spread.yaml:left.kicker: the English changed since the export; imported as draft" in err
    assert "spread.yaml:left.kicker" in i18n.unreviewed(root, "km")


def test_review_goes_stale_when_the_english_or_the_translation_changes(tmp_project, tmp_path: Path) -> None:
    root = tmp_project()
    ids = ["spread.yaml:left.title", "spread.yaml:left.kicker"]
    i18n_import.import_po(root, edit_po(export(root, tmp_path), {}, reviewed=set(ids)))
    assert not set(ids) & set(i18n.unreviewed(root, "km"))
    review = read_yaml(root / "content/km/review.yaml", "review")
    assert review["default"] == "draft" and list(review["reviewed"]) == ["spread.yaml:left.kicker", "spread.yaml:left.title"]
    en, km = root / "content/en/spread.yaml", root / "content/km/spread.yaml"
    en.write_text(en.read_text(encoding="utf-8").replace("title: Is anything odd?", "title: Is something odd?"), encoding="utf-8")
    km.write_text(km.read_text(encoding="utf-8").replace(zw("kicker: មើល~ឱ្យ~ជិត"), zw("kicker: មើល~ឱ្យ~ច្បាស់")), encoding="utf-8")
    assert set(ids) <= set(i18n.unreviewed(root, "km"))
    # an explicit draft list wins over a review
    (root / "content/km/review.yaml").write_text("default: reviewed\ndraft: [poster.yaml:title]\n", encoding="utf-8")
    assert i18n.unreviewed(root, "km") == ["poster.yaml:title"]


def test_a_bad_review_file_is_a_content_error(tmp_project) -> None:
    root = tmp_project({"content/km/review.yaml": "default: maybe\n"})
    assert main(["status", "--project", str(root)]) == 1


# -- status -----------------------------------------------------------------------------------
def test_status_counts_missing_unreviewed_and_fitting_problems(tmp_project, capsys) -> None:
    label = lambda text: text.replace(zw("label: សញ្ញា~ព្រមាន ១"), zw("label: សញ្ញា~ព្រមាន~ទី~មួយ~ដែល~វែង~ណាស់ ១"))
    root = tmp_project({"content/km/poster.yaml": label,
                        "content/km/spread.yaml": lambda t: t.replace(zw("  reveal_title: ការ~ពិត\n"), "")})
    assert main(["status", "--project", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    total = len(i18n.catalog(root, "en"))
    rows = {line.split()[0]: line.split() for line in out[1:] if line and not line.startswith(" ")}
    assert rows["en"] == ["en", str(total), "0", "0", "yes"]
    km = len(i18n.catalog(root, "km"))  # the words, and KH's service names (translated, draft)
    missing = 1 + sum(1 for e in i18n.catalog(root, "km") if "regions/" in e.id and e.status == "missing")
    assert rows["km"] == ["km", str(km), str(missing), str(km - missing), "no", "(1", "below)"]
    assert any(re.search(r"km fitting: content/km/poster.yaml:\d+:\d+: flags\[0\]\.label: \d+ characters; the box holds about 16", l) for l in out)
    assert main(["status", "--project", str(root), "--language", "km", "--details", "--check"]) == 1
    details = capsys.readouterr().out
    assert "km missing: spread.yaml:right.reveal_title" in details and "km unreviewed: poster.yaml:title" in details
    assert main(["status", "--project", str(root), "--language", "en", "--check"]) == 0
    capsys.readouterr()
    rows = i18n_commands.status(root, ["km"], fitting=lambda lang: [f"{lang}: the flag box overflows"])
    assert rows[0].fitting == ["km: the flag box overflows"] and rows[0].missing[0] == "spread.yaml:right.reveal_title"
    assert i18n_commands.status(root, ["en"], fitting={"km": ["x"]})[0].fitting == []


# -- YAML style and fallback ------------------------------------------------------------------------
def test_every_content_file_survives_a_ruamel_round_trip_byte_for_byte(snapshot_root: Path) -> None:
    yaml = i18n_yaml.round_trip_yaml()
    for path in sorted((snapshot_root / "content").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert i18n_yaml.dump(yaml.load(text)) == text, f"{path}: write it in the house YAML style"


def test_fold_positions_keep_lines_short_and_text_intact() -> None:
    text = "word " * 60 + "end"
    folds = i18n_yaml._fold_positions(text.strip(), 40)
    lines, start = [], 0
    for pos in folds:
        lines.append(text[start:pos])
        start = pos + 1
    lines.append(text[start:])
    assert all(len(l) <= 40 for l in lines) and " ".join(lines) == text


def test_with_fallback_fills_what_a_language_lacks_from_english(snapshot_root: Path, tmp_path: Path) -> None:
    en = read_yaml(snapshot_root / "content/en/poster.yaml", "content/en/poster.yaml")
    km_text = (snapshot_root / "content/km/poster.yaml").read_text(encoding="utf-8")
    km_text = km_text.replace(zw("  label: មើល~វីដេអូ\n"), "")
    km_text = km_text.split("    - " + zw("ប្រាប់~នរណា~ម្នាក់"))[0] + "report:" + km_text.split("\nreport:")[1]
    (tmp_path / "poster.yaml").write_text(km_text, encoding="utf-8")
    km = read_yaml(tmp_path / "poster.yaml", "content/km/poster.yaml")
    assert "label" not in km["video"] and len(km["tips"]["items"]) == len(en["tips"]["items"]) - 1
    merged = i18n.with_fallback(en, km)
    assert merged["video"]["label"] == en["video"]["label"] and merged["video"]["label"].where.path == "content/en/poster.yaml"
    assert merged["video"]["caption"] == km["video"]["caption"]
    assert merged["tips"]["items"][:-1] == km["tips"]["items"] and merged["tips"]["items"][-1] == en["tips"]["items"][-1]
    assert merged["tips"]["items"].item_where[-1].path == "content/en/poster.yaml"
    assert merged["flags"][0]["text"].where.path == "content/km/poster.yaml"
    _, errors = validate(PRODUCTS["poster"].WORDS["poster"], merged, Where("poster"))
    assert errors == []
    assert i18n.with_fallback(en, None) is en


@pytest.mark.parametrize("language", ["km"])
def test_export_round_trips_through_polib(snapshot_root: Path, tmp_path: Path, language: str) -> None:
    from workbook.i18n_exchange import header, units
    from workbook.i18n_po import to_po

    items = units(snapshot_root, language)
    path = tmp_path / "x.po"
    path.write_text(to_po(items, header(snapshot_root, language)), encoding="utf-8")
    again = polib.pofile(str(path))
    assert [(e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags) for e in again] == [
        (u.id, u.source, u.target, u.draft) for u in items]


def test_a_new_language_starts_from_an_empty_folder(tmp_project, tmp_path: Path) -> None:
    root = tmp_project(lambda r: (r / "content" / "th").mkdir())
    po = tmp_path / "th.po"
    assert main(["export", "--language", "th", "--project", str(root), "--out", str(po)]) == 0
    assert all(not e.msgstr for e in polib.pofile(str(po)))
    words = {"poster.yaml:flags[1].text": "TH personal", "poster.yaml:title": "TH TITLE", "poster.yaml:tips.items[1]": "TH tip"}
    result = i18n_import.import_po(root, edit_po(po, words, draft=set(words)))
    assert len(result.changes) == 3 and not (root / "content/th/review.yaml").exists(), "draft is the default"
    text = (root / "content/th/poster.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/poster-translation.json\n# Translation of content/en/poster.yaml")
    tree = read_yaml(root / "content/th/poster.yaml", "content/th/poster.yaml")
    assert list(tree) == ["title", "flags", "tips"]
    assert tree["flags"] == [None, {"text": "TH personal"}], "only what was translated: no icons, no numbers"
    assert tree["tips"]["items"] == [None, "TH tip"]
    assert set(i18n.unreviewed(root, "th")) == set(words)
    i18n_import.import_po(root, edit_po(po, {}, reviewed={"poster.yaml:title"}))  # a reviewer removes one fuzzy flag
    review = (root / "content/th/review.yaml").read_text(encoding="utf-8")
    assert review.startswith("# yaml-language-server: $schema=../../schemas/review.json\n# Review status of content/th/") and "default: draft" in review
    assert set(i18n.unreviewed(root, "th")) == set(words) - {"poster.yaml:title"}


def test_import_refuses_a_file_shaped_differently_from_the_english(tmp_project, tmp_path: Path, capsys) -> None:
    root = tmp_project({"content/km/spread.yaml": lambda t: t.replace("video:\n  link: can_you_see_me\n", "video: later\n")
                        .replace("right:", "right: []\nx:")})
    po = edit_po(export(root, tmp_path), {"spread.yaml:right.title": "x"})
    before = content_bytes(root)
    assert main(["import", str(po), "--project", str(root)]) == 1
    assert "spread.yaml: right.title: this file is not shaped like" in capsys.readouterr().err
    assert content_bytes(root) == before, "nothing is written when an import fails"
