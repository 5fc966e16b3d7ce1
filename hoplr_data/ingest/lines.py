"""One line of JSON Lines, decoded and cleaned on its own: limits, strict UTF-8, clean text.

Every line is read as bytes, decoded as strict UTF-8 (never replaced), parsed, and every string
in it checked and normalised: no lone surrogates, no NUL or other control characters than tab
and newline (a carriage return becomes a newline), NFC normal form, at most MAX_STRING
characters; objects and arrays nest at most MAX_DEPTH deep. Each limit is a rejection with a
reason (docs/ingest-schema/README.md), so one bad line never costs another.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from hoplr_data.ingest.fields import Rejected

MAX_LINE_BYTES = 65_536
MAX_DEPTH = 6
MAX_STRING = 10_000  # above every field's own limit (text 5,000), which keeps its reason
# Lone surrogates, NUL and the other C0/C1 control characters except tab and newline.
BAD_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _reject_constant(name: str) -> float:
    """NaN and Infinity are not JSON: refuse them."""
    raise ValueError(name)


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def parse_line(raw: bytes) -> object:
    """The JSON value of one line (bytes without its newline), or Rejected with the reason."""
    if len(raw) > MAX_LINE_BYTES:
        raise Rejected("line_too_long")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected("invalid_utf8") from None
    try:
        return _DECODER.decode(text)
    except RecursionError:
        raise Rejected("too_deep") from None
    except ValueError:
        raise Rejected("invalid_json") from None


def clean_event(value: object, depth: int = 0) -> object:
    """A copy of a decoded value with every string checked and normalised, or Rejected."""
    if isinstance(value, str):
        return clean_string(value)
    if not isinstance(value, dict | list):
        return value
    if depth > MAX_DEPTH:
        raise Rejected("too_deep")
    if isinstance(value, list):
        return [clean_event(item, depth + 1) for item in value]
    out = {}
    for key, item in value.items():
        name = clean_string(key)
        try:
            out[name] = clean_event(item, depth + 1)
        except Rejected as exc:
            exc.field = f"{name}.{exc.field}" if exc.field else name
            raise
    return out


def clean_string(value: str) -> str:
    """One string: CR/CRLF become newline, bad characters rejected, NFC, length limited."""
    if len(value) > MAX_STRING:
        raise Rejected("too_long")
    if value.isascii() and value.isprintable():
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if BAD_CHARACTERS.search(value):
        raise Rejected("bad_character")
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return value


def read_lines(handle: BinaryIO) -> Iterator[bytes]:
    """The lines of a binary stream; a line over MAX_LINE_BYTES is cut short and marked over."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 2)
        if not line:
            return
        if not line.endswith(b"\n") and len(line) > MAX_LINE_BYTES:
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line.rstrip(b"\r\n")


def as_bytes(lines: Iterable[str | bytes]) -> Iterator[bytes]:
    """Lines given as text or bytes, as bytes (text with lone surrogates stays undecodable)."""
    for line in lines:
        yield line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")
