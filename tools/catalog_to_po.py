"""One-off converter kept for the record: the old Python catalog (MESSAGES: key -> {nl, fr, en})
to one gettext catalog per language, hoplr_data/locale/<lang>/LC_MESSAGES/messages.po.

The key is the msgid, the text of the language the msgstr (the English file holds the English
text too, so a key never shows on screen). A value given as a tuple of forms, (singular, plural),
becomes a plural entry: msgid_plural repeats the key, msgstr[0]/msgstr[1] hold the forms.

Usage (only while hoplr_data/core/catalog.py existed; the .po files are the source now, so the
script refuses to overwrite them without --force):
    python -m tools.catalog_to_po [path/to/catalog.py] [--force]
"""

from __future__ import annotations

import ast
import datetime as dt
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "hoplr_data" / "locale"
LANGUAGES = ("nl", "fr", "en")
HEADER = "Hoplr service dashboard: every user-facing text, by key (see hoplr_data/locale/README.md)"

CREATED = dt.datetime(2026, 12, 2, 16, 0, tzinfo=dt.UTC)

Text = str | tuple[str, ...]


def load_messages(path: Path) -> dict[str, dict[str, Text]]:
    """The MESSAGES dict of a catalog.py, read with ast (the module is never imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign):
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == "MESSAGES":
            return ast.literal_eval(node.value)
    raise SystemExit(f"no MESSAGES in {path}")


def po_path(lang: str) -> Path:
    """Where the catalog of a language lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def build_catalog(messages: dict[str, dict[str, Text]], lang: str) -> Catalog:
    """A Babel catalog of one language, keys in the order of the source."""
    catalog = Catalog(
        locale=lang,
        domain="messages",
        project="hoplr-service-dashboard",
        version="1",
        header_comment=f"# {HEADER}\n",
        msgid_bugs_address="https://github.com/ (issues of this repository)",
        creation_date=CREATED,
        revision_date=CREATED,
        last_translator="Hoplr service dashboard team",
        language_team=f"{lang} (the dashboard team)",
        fuzzy=False,
    )
    for key, entry in messages.items():
        text = entry[lang]
        if isinstance(text, tuple):
            catalog.add((key, key), text)
        else:
            catalog.add(key, text)
    return catalog


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write a .po file: no line wrapping (one line per text, for grep and diffs), no dates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False)


def check_round_trip(messages: dict[str, dict[str, Text]], lang: str) -> None:
    """Fail loudly when a written file does not read back to the source texts."""
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    for key, entry in messages.items():
        message = catalog.get(key)
        assert message is not None, (lang, key)
        assert message.string == entry[lang], (lang, key, message.string)
    assert len(catalog) == len(messages), lang


def main(argv: list[str]) -> int:
    """Convert the catalog given (or hoplr_data/core/catalog.py) into the three .po files."""
    force = "--force" in argv
    argv = [a for a in argv if a != "--force"]
    source = Path(argv[0]) if argv else ROOT / "hoplr_data" / "core" / "catalog.py"
    if any(po_path(lang).exists() for lang in LANGUAGES) and not force:
        print("the .po files exist and are the source now; --force would overwrite them")
        return 1
    messages = load_messages(source)
    for lang in LANGUAGES:
        write_catalog(build_catalog(messages, lang), po_path(lang))
        check_round_trip(messages, lang)
    print(f"{len(messages)} keys written to {LOCALE_DIR.relative_to(ROOT)}/<lang>/LC_MESSAGES")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
