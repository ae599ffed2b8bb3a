"""Reading one input file safely: never blocking on a pipe or device, never reading a huge file
whole, and saying in a few words why a file cannot be read."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# The largest input file read (256 MB). A WordPress export of some ten thousand posts is well
# under 100 MB; a larger file is refused with its size rather than read into memory whole.
MAX_FILE_BYTES = 256 * 1024 * 1024


class UnreadableInput(ValueError):
    """An input that cannot be read at all: not a regular file, no access, too large."""


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: resolve what leads to it
        try:
            resolved = path.parent.resolve() / path.name
        except (OSError, RuntimeError):
            return str(path)
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except (OSError, ValueError):
        return str(path)


def _os_reason(error: OSError, what: str = "") -> str:
    """Why a file (or folder: what="folder") cannot be read, in a few words, without the path."""
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    cannot = f"cannot read {what}".rstrip()
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{cannot}: permission denied"
    if error.errno == errno.ELOOP:
        return f"{cannot}: a loop of symbolic links"
    return f"{cannot}: {(error.strerror or str(error)).lower()}"


_KINDS = [(stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]


def _not_a_file(mode: int) -> str:
    kind = next((name for test, name in _KINDS if test(mode)), "")
    return f"cannot read: {kind}, not a regular file" if kind else "cannot read: not a regular file"


def read_input(path: Path) -> bytes:
    """The bytes of one input file, or UnreadableInput saying why not. Never blocks: pipes,
    devices and sockets are refused before they are opened, and so are files over
    MAX_FILE_BYTES."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise UnreadableInput(_os_reason(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInput("a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableInput(_not_a_file(info.st_mode))
    _check_size(info.st_size)
    try:
        # O_NONBLOCK: should the file be swapped for a pipe after the check, open() still returns.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise UnreadableInput(_os_reason(error)) from None
    with open(descriptor, "rb") as file:
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise UnreadableInput(_not_a_file(info.st_mode))
            _check_size(info.st_size)
            # The size just checked, and a byte more to see a file that grew: read(MAX_FILE_BYTES + 1)
            # would reserve a 256 MB buffer for every file, however small.
            data = file.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += file.read(MAX_FILE_BYTES + 1 - len(data))
        except OSError as error:
            raise UnreadableInput(_os_reason(error)) from None
    _check_size(len(data))  # grew while being read
    return data


def _check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise UnreadableInput(f"too large to read: {size / 2**20:,.0f} MB, over the limit of "
                              f"{MAX_FILE_BYTES // 2**20} MB (split the export into smaller files)")
