"""Writing a file whole or not at all: what every export, letter and calendar uses."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
