"""Find a project's folders and load what every edition shares: editions, regions, links.

In: a project root holding ``content/``, ``templates/`` and ``assets/``. Out: a
``Project`` with validated editions, regions and links, plus the located word trees of
every language (validated later, per product, by the product that reads them).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema, field_validator

from .i18n import SOURCE, with_fallback
from .pseudo import PSEUDO_LANGUAGE, pseudo_words
from .region_words import merge_region_words
from .content import LocStr, LocDict, Model, Text, validate
from .yaml_source import read_yaml
from .errors import ContentError, Where, flatten, raise_all
from .urls import check_qr_size, check_url
from .words import template_errors

EDITION_CODE = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")  # also a folder name under the output folder
_DIAL = re.compile(r"\+?[0-9][0-9 ().\-/]*")

PaperName = Literal["A2", "A3", "A4", "A5", "Letter", "Tabloid", "HalfLetter"]


class Paper(Model):
    """Paper size per product family: the handout's also serves spread and workbook."""

    handout: PaperName = "A4"
    poster: PaperName = "A3"


class EditionSpec(Model):
    language: Text
    region: Text
    paper: Paper = Paper()
    date: datetime.date | None = None  # the edition's publication date; defaults to the file's `date`


WebUrl = Annotated[Text, WithJsonSchema({"type": "string", "pattern": "^https://", "format": "uri",
                                         "description": "A full https:// address (no http:, no spaces)."})]
PhoneOrWebUrl = Annotated[Text, WithJsonSchema({"type": "string", "pattern": "^(https://|tel:)",
                                                "description": "An https:// address, or tel: and the digits."})]
Placeholder = Annotated[Text | None, Field(description="Why this value is not final and who must confirm it; "
                                                      "the edition stays a proof until it is confirmed.")]
Verify = Annotated[Text | None, Field(description="A doubt about a value taken from the source text, for A21 "
                                                 "to check; listed by every build, never printed.")]


class Source(Model):
    """Where a printed value was confirmed: a web address or the document it is printed in, and when."""

    address: Annotated[Text, Field(description="A web address, or the name of the document the value comes from.")]
    checked: Annotated[datetime.date, Field(description="The day someone checked the value against the address.")]

    def __str__(self) -> str:
        return f"{self.address}, checked {self.checked.isoformat()}"


class Helpline(Model):
    """A phone service: a confirmed value has its ``source``; a ``placeholder`` keeps the edition a proof."""

    name: Text
    short: Text | None = None
    placeholder: Placeholder = None  # before ``number``: the number's check reads it
    source: Source | None = None
    verify: Verify = None
    number: Annotated[Text, Field(description="What people dial: digits, spaces, + ( ) - . /")]
    purpose: Text | None = None
    url: PhoneOrWebUrl | None = None  # the service's page (https:) or a number to tap (tel:)

    @field_validator("number")
    @classmethod
    def _dialable(cls, v: str, info: ValidationInfo) -> str:
        if info.data.get("placeholder") or _DIAL.fullmatch(v.strip()):
            return v
        if not any(ch.isdigit() for ch in v):
            raise ValueError("a helpline needs the digits people dial, e.g. \"0800 1111\" "
                             "(or a `placeholder:` note saying why it is not known yet)")
        raise ValueError("write only what people dial: digits, spaces, + ( ) - . / "
                         "(put words in `purpose:`)")

    @field_validator("url")
    @classmethod
    def _web_or_phone(cls, v: str | None) -> str | None:
        return None if v is None else check_url(v, ("https", "tel"))


class Link(Model):
    """A web address. Only https: it may become a QR code that a child scans."""

    url: WebUrl
    label: Annotated[Text | None, Field(description="The address as printed beside the QR code.")] = None
    placeholder: Placeholder = None
    source: Source | None = None
    verify: Verify = None

    @field_validator("url")
    @classmethod
    def _https(cls, v: str) -> str:
        return check_qr_size(check_url(v, ("https",)))

    @property
    def short(self) -> str:
        """The address as printed beside a QR code: no scheme, no www, no trailing slash."""
        if self.label:
            return self.label
        short = self.url.removeprefix("https://").removeprefix("www.").rstrip("/")
        where = getattr(self.url, "where", None)
        return LocStr(short, where) if where is not None else short  # errors point at the url's line


def _link_id(group: str):
    """A reference to an entry of links.yaml (``videos`` or ``services``), checked when links are known.

    The links reach the check through the validation context (``validate(..., context=``
    or the tree's own ``context``), so a misspelt id is a content error with its line,
    not a crash when a product looks it up.
    """

    def check(value: str, info: ValidationInfo) -> str:
        links = (info.context or {}).get("links")
        known = getattr(links, group, None)
        if known is not None and value not in known:
            raise ValueError(f"no {group[:-1]} '{value}' in content/links.yaml; use one of {', '.join(known)}")
        return value

    return Annotated[Text, AfterValidator(check)]


VideoId = _link_id("videos")
ServiceId = _link_id("services")


def asset_path(assets: Path, folder: str, name: str) -> Path:
    """A file named by content or the theme, resolved inside ``assets/<folder>/`` only.

    Absolute paths, ``..`` and links that lead out of the assets folder are refused, so no
    content can make the build read (and embed in a PDF) a file from elsewhere. The folder
    is taken by name under the resolved project root, not resolved itself: a folder that is
    a link (``assets/fonts -> /elsewhere``) is refused like a file that is one.
    """
    rel = f"assets/{folder}/{name}"
    pure = PurePosixPath(str(name).replace("\\", "/"))
    if not name or pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", str(name)):
        raise ContentError(Where(rel), "an asset must be a file name inside assets/ (no absolute path, no '..')")
    base = assets.parent.resolve() / assets.name / folder
    path = (assets / folder / pure).resolve()
    if not path.is_relative_to(base):
        raise ContentError(Where(rel), "this file links to a place outside assets/; copy the file into assets/ instead")
    return path


class Region(Model):
    """The services of one country; the words around them live in the languages."""

    name: Text
    helplines: Annotated[list[Helpline], Field(min_length=1)]
    emergency: Annotated[Helpline | None, Field(description="The general emergency number; leave it out where "
                                                            "none is known (the row is not printed).")] = None
    report_to: Annotated[Text, Field(description="The service(s) a safety tip tells students to report to, "
                                                 "as printed inside a sentence, e.g. \"the CyberTipline\".")]
    website: Link


class Links(Model):
    """Addresses shared by every edition: the videos and worldwide services."""

    videos: dict[str, Link]
    services: dict[str, Link]


class EditionsFile(Model):
    date: datetime.date  # printed into every PDF's metadata: builds are reproducible, not stamped by the clock
    editions: dict[str, EditionSpec]


@dataclass(frozen=True)
class Edition:
    """One printed edition: a language's words, a region's services, a paper choice."""

    code: str
    language: str
    region: str
    paper: Paper
    date: datetime.date
    where: str = "content/editions.yaml"  # the edition's entry, for messages about the edition itself


@dataclass
class Project:
    """Everything a build reads, loaded and validated once."""

    root: Path
    editions: dict[str, Edition]
    regions: dict[str, Region]
    links: Links
    words: dict[str, dict[str, Any]] = field(default_factory=dict)  # language → file stem → tree
    broken: dict[str, list[ContentError]] = field(default_factory=dict)  # edition → its own files' errors
    unread: list[ContentError] = field(default_factory=list)  # errors in files no edition reads
    region_words: dict[tuple[str, str], Region] = field(default_factory=dict)  # (language, code) → translated

    def region(self, edition: Edition) -> Region:
        """The edition's region with its words in the edition's language (English where none)."""
        return self.region_words.get((edition.language, edition.region)) or self.regions[edition.region]

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def assets(self) -> Path:
        return self.root / "assets"


def load_project(root: Path, word_models: dict[str, type[Model]] | None = None) -> Project:
    """Read content/ and check that editions name languages and regions that exist.

    Every problem of every file is collected before anything is raised, so one run lists
    them all. With ``word_models`` (file stem → model) every language's files are also
    validated against their models in the same pass.
    """
    content = root / "content"
    if not content.is_dir():
        raise ContentError(Where("content"), "no content/ folder here; run from the project root or pass --project")
    errors: list[ContentError] = []

    def load(model, path: Path):
        rel = path.relative_to(root).as_posix()
        try:
            tree = read_yaml(path, rel)
        except ContentError as exc:
            errors.append(exc)
            return None
        obj, errs = validate(model, tree, Where(rel))
        errors.extend(errs)
        return (obj, tree) if obj is not None else None

    editions_file = load(EditionsFile, content / "editions.yaml")
    links = load(Links, content / "links.yaml")
    regions = {p.stem: load(Region, p) for p in sorted((content / "regions").glob("*.yaml"))}
    words = _load_words(root, content, errors, links[0] if links else None)
    if SOURCE in words:
        for lang, trees in list(words.items()):  # a string a translation lacks is printed in English
            if lang != SOURCE:
                words[lang] = {stem: with_fallback(words[SOURCE].get(stem), trees.get(stem))
                               for stem in [*words[SOURCE], *(s for s in trees if s not in words[SOURCE])]}
        if PSEUDO_LANGUAGE not in words:  # generated from English, never written by hand
            words[PSEUDO_LANGUAGE] = pseudo_words(words[SOURCE])
    if word_models:
        unreadable = {str(getattr(e, "where", "")).split(":")[0] for e in errors}  # already reported
        errors += [e for e in check_words(words, word_models) if str(e.where).split(":")[0] not in unreadable]
    translated = merge_region_words(root, list(words), regions, Region, errors)
    editions = _check_editions(editions_file, regions, words, errors) if editions_file else {}
    if errors and word_models:  # a template typo is listed with the schema errors, in one run
        ok = {k: v[0] for k, v in regions.items() if v}
        errors += template_errors(editions, ok, links[0] if links else None, words, list(word_models))
    broken, unread = _blame(errors, editions)
    return Project(root, editions, {k: v[0] for k, v in regions.items() if v}, links[0], words, broken, unread,
                   translated)


def _blame(errors: list[ContentError], editions: dict[str, Edition]) -> tuple[dict[str, list[ContentError]], list[ContentError]]:
    """Blame each error on the editions that read its file; raise them all if one is shared.

    A translation's files and a region's file are read only by the editions of that language
    or region, so a mistake in content/km/ fails the km-KH edition while en-GB still builds.
    English, editions.yaml and links.yaml are read by every edition: any error there stops
    the whole build, listing every error found (the scoped ones too). Errors in a file that
    no edition reads are returned apart, for the build to show as warnings.
    """
    broken: dict[str, list[ContentError]] = {}
    unread: list[ContentError] = []
    for error in flatten(errors):
        scope = _scope(getattr(error, "where", Where("")).path)
        if scope is None:
            raise_all(errors)
        readers = [code for code, ed in editions.items() if scope in (("language", ed.language), ("region", ed.region))]
        for code in readers:
            broken.setdefault(code, []).append(error)
        if not readers:
            unread.append(error)
    return broken, unread


def _scope(path: str) -> tuple[str, str] | None:
    """("language", "km") for content/km/..., ("region", "GB") for content/regions/GB.yaml;
    None for files every edition reads."""
    parts = PurePosixPath(path).parts
    if len(parts) == 3 and parts[:2] == ("content", "regions"):
        return ("region", PurePosixPath(parts[2]).stem)
    if len(parts) >= 3 and parts[0] == "content" and parts[1] not in (SOURCE, "regions"):
        return ("language", parts[1])
    return None


def _load_words(root: Path, content: Path, errors: list[ContentError], links: "Links | None") -> dict[str, dict[str, Any]]:
    """Every language folder's YAML files as located trees, keyed by file stem.

    Each tree carries the links as its validation ``context``, so ids that name a video or
    a service are checked against links.yaml wherever the tree is validated.
    """
    words: dict[str, dict[str, Any]] = {}
    folders = sorted(p for p in content.iterdir() if p.is_dir() and p.name != "regions" and p.name[0] not in "._")
    for folder in folders:
        words[folder.name] = {}
        for path in sorted(folder.glob("*.yaml")):
            try:
                tree = read_yaml(path, path.relative_to(root).as_posix())
            except ContentError as exc:
                errors.append(exc)
                continue
            if isinstance(tree, LocDict):
                tree.context = {"links": links}
            words[folder.name][path.stem] = tree
    return words


def check_words(words: dict[str, dict[str, Any]], models: dict[str, type[Model]]) -> list[ContentError]:
    """Validate every language's files against their models; a missing file is an error too."""
    errors: list[ContentError] = []
    for lang, trees in sorted(words.items()):
        if lang == PSEUDO_LANGUAGE and SOURCE in words:
            continue  # made from English: its problems are English's, reported once there
        for stem, model in models.items():
            if stem not in trees:
                if lang == SOURCE or stem in words.get(SOURCE, {}):  # else English's own error says it
                    errors.append(ContentError(Where(f"content/{lang}/{stem}.yaml"), "missing file; the "
                                               "products read it: restore it (from version control or a copy)"))
                continue
            tree = trees[stem]
            errors += validate(model, tree, Where(getattr(tree, "where", Where(stem)).path))[1]
    # a translation's merged tree holds English values at their English places: an error in one
    # is found in every language, and reported once
    unique: dict[str, ContentError] = {}
    for error in errors:
        unique.setdefault(str(error), error)
    return list(unique.values())


def _one_of(known, what: str) -> str:
    return f"use one of {', '.join(sorted(known))}" if known else f"there are no {what} yet"


def _check_editions(loaded, regions: dict, words: dict, errors: list[ContentError]) -> dict[str, Edition]:
    """Turn edition specs into Editions, refusing bad codes and unknown languages and regions."""
    spec, tree = loaded
    editions = {}
    for code, ed in spec.editions.items():
        at: Where = tree["editions"].key_where[code]
        places = getattr(tree["editions"][code], "key_where", {})
        if not EDITION_CODE.fullmatch(code):
            errors.append(ContentError(at, f"edition code '{code}' must look like en-GB (language-COUNTRY); "
                                           "it becomes a folder name of the output"))
        if ed.language not in words:
            errors.append(ContentError(places.get("language", at.child("language")),
                                       f"no language '{ed.language}': add content/{ed.language}/ or "
                                       f"{_one_of(words, 'languages')}"))
        if ed.region not in regions:
            errors.append(ContentError(places.get("region", at.child("region")),
                                       f"no region '{ed.region}': add content/regions/{ed.region}.yaml or "
                                       f"{_one_of(regions, 'regions')}"))
        editions[code] = Edition(code, ed.language, ed.region, ed.paper, ed.date or spec.date, str(at))
    return editions
