"""Writing a file whole or not at all: what every export, letter and calendar uses."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be removed there anyway
    fcntl = None  # type: ignore[assignment]

PARTIAL = ".partial"


def make_folder(path: Path) -> Path:
    """Create `path` and any missing parents, each readable by its owner only (0700), whatever
    the umask: the folders the app makes hold medical details. Existing folders are left as
    they are."""
    path = Path(path)
    missing: list[Path] = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        if os.name == "posix":
            os.chmod(folder, 0o700)  # (mkdir's mode is cut by the umask, never added to)
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, then rename: a crash or a
    full disk leaves the old file or none, never half of one. The file is created readable
    by its owner only (mkstemp's 0600): what the app writes holds medical details."""
    path = Path(path)
    if path.is_symlink():  # write the file it points to, and keep the link
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a folder", str(path))
        # A device or a pipe (/dev/stdout, a FIFO): written into as it is, never renamed
        # over (that would replace the device node with a regular file).
        with open(path, "wb") as fh:
            fh.write(data)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def partial_file(target: Path) -> Iterator[Path]:
    """`target.partial`, created empty and owner-only, for a copy to be written into and
    then renamed over `target` by the caller. It is removed if the block fails, and held
    locked (POSIX) while the block runs, so `remove_abandoned` can tell it from one whose
    writer was killed."""
    tmp = Path(target).with_name(Path(target).name + PARTIAL)
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield tmp
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    finally:
        os.close(fd)


ABANDONED_AFTER = 24 * 3600  # where a writer cannot be seen through a lock: a day


def remove_abandoned(paths: Iterable[Path]) -> list[Path]:
    """Remove the partial files no process is writing any more (a killed backup's); a
    partial being written now is held locked by its writer and left alone."""
    removed = []
    for path in paths:
        try:
            if fcntl is not None:
                fd = os.open(path, os.O_RDONLY)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # its writer is still at work
                finally:
                    os.close(fd)
            elif time.time() - path.stat().st_mtime < ABANDONED_AFTER:
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
