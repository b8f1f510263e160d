"""Find a project's folders and load what every edition shares: editions, regions, links.

In: a project root holding ``content/``, ``templates/`` and ``assets/``. Out: a
``Project`` with validated editions, regions and links, plus the located word trees of
every language (validated later, per product, by the product that reads them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import field_validator, model_validator

from .content import LocDict, Model, Text, read_yaml, validate
from .errors import ContentError, Where, raise_all

PaperName = Literal["A2", "A3", "A4", "A5", "Letter", "Tabloid"]


class Paper(Model):
    """Paper size per product family: the handout's also serves spread and workbook."""

    handout: PaperName = "A4"
    poster: PaperName = "A3"


class EditionSpec(Model):
    language: Text
    region: Text
    paper: Paper = Paper()


class Helpline(Model):
    """A phone service. ``placeholder`` says why a value is not final (printed as is, listed by the build)."""

    name: Text
    short: Text | None = None
    number: Text
    purpose: Text | None = None
    placeholder: Text | None = None

    @model_validator(mode="after")
    def _has_digits(self) -> "Helpline":
        if not any(ch.isdigit() for ch in self.number) and not self.placeholder:
            raise ValueError("number: a helpline needs the digits people dial "
                             "(or a `placeholder:` note saying why it is not known yet)")
        return self


class Link(Model):
    """A web address. Only https: it may become a QR code that a child scans."""

    url: Text
    label: Text | None = None
    placeholder: Text | None = None

    @field_validator("url")
    @classmethod
    def _https(cls, v: str) -> str:
        if not v.startswith("https://") or " " in v or len(v) < 12:
            raise ValueError("a link must be a full https:// address without spaces")
        return v

    @property
    def short(self) -> str:
        """The address as printed beside a QR code: no scheme, no www, no trailing slash."""
        if self.label:
            return self.label
        return self.url.removeprefix("https://").removeprefix("www.").rstrip("/")


class Region(Model):
    """The services of one country; the words around them live in the languages."""

    name: Text
    helplines: list[Helpline]
    emergency: Helpline
    website: Link


class Links(Model):
    """Addresses shared by every edition: the videos and worldwide services."""

    videos: dict[str, Link]
    services: dict[str, Link]


class EditionsFile(Model):
    editions: dict[str, EditionSpec]


@dataclass(frozen=True)
class Edition:
    """One printed edition: a language's words, a region's services, a paper choice."""

    code: str
    language: str
    region: str
    paper: Paper


@dataclass
class Project:
    """Everything a build reads, loaded and validated once."""

    root: Path
    editions: dict[str, Edition]
    regions: dict[str, Region]
    links: Links
    words: dict[str, dict[str, Any]] = field(default_factory=dict)  # language → file stem → tree

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def assets(self) -> Path:
        return self.root / "assets"


def load_project(root: Path) -> Project:
    """Read content/ and check that editions name languages and regions that exist."""
    content = root / "content"
    if not content.is_dir():
        raise ContentError(Where(str(content)), "no content/ folder here; run from the project root or pass --project")
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
        return obj, tree

    editions_file = load(EditionsFile, content / "editions.yaml")
    links = load(Links, content / "links.yaml")
    regions = {p.stem: load(Region, p) for p in sorted((content / "regions").glob("*.yaml"))}
    words = _load_words(root, content, errors)
    raise_all(errors)
    editions = _check_editions(editions_file, regions, words)
    return Project(root, editions, {k: v[0] for k, v in regions.items()}, links[0], words)


def _load_words(root: Path, content: Path, errors: list[ContentError]) -> dict[str, dict[str, Any]]:
    """Every language folder's YAML files as located trees, keyed by file stem."""
    words: dict[str, dict[str, Any]] = {}
    for folder in sorted(p for p in content.iterdir() if p.is_dir() and p.name != "regions"):
        words[folder.name] = {}
        for path in sorted(folder.glob("*.yaml")):
            try:
                words[folder.name][path.stem] = read_yaml(path, path.relative_to(root).as_posix())
            except ContentError as exc:
                errors.append(exc)
    return words


def _check_editions(loaded, regions: dict, words: dict) -> dict[str, Edition]:
    """Turn edition specs into Editions, refusing unknown languages and regions."""
    spec, tree = loaded
    errors = []
    editions = {}
    for code, ed in spec.editions.items():
        at: Where = tree["editions"].key_where[code]
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", code):
            errors.append(ContentError(at, f"edition code '{code}' must look like en-GB (language-COUNTRY)"))
        if ed.language not in words:
            errors.append(ContentError(at.child("language"), f"no language '{ed.language}': add content/{ed.language}/ or use one of {', '.join(sorted(words))}"))
        if ed.region not in regions:
            errors.append(ContentError(at.child("region"), f"no region '{ed.region}': add content/regions/{ed.region}.yaml or use one of {', '.join(sorted(regions))}"))
        editions[code] = Edition(code, ed.language, ed.region, ed.paper)
    raise_all(errors)
    return editions


def tree_where(tree: Any) -> Where:
    """The location of a located tree (used when a model-level check fails)."""
    return tree.where if isinstance(tree, LocDict) else Where("content")
