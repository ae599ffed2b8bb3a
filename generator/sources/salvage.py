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
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")
_MISSING = object()


class SalvageError(ValueError):
    """The text is not JSON we can recover anything from."""


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


def decode_bytes(raw: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (BOM allowed); stray non-UTF-8 bytes read as Windows-1252."""
    notes = []
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

    def __init__(self, text: str, pos: int):
        self.text = text
        self.pos = pos
        self.cut_path = ""

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
        if char == "{":
            return self.object(path)
        if char == "[":
            return self.array(path)
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
        return json.loads(match.group()), True


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
    decoder = json.JSONDecoder(strict=False)
    while pos < len(text):
        if text[pos] not in "[{":
            trailing = text[pos:].strip()
            result.notes.append(
                f"ignored {len(trailing)} characters after the JSON: {trailing[:40]!r}"
            )
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            reader = _Reader(text, pos)
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
    return result
