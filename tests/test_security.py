"""Nothing in content runs: safe YAML, a read-only template sandbox, assets and output confined,
https-only links, and PDFs without scripts or actions beyond the https links we put there."""
from __future__ import annotations

import re

import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, TextStringObject

from workbook.yaml_source import read_yaml
from workbook.errors import ContentError, ContentErrors
from workbook.project import EDITION_CODE, asset_path
from workbook.urls import check_url
from workbook.words import render_text

from .helpers import links, load_yaml

# --------------------------------------------------------------------------- PDFs

FORBIDDEN_KEYS = {"/JS", "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE",
                  "/RichMedia", "/EmbeddedFile", "/EmbeddedFiles", "/AA", "/XFA", "/Sound", "/Movie"}
ALLOWED_ACTIONS = {"/GoTo", "/URI"}


def objects(reader: PdfReader) -> Iterator[tuple[str, Any]]:
    """Every object of the file, from the cross-reference table and object streams."""
    numbers = [(n, g) for g, ns in reader.xref.items() for n in ns] + [(n, 0) for n in reader.xref_objStm]
    for number, generation in numbers:
        yield f"{number} {generation} R", reader.get_object(IndirectObject(number, generation, reader))
    yield "trailer", reader.trailer


def dictionaries(obj: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every dictionary reachable inside one object without following references."""
    if isinstance(obj, IndirectObject) or id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, DictionaryObject):
        yield obj
        for value in obj.values():
            yield from dictionaries(value, seen)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            yield from dictionaries(value, seen)


def action_findings(pdf: Path, allowed_uris: set[str]) -> list[str]:
    """Scripts, launches, forms, embedded files, and any link that is not one of ours on https."""
    found = []
    for ref, obj in objects(PdfReader(pdf)):
        for d in dictionaries(obj, set()):
            bad = FORBIDDEN_KEYS & set(d.keys())
            if bad:
                found.append(f"{ref}: {sorted(bad)}")
            for key in ("/A", "/OpenAction"):
                if key == "/A" and d.get("/Type") == "/StructElem":
                    continue  # a structure element's /A holds its attributes (a table header's scope), no action
                found += [f"{ref}: {key} {problem}" for problem in _action_problems(d.get(key), allowed_uris)]
    return found


def _action_problems(action: Any, allowed_uris: set[str], depth: int = 0) -> list[str]:
    """What is wrong with one action (and the actions it chains with /Next)."""
    action = action.get_object() if action is not None else None
    if not isinstance(action, DictionaryObject) or depth > 20:
        return []  # absent, or a plain destination (the page to open at)
    problems = []
    if action.get("/S") not in ALLOWED_ACTIONS:
        problems.append(f"action {action.get('/S')}")
    if "/URI" in action:
        uri = str(action["/URI"])
        if not uri.startswith(("https://", "tel:", "mailto:")) or uri not in allowed_uris:
            problems.append(f"link to {uri}")
    chained = action.get("/Next")
    for nxt in (chained if isinstance(chained, ArrayObject) else [chained] if chained is not None else []):
        problems += _action_problems(nxt, allowed_uris, depth + 1)
    return problems


def our_addresses(root: Path) -> set[str]:
    """Every address content gives: links.yaml, each region's website and helpline pages, its
    numbers to dial (tel: and the digits) and the e-mail addresses of the copyright text."""
    urls = {v["url"] for group in links(root).values() for v in group.values()}
    for path in (root / "content" / "regions").glob("*.yaml"):
        region = load_yaml(path)
        urls.add(region["website"]["url"])
        lines = [*region["helplines"], region.get("emergency") or {}]
        urls |= {h["url"] for h in lines if h.get("url")}
        urls |= {"tel:" + re.sub(r"[^0-9+]", "", str(h["number"])) for h in lines if h.get("number")}
    for path in (root / "content").glob("*/common.yaml"):
        urls |= {f"mailto:{a}" for a in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", str(load_yaml(path)["copyright"]))}
    return urls


def test_pdfs_have_no_scripts_launches_or_foreign_links(built) -> None:
    allowed = our_addresses(built.root)
    pdfs = sorted(built.out.rglob("*.pdf"))
    assert pdfs
    findings = {p.relative_to(built.out).as_posix(): action_findings(p, allowed) for p in pdfs}
    assert {k: v for k, v in findings.items() if v} == {}


def test_action_scan_finds_javascript_and_http_links(tmp_path: Path) -> None:
    """The scan above can fail: a PDF with a script and an http link is caught."""
    from reportlab.pdfgen.canvas import Canvas

    plain = tmp_path / "plain.pdf"
    canvas = Canvas(str(plain))
    canvas.drawString(72, 720, "a link")
    canvas.linkURL("http://a21.org", (72, 715, 150, 730))
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=PdfReader(plain))
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('hi');")})
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(script)
    bad = tmp_path / "bad.pdf"
    writer.write(bad)
    found = " ".join(action_findings(bad, {"https://a21.org"}))
    assert "/JavaScript" in found or "/JS" in found
    assert "link to http://a21.org" in found


# --------------------------------------------------------------------------- YAML


def read(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, "content/x.yaml")


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['touch pwned']\n",
    "a: !!python/name:os.system\n",
    "a: !!python/object/new:subprocess.Popen [['touch', 'pwned']]\n",
    "!!python/object:__main__.X {a: 1}\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "a: !ruby/object:Gem::Installer {}\n",
])
def test_yaml_tags_construct_nothing(tmp_path: Path, monkeypatch, text: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError, match="YAML tag .* is not allowed in content"):
        read(tmp_path, text)
    assert not (tmp_path / "pwned").exists()


def test_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Nine levels of 'billion laughs' would expand to 10⁹ strings; it is refused in well under a second."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 10)]
    start = time.perf_counter()
    with pytest.raises(ContentErrors) as info:
        read(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    assert "alias *a0 is not allowed in content" in str(info.value)


@pytest.mark.slow
def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="nested more than"):
        read(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")


# --------------------------------------------------------------------------- templates

DATA = {
    "edition": {"code": "en-GB", "language": "en", "region": "GB"},
    "region": {"name": "United Kingdom", "helplines": [{"name": "CTAC", "number": "0800 1111", "purpose": None}],
               "emergency": {"name": "Emergency", "number": "999"}, "website": {"short": "a21.org"}},
    "links": {"videos": {}, "services": {}},
}

ATTACKS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].system('touch pwned') }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ config }}",
    "{{ request }}",
    "{{ __builtins__ }}",
    "{{ os.system('touch pwned') }}",
    "{{ region.__class__ }}",
    "{{ region['__class__'] }}",
    "{{ region|attr('__class__') }}",
    "{{ region.name.format }}",
    "{{ region.name.format(region) }}",
    "{{ region.helplines.append(1) }}",
    "{{ region.helplines.pop() }}",
    "{{ region.items() }}",
    "{{ range(100000000)|list }}",
    "{{ region.name * 1000000000 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ 1 / 0 }}",
    "{{ '%s' % region }}",
    "{{ region.name|center(1000000000) }}",
    "{{ region.name|wordwrap(1) }}",
    "{{ region.name|format(1) }}",
    "{{ region.helplines|map('center', 1000000000)|join }}",
    "{{ region.name|replace('', region.name) }}",
    "{{ region|tojson }}",
    "{{ region|pprint }}",
    "{{ [1, 2]|random }}",
    "{% set x = region.name %}{{ x }}",
    "{% for a in region.name %}{% for b in region.name %}{{ a }}{% endfor %}{% endfor %}",
    "{% macro m() %}x{% endmacro %}{{ m() }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{% extends '/etc/passwd' %}",
    "{% with x = 1 %}{{ x }}{% endwith %}",
    "{% filter upper %}x{% endfilter %}",
    "{{ region.helplines }}",
    "{{ region.helplines[0].purpose }}",
    "{{ regoin.name }}",
    "{{ region.name",
]


@pytest.mark.parametrize("source", ATTACKS)
def test_templates_can_only_read_the_edition_data(tmp_path: Path, monkeypatch, source: str) -> None:
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    with pytest.raises(ContentError):
        render_text(source, DATA)
    assert time.perf_counter() - start < 1, "refused, but only after working on it"
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("source, printed", [
    ("{{ region.name }}", "United Kingdom"),
    ("{{ edition.code }}", "en-GB"),
    ("{{ region.helplines | map(attribute='name') | join(' and ') }}", "CTAC"),
    ("{% for h in region.helplines %}{{ h.name }}: {{ h.number }}{% endfor %}", "CTAC: 0800 1111"),
    ("{% if region.helplines[0].purpose %}x{% else %}none{% endif %}", "none"),
    ("{{ region.name | upper }}", "UNITED KINGDOM"),
    ("{{ region.helplines | length }}", "1"),
    ("R&D <b> {{ region.emergency.number }}", "R&D <b> 999"),
])
def test_reading_the_edition_data_works(source: str, printed: str) -> None:
    assert render_text(source, DATA) == printed


# --------------------------------------------------------------------------- assets


def test_assets_resolve_inside_assets_only(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    (assets / "fonts").mkdir(parents=True)
    (assets / "fonts" / "ok.ttf").write_bytes(b"x")
    outside = tmp_path / "secret.ttf"
    outside.write_bytes(b"secret")
    (assets / "fonts" / "link.ttf").symlink_to(outside)
    (assets / "fonts" / "sub").symlink_to(tmp_path)

    assert asset_path(assets, "fonts", "ok.ttf") == (assets / "fonts" / "ok.ttf").resolve()
    for name in ("/etc/passwd", "../secret.ttf", "../../secret.ttf", "sub/../../secret.ttf", "..",
                 "link.ttf", "sub/secret.ttf", "C:/Windows/fonts/arial.ttf", "..\\secret.ttf", ""):
        with pytest.raises(ContentError):
            asset_path(assets, "fonts", name)


def test_emoji_symlink_out_of_assets_is_refused(tmp_path: Path) -> None:
    from workbook.emoji import load_emoji

    folder = tmp_path / "assets" / "emoji"
    folder.mkdir(parents=True)
    target = tmp_path / "elsewhere.svg"
    target.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (folder / "1f440.svg").symlink_to(target)
    with pytest.raises(ContentError, match="outside assets/"):
        load_emoji("👀", folder)


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("url", [
    "https://a21.org", "https://a21.org/education", "https://www.a21.org:443/x?y=1#z",
    "https://takeitdown.ncmec.org", "https://xn--bcher-kva.example/", "HTTPS://A21.ORG/",
])
def test_https_addresses_pass(url: str) -> None:
    assert check_url(url, ("https",)) == url


@pytest.mark.parametrize("url", [
    "http://a21.org", "javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>x</script>",
    "file:///etc/passwd", "ftp://a21.org", "tel:+448001111", "a21.org/education", "//a21.org",
    "https://", "https:///path", "https://a21.org@evil.example", "https://user:pw@a21.org",
    "https://a21 .org", "https://a21.org/\u202ex", "https://a21.org/\u200b", "https://bücher.example",
    "https://127.0.0.1/", "https://[::1]/", "https://[a21.org", "https://localhost/", "https://a21.org:99999/",
    "https://-a21.org", "https://a21.123", " https://a21.org",
])
def test_other_addresses_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        check_url(url, ("https",))


@pytest.mark.parametrize("url, ok", [
    ("tel:+448001111", True), ("tel:0800-1111", True), ("tel:0800 1111", False), ("tel:", False),
    ("tel:call-me", False), ("https://a21.org", True), ("sms:+448001111", False),
])
def test_phone_links(url: str, ok: bool) -> None:
    if ok:
        assert check_url(url, ("https", "tel")) == url
    else:
        with pytest.raises(ValueError):
            check_url(url, ("https", "tel"))


# --------------------------------------------------------------------------- output


@pytest.mark.parametrize("code, ok", [
    ("en-GB", True), ("km-KH", True), ("fil-PH", True), ("en", True),
    ("../x", False), ("en/GB", False), ("en-GB/..", False), (".", False), ("", False), ("EN-gb", False),
    ("en-GB ", False), ("en-GB\n", False), ("con", True),
])
def test_edition_codes_are_safe_folder_names(code: str, ok: bool) -> None:
    assert bool(EDITION_CODE.fullmatch(code)) is ok


def test_output_names_are_safe_file_names(built) -> None:
    """Every file the build wrote is a plain name, inside the output folder."""
    import re

    out = built.out.resolve()
    for path in built.report.written:
        resolved = Path(path).resolve()
        assert resolved.is_relative_to(out), path
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*\.pdf", resolved.name), path
        assert EDITION_CODE.fullmatch(resolved.parent.name), path
