"""What reaches the terminal: aligned tables, escaped text, translated error lines, JSON."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import unicodedata
from collections.abc import Collection, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.files import CannotWrite
from planner.core.i18n import plural, t

if TYPE_CHECKING:  # the simulation loads numpy and scipy: imported where it is used
    pass


# Characters that must not reach a terminal as they are: they could move the cursor, recolour
# the screen or reorder the text around them (bidirectional overrides).
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def out_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    sys.stdout.flush()


def count(lang: str, noun: str, n: int) -> str:
    """'1 channel', '3 channels', '0 canal': the plural form the language uses for n."""
    return plural(lang, f"cli.count.{noun}", n)


def table(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """Rows as lines of aligned columns (two spaces apart), `right` columns right-aligned."""
    cells = [[clean(cell) for cell in row] for row in rows]
    if not cells:
        return []
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(cells[0]))]
    lines = []
    for row in cells:
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            parts.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(parts).rstrip())
    return lines


def display_width(text: str) -> int:
    """Columns the text takes on a terminal: wide characters count 2, combining marks 0."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def clean(text: str) -> str:
    """Text safe for a terminal: control, bidirectional and undecodable characters escaped."""
    return "".join(_escaped(ch) if _unsafe(ch) else ch for ch in text)


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI_CONTROLS


def _escaped(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that was not valid UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    return " ".join(text.split())


def os_error_line(exc: OSError, lang: str) -> str:
    """A file-system error as one translated line naming the file."""
    path = exc.filename if exc.filename is not None else ""
    if isinstance(exc, CannotWrite):
        folder = Path(path).parent
        if not folder.is_dir():
            return t(lang, "cli.error.no_folder", path=path, folder=folder)
        return t(lang, "cli.error.cannot_write", path=path, reason=exc.strerror or str(exc))
    if isinstance(exc, FileExistsError):
        return t(lang, "cli.error.exists", path=path)
    if isinstance(exc, FileNotFoundError):
        return t(lang, "cli.error.not_found", path=path)
    if isinstance(exc, IsADirectoryError):
        return t(lang, "cli.error.is_directory", path=path)
    if isinstance(exc, PermissionError):
        return t(lang, "cli.error.permission", path=path)
    return t(lang, "cli.error.os", path=path, reason=exc.strerror or str(exc))


def database_reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def hide_password(url: str) -> str:
    return re.sub(r"(//[^/:@]*):[^/@]*@", r"\1:***@", url)


def out(*lines: str) -> None:
    for line in lines:
        print(clean(line), file=sys.stdout)


def err(*lines: str) -> None:
    for line in lines:
        print(clean(line), file=sys.stderr)


def tolerant_streams() -> None:
    """Never crash on a character the terminal's encoding lacks: escape it instead."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")


def silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the final flush does not fail too."""
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
