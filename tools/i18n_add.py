"""Add a message to the three gettext catalogs (hoplr_data/locale/<lang>/LC_MESSAGES/messages.po).

    python -m tools.i18n_add inbox.saved --nl "Opgeslagen" --fr "Enregistré" --en "Saved"
    python -m tools.i18n_add inbox.n_items --nl "{count} item" --nl-plural "{count} items" \\
        --fr "{count} élément" --fr-plural "{count} éléments" \\
        --en "{count} item" --en-plural "{count} items"

A plural entry (any --xx-plural given) is read with t_plural(key, n, lang); the first form is
the singular (n == 1 in Dutch and English, n <= 1 in French). The entry is appended to the end
of each file (under a lock, so helpers adding keys at once do not mix lines) and every file is
read back with Babel; on any problem nothing is left written.
"""

from __future__ import annotations

import argparse
import fcntl
import re
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from babel.messages.pofile import escape, read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "hoplr_data" / "locale"
LANGUAGES = ("nl", "fr", "en")
KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")
PLACEHOLDER = re.compile(r"{(\w+)}")


def po_path(lang: str) -> Path:
    """The .po file of a language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def entry_text(key: str, forms: tuple[str, ...], comment: str | None = None) -> str:
    """The .po lines of one entry; two forms make a plural entry."""
    lines = [f"#. {line}" for line in (comment or "").splitlines()]
    lines.append(f"msgid {escape(key)}")
    if len(forms) == 1:
        lines.append(f"msgstr {escape(forms[0])}")
    else:
        lines.append(f"msgid_plural {escape(key)}")
        lines += [f"msgstr[{i}] {escape(form)}" for i, form in enumerate(forms)]
    return "\n".join(lines) + "\n"


def _separator(handle: IO[str]) -> str:
    """What goes before a new entry so that exactly one blank line precedes it."""
    handle.seek(0)
    content = handle.read()
    return "" if content.endswith("\n\n") else "\n" if content.endswith("\n") else "\n\n"


def existing_keys(lang: str) -> set[str]:
    """The keys already in a language's catalog."""
    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.id[0] if m.pluralizable else m.id for m in catalog if m.id}


def problems(key: str, texts: dict[str, tuple[str, ...]]) -> list[str]:
    """What is wrong with an entry: key format, empty text, placeholders, plural forms."""
    found = [] if KEY.match(key) else [f"key {key!r} must look like 'area.name' (a-z, 0-9, _)"]
    english = {p for form in texts["en"] for p in PLACEHOLDER.findall(form)}
    for lang, forms in texts.items():
        if len(forms) != len(texts["en"]):
            found.append(f"{lang}: give the plural form for every language or for none")
        for form in forms:
            if not form.strip():
                found.append(f"{lang}: empty text")
            if set(PLACEHOLDER.findall(form)) != english:
                found.append(f"{lang}: placeholders {sorted(PLACEHOLDER.findall(form))} "
                             f"differ from English {sorted(english)}")  # fmt: skip
            if "{lang}" in form:
                found.append(f"{lang}: {{lang}} collides with t()'s language argument")
    return found


def add(key: str, texts: dict[str, tuple[str, ...]], comment: str | None = None) -> None:
    """Append one entry to the three catalogs, or raise ValueError and write nothing."""
    found = problems(key, texts)
    if found:
        raise ValueError("; ".join(found))
    with ExitStack() as stack:
        handles = {lang: stack.enter_context(po_path(lang).open("a+", encoding="utf-8"))
                   for lang in LANGUAGES}  # fmt: skip
        for handle in handles.values():
            fcntl.flock(handle, fcntl.LOCK_EX)
        already = [lang for lang in LANGUAGES if key in existing_keys(lang)]
        if already:
            raise ValueError(f"{key} is already in the catalog ({', '.join(already)})")
        sizes = {lang: handle.seek(0, 2) for lang, handle in handles.items()}
        try:
            for lang, handle in handles.items():
                handle.write(_separator(handle) + entry_text(key, texts[lang], comment))
                handle.flush()
            for lang in LANGUAGES:
                if key not in existing_keys(lang):
                    raise ValueError(f"{lang}: the entry did not read back")
        except Exception:
            for lang, handle in handles.items():
                handle.truncate(sizes[lang])
            raise


def parse(argv: list[str]) -> tuple[str, dict[str, tuple[str, ...]], str | None]:
    """The key, the forms per language and the translators' comment from the command line."""
    parser = argparse.ArgumentParser(prog="python -m tools.i18n_add", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("key")
    for lang in LANGUAGES:
        parser.add_argument(f"--{lang}", required=True, help=f"the text in {lang} (singular)")
        parser.add_argument(f"--{lang}-plural", help=f"the plural text in {lang}")
    parser.add_argument("--comment", help="a note for translators (#. line)")
    args = vars(parser.parse_args(argv))
    texts = {
        lang: tuple(t for t in (args[lang], args[f"{lang}_plural"]) if t is not None)
        for lang in LANGUAGES
    }
    return args["key"], texts, args["comment"]


def main(argv: list[str]) -> int:
    """Add the entry given on the command line; exit 1 with the problems when it is refused."""
    key, texts, comment = parse(argv)
    try:
        add(key, texts, comment)
    except ValueError as error:
        print(f"not added: {error}", file=sys.stderr)
        return 1
    print(f"added {key} to {', '.join(LANGUAGES)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
