"""Files the commands write: through a temporary file, never half written or half replaced."""

from __future__ import annotations

import errno
import os
import shutil
import uuid
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the simulation loads numpy and scipy: imported where it is used
    pass


class CannotWrite(OSError):
    """A file the command was asked to write cannot be: its folder is missing, read-only…"""


def _cannot_write(exc: OSError, path: Path) -> OSError:
    """The error to report for a failed write of `path`: FileExistsError and IsADirectoryError
    as they are, any other as CannotWrite naming `path` (not "not found": the user writes)."""
    if isinstance(exc, FileExistsError | IsADirectoryError):
        return exc
    return CannotWrite(exc.errno or 0, exc.strerror or str(exc), str(path))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write bytes through a temporary file in the same folder, replacing any file there."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with temp.open("wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError as exc:
        raise _cannot_write(exc, path) from exc
    finally:
        with suppress(OSError):
            temp.unlink()


def write_atomic(path: Path, text: str, *, replace: bool) -> None:
    """Write a file through a temporary file in its folder: never half written, never half replaced.

    Without `replace`, an existing file is left alone and FileExistsError is raised.
    """
    if not replace and path.exists():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            with suppress(OSError):
                shutil.copymode(path, temp)
            os.replace(temp, path)
        else:
            _link_new(temp, path)
    except OSError as exc:
        if exc.filename is None or exc.filename in (temp, str(temp)):
            exc.filename = str(path)  # name the file the user asked for, not our temporary one
        raise _cannot_write(exc, path) from exc
    finally:
        with suppress(OSError):
            temp.unlink()


def _link_new(temp: Path, path: Path) -> None:
    """Give the finished temporary file its final name, failing if that name is taken meanwhile."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            raise
        if path.exists():  # a file system without hard links: check, then rename
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(temp, path)
