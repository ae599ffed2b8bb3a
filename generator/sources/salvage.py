"""Read JSON the way WordPress servers and caches actually deliver it.

The standard parser gives up on the first flaw. Real exports carry a byte-order mark,
raw newlines inside strings, a cache plugin's HTML comment after the value, stray
Latin-1 bytes, or are simply cut off. This module recovers every complete field and the
readable part of the field that was cut, and says what it did.
"""
from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field

_WS = re.compile(r"[ \t\r\n]*")
_SCALAR = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null")
_CONSTANTS = {"true": True, "false": False, "null": None}
_MISSING = object()

# WordPress ids are BIGINT(20) UNSIGNED. A longer integer is no id and no count: it is kept as
# its digits (a string), so a post whose id is such a number is read without an id. Python's
# int() refuses more than 4300 digits, which would otherwise reject the whole file.
MAX_INTEGER = 2**64 - 1
# Deeper nesting than any WordPress response has: deeper is refused, never a RecursionError.
MAX_DEPTH = 200


class SalvageError(ValueError):
    """The text is not JSON we can recover anything from."""


class _Numbers:
    """JSON integers as ints, those too large for a WordPress id as their digits; counted."""

    def __init__(self):
        self.oversized: list[str] = []

    def integer(self, digits: str):
        magnitude = digits.lstrip("-")
        if len(magnitude) <= 20 and int(magnitude) <= MAX_INTEGER:
            return int(digits)
        self.oversized.append(digits)
        return digits

    def scalar(self, token: str):
        if token in _CONSTANTS:
            return _CONSTANTS[token]
        if "." in token or "e" in token or "E" in token:
            return float(token)
        return self.integer(token)

    def note(self) -> str | None:
        if not self.oversized:
            return None
        first = self.oversized[0]
        shown = first if len(first) <= 24 else f"{first[:20]}… ({len(first.lstrip('-'))} digits)"
        count = len(self.oversized)
        return (f"kept {count} integer{'s' if count > 1 else ''} too large for a WordPress id as text "
                f"(first: {shown})")


@dataclass
class Salvaged:
    values: list = field(default_factory=list)
    cut: dict[int, str] = field(default_factory=dict)  # index of a value cut short -> where
    notes: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # parts that could not be read, with reasons


def _cp1252_fallback(error: UnicodeDecodeError):
    """Decode a byte that is not valid UTF-8 as Windows-1252, the usual culprit."""
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("wp_cp1252_fallback", _cp1252_fallback)


# Byte-order marks of the wider encodings, UTF-32 first: its little-endian mark opens with UTF-16's.
_WIDE_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian)"),
]


def decode_bytes(raw: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (BOM allowed); stray non-UTF-8 bytes read as Windows-1252;
    UTF-16 and UTF-32 when a byte-order mark says so."""
    notes = []
    for bom, encoding, name in _WIDE_BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                text = body.decode(encoding)
                notes.append(f"decoded {name}, as its byte-order mark says")
            except UnicodeDecodeError as error:
                text = body.decode(encoding, errors="replace")
                notes.append(f"decoded {name}, as its byte-order mark says; invalid bytes "
                             f"(first at byte {error.start + len(bom)}) replaced with \ufffd")
            return text, notes
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
        notes.append("removed a UTF-8 byte-order mark")
    try:
        return raw.decode("utf-8"), notes
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="wp_cp1252_fallback")
        notes.append(
            f"invalid UTF-8 bytes (first at byte {error.start}) read as Windows-1252"
        )
        return text, notes


def _decode_string_body(body: str) -> str:
    """Decode the inside of a JSON string (escapes included), raw control characters allowed."""
    try:
        return json.decoder.scanstring(body + '"', 0, False)[0]
    except json.JSONDecodeError:
        # An invalid escape such as "\x": keep the character, drop the backslash.
        fixed = re.sub(r'\\(?=[^"\\/bfnrtu]|u(?![0-9a-fA-F]{4}))', "", body)
        return json.decoder.scanstring(fixed + '"', 0, False)[0]


def _trim_partial_escape(body: str) -> str:
    """A string cut in the middle of an escape: drop the incomplete escape."""
    match = re.search(r"\\u[0-9a-fA-F]{0,3}$", body)
    if match and _odd_backslashes_before(body, match.start()):
        body = body[: match.start()]
    if body.endswith("\\") and _odd_backslashes_before(body, len(body) - 1):
        body = body[:-1]
    # A cut between the two halves of a surrogate pair leaves a lone high surrogate.
    match = re.search(r"\\u[dD][89abAB][0-9a-fA-F]{2}$", body)
    if match and _odd_backslashes_before(body, match.start()):
        body = body[: match.start()]
    return body


def _odd_backslashes_before(text: str, index: int) -> bool:
    """True when the backslash at `index` is itself not escaped."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 0


class _Reader:
    """A forgiving recursive-descent JSON reader that stops cleanly at end of text.

    Each method returns (value, complete). An incomplete value is what could be read
    before the text ended; callers stop there and pass the flag up.
    """

    _STRING_END = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)

    def __init__(self, text: str, pos: int, numbers: _Numbers):
        self.text = text
        self.pos = pos
        self.cut_path = ""
        self.numbers = numbers
        self.depth = 0

    def error(self, message: str) -> SalvageError:
        line = self.text.count("\n", 0, self.pos) + 1
        column = self.pos - (self.text.rfind("\n", 0, self.pos) + 1) + 1
        return SalvageError(f"invalid JSON at line {line} column {column}: {message}")

    def skip_ws(self) -> bool:
        """Skip whitespace; False when the text has ended."""
        self.pos = _WS.match(self.text, self.pos).end()
        return self.pos < len(self.text)

    def value(self, path: str):
        if not self.skip_ws():
            return _MISSING, False
        char = self.text[self.pos]
        if char in "{[":
            if self.depth >= MAX_DEPTH:
                raise self.error(f"nested more than {MAX_DEPTH} levels deep")
            self.depth += 1
            value = self.object(path) if char == "{" else self.array(path)
            self.depth -= 1
            return value
        if char == '"':
            return self.string(path)
        return self.scalar()

    def object(self, path: str):
        self.pos += 1
        out: dict = {}
        while self.skip_ws():
            char = self.text[self.pos]
            if char == "}":
                self.pos += 1
                return out, True
            if char == ",":
                self.pos += 1
                continue
            if char != '"':
                raise self.error(f"expected a key, found {char!r}")
            key, complete = self.string("")
            if not complete or not self.skip_ws():
                return out, False
            if self.text[self.pos] != ":":
                raise self.error(f"expected ':' after key {key!r}")
            self.pos += 1
            item, complete = self.value(f"{path}.{key}" if path else key)
            if item is not _MISSING:
                out[key] = item
            if not complete:
                return out, False
        return out, False

    def array(self, path: str):
        self.pos += 1
        out: list = []
        while self.skip_ws():
            char = self.text[self.pos]
            if char == "]":
                self.pos += 1
                return out, True
            if char == ",":
                self.pos += 1
                continue
            item, complete = self.value(f"{path}[{len(out)}]")
            if item is not _MISSING:
                out.append(item)
            if not complete:
                return out, False
        return out, False

    def string(self, path: str):
        match = self._STRING_END.match(self.text, self.pos + 1)
        if match:
            self.pos = match.end()
            return _decode_string_body(match.group()[:-1]), True
        body = _trim_partial_escape(self.text[self.pos + 1:])
        self.pos = len(self.text)
        self.cut_path = path
        return (_decode_string_body(body) if path else _MISSING), False

    def scalar(self):
        match = _SCALAR.match(self.text, self.pos)
        if not match:
            raise self.error(f"unexpected {self.text[self.pos]!r}")
        if match.end() == len(self.text):  # a number at the very end may be cut short
            self.pos = match.end()
            return _MISSING, False
        self.pos = match.end()
        return self.numbers.scalar(match.group()), True


def _looks_like_html(text: str) -> bool:
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body")) or (
        head.startswith("<") and "<html" in text[:4096].lower()
    )


def salvage(text: str) -> Salvaged:
    """Every JSON value in `text` (one value, a concatenation, or JSON Lines), recovered.

    Raises SalvageError when nothing can be recovered.
    """
    try:
        return _salvage_stream(text)
    except SalvageError:
        if not _is_json_lines(text):
            raise
        return _salvage_lines(text)


def _is_json_lines(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines)


def _salvage_lines(text: str) -> Salvaged:
    """JSON Lines with a damaged line: keep every good line, name the bad ones."""
    result = Salvaged()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            part = _salvage_stream(line)
        except SalvageError as error:
            result.lost.append(f"line {number}: {error}")
            continue
        for index, where in part.cut.items():
            result.cut[len(result.values) + index] = where
        result.values.extend(part.values)
        result.notes.extend(f"line {number}: {note}" for note in part.notes)
    if not result.values:
        raise SalvageError("no line of this JSON Lines file could be read")
    return result


def _salvage_stream(text: str) -> Salvaged:
    result = Salvaged()
    pos = _WS.match(text).end()
    if pos == len(text):
        raise SalvageError("the file is empty")
    if text[pos] not in "[{":
        if _looks_like_html(text):
            raise SalvageError("an HTML page, not JSON (a saved error or login page?)")
        raise SalvageError(f"not JSON: it starts with {text[pos:pos + 20]!r}")
    numbers = _Numbers()
    decoder = json.JSONDecoder(strict=False, parse_int=numbers.integer)
    while pos < len(text):
        if text[pos] not in "[{":
            trailing = text[pos:].strip()
            result.notes.append(
                f"ignored {len(trailing)} characters after the JSON: {trailing[:40]!r}"
            )
            break
        counted = len(numbers.oversized)
        try:
            value, pos = decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, RecursionError):
            del numbers.oversized[counted:]  # the reader counts them again
            reader = _Reader(text, pos, numbers)
            value, complete = reader.value("")
            if complete:  # the strict decoder failed on something the reader tolerates
                pos = reader.pos
            else:
                result.cut[len(result.values)] = reader.cut_path
                result.notes.append(
                    "the file is cut off"
                    + (f" inside {reader.cut_path!r}" if reader.cut_path else "")
                    + "; kept what was complete"
                )
                if value is not _MISSING:
                    result.values.append(value)
                break
        result.values.append(value)
        pos = _WS.match(text, pos).end()
    if not result.values:
        raise SalvageError("the file is cut off before any complete field")
    if numbers.note():
        result.notes.append(numbers.note())
    return result
