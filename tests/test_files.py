"""Writing output files: never over a device, pipe or symlink (found breaking the app for
issue 11: `letter -o /dev/full`, run as root, replaced the device with the letter)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from mmi_desktop.cli import main
from mmi_desktop.files import write_atomically
from tests.conftest import EXAMPLES


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_writing_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomically(fifo, b"%PDF-1.4 letter")
    reader.join(10)
    assert got == [b"%PDF-1.4 letter"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]  # no temp file left


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "letter.pdf"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_letter_written_into_a_pipe_arrives_and_the_pipe_stays(tmp_path: Path) -> None:
    # (a device such as /dev/full is not used here: a regression would replace it)
    fifo = tmp_path / "letter.pdf"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["letter", str(EXAMPLES / "clean.json"), "-o", str(fifo), "--draft"]) == 0
    reader.join(30)
    assert got and got[0].startswith(b"%PDF") and stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_folder_is_not_written_over(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomically(tmp_path, b"x")
