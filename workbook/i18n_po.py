"""Units to a gettext PO file and back (polib).

msgctxt is the string's id, msgid the English, msgstr the translation, ``fuzzy`` a draft;
the translator's notes are extracted comments, the places are references. The header names
the language, its team and translator, the revision date and the plural forms, so that
``msgfmt -c`` accepts the file.
"""
from __future__ import annotations

from pathlib import Path

from .errors import BuildError
from .i18n_exchange import Header, Unit
from .i18n_units import SOURCE


def to_po(units: list[Unit], head: Header) -> str:
    """The PO file's text."""
    import polib

    po = polib.POFile(wrapwidth=78)
    po.header = (f"A21 digital-safety materials: the {head.language} words.\n"
                 f"msgctxt is the string's id (file:field), msgid the English source (content/{SOURCE}).\n"
                 "Remove the fuzzy flag only when a native speaker has reviewed the translation.")
    po.metadata = {"Project-Id-Version": "a21-workbook", "PO-Revision-Date": head.revised,
                   "Last-Translator": head.translator, "Language-Team": head.team, "Language": head.language,
                   "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "Plural-Forms": head.plural_forms,
                   "X-Source-Language": SOURCE}
    for u in units:
        po.append(polib.POEntry(msgctxt=u.id, msgid=u.source, msgstr=u.target, occurrences=u.places,
                                comment=u.notes, flags=["fuzzy"] if u.draft else []))
    return po.__unicode__() + "\n"


def from_po(path: Path) -> tuple[str, list[Unit]]:
    """The Language of the header and the file's units (obsolete entries left out)."""
    import polib

    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError) as exc:
        raise BuildError(f"{path}: not a readable PO file ({exc})")
    return po.metadata.get("Language", ""), [
        Unit(e.msgctxt or "", e.msgid, e.msgstr, "fuzzy" in e.flags, line=e.linenum)
        for e in po if not e.obsolete]
