"""Touching the disk safely: read only ordinary files of a bounded size, replace files atomically.

Every read (.nnviz open, CSV import) goes through `read_bytes` and every write (.nnviz save, CSV
export) through `write_atomically`; both refuse a path that is not an ordinary file (a device such
as /dev/zero, a pipe, a socket) through the one check `refuse_unusual`, so nothing hangs, reads
without end, or replaces a device node with a regular file.

A save writes `.nnviz-<8 hex>.tmp` in the target's folder, then renames it over the target. The temp
name has a fixed length, so any file name the system allows can be saved. A save killed half-way can
leave such a file behind; the next save or open in that folder removes the ones older than
STALE_SECONDS (younger ones may belong to another nnviz saving right now), and also those older
nnviz versions left for the file being saved or opened (`.NAME.XXXXXXXX.tmp`).
"""
import os
import re
import secrets
import stat
import time
from pathlib import Path

from .errors import FileFormatError
from .messages import printable

MAX_BYTES = 64 * 1024 * 1024  # the largest file nnviz reads (a 1,600 x 1,600 network is about 50 MB)
TEMP_PATTERN = re.compile(r"^\.nnviz-[0-9a-f]{8}\.tmp$")
_OLD_TEMP = r"^\.{name}\.[0-9a-f]{{8}}\.tmp$"  # what nnviz 0.1 wrote beside NAME
STALE_SECONDS = 60.0


def _name(path) -> str:
    return printable(os.fspath(path), limit=None)


def refuse_unusual(path, st: os.stat_result, *, reading: bool) -> None:
    """Raise FileFormatError unless `st` is an ordinary file (and, for reading, at most MAX_BYTES)."""
    if stat.S_ISDIR(st.st_mode):
        raise FileFormatError(f"{_name(path)}: is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        what = ("a pipe" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not an ordinary file")
        action = "reads" if reading else "saves to"
        raise FileFormatError(f"{_name(path)}: is {what}, not an ordinary file; nnviz only {action} ordinary "
                              "files" + ("" if reading else ", so choose another file name"))
    if reading and st.st_size > MAX_BYTES:
        raise FileFormatError(f"{_name(path)}: is {_megabytes(st.st_size)}, larger than the "
                              f"{_megabytes(MAX_BYTES)} nnviz opens; is this the right file?")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def read_bytes(path) -> bytes:
    """The whole content of an ordinary file of at most MAX_BYTES; FileFormatError (naming it) otherwise.

    The file is opened without blocking (a pipe with no writer would wait forever) and checked on the
    open handle, so what is checked is what is read; reading stops after MAX_BYTES even if it grows.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise FileFormatError(f"{_name(path)}: no such file") from None
    except IsADirectoryError:
        raise FileFormatError(f"{_name(path)}: is a folder, not a file") from None
    except PermissionError:
        raise FileFormatError(f"{_name(path)}: permission denied; check that you may read this file") from None
    except OSError as exc:
        raise FileFormatError(f"{_name(path)}: cannot be read ({exc.strerror or exc})") from None
    try:
        refuse_unusual(path, os.fstat(fd), reading=True)
        with os.fdopen(fd, "rb") as handle:
            fd = None  # the handle closes it
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FileFormatError(f"{_name(path)}: cannot be read ({exc.strerror or exc})") from None
    finally:
        if fd is not None:
            os.close(fd)
    if len(data) > MAX_BYTES:
        raise FileFormatError(f"{_name(path)}: is larger than the {_megabytes(MAX_BYTES)} nnviz opens; "
                              "is this the right file?")
    remove_stale_temps(Path(path).parent, Path(path).name)
    return data


def save_target(path) -> Path:
    """Where a save to `path` lands (a symlink's target); FileFormatError if that is not an ordinary file."""
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target  # a new file
    except OSError:
        return target  # writing will say what is wrong
    refuse_unusual(path, st, reading=False)
    return target


def write_atomically(path, data: bytes) -> None:
    """Replace (or create) the ordinary file `path` by `data`: write a temporary file, fsync, rename.

    Refuses a path that exists but is not an ordinary file (FileFormatError). On any error the old
    file is untouched and the temporary file removed; write errors propagate as OSError.
    """
    target = save_target(path)
    folder = target.parent
    remove_stale_temps(folder, target.name)
    tmp = folder / f".nnviz-{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)  # keep the permissions of the file replaced
        except FileNotFoundError:
            pass
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)


def remove_stale_temps(folder, name: str | None = None, now: float | None = None) -> list[str]:
    """Delete our own temporary files older than STALE_SECONDS (.nnviz-XXXXXXXX.tmp, and .NAME.XXXXXXXX.tmp
    for the file `name`); the names removed.

    Best effort: a folder that cannot be listed or a file that cannot be removed is left alone.
    """
    now = time.time() if now is None else now
    old = re.compile(_OLD_TEMP.format(name=re.escape(name))) if name else None
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (TEMP_PATTERN.match(entry.name) or (old is not None and old.match(entry.name))):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            continue
    return removed


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the OS allows opening a folder (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
