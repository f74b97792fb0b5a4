"""File names for what the app writes per case (case files, letters): safe on every OS."""

from __future__ import annotations

import re
import unicodedata

from mmi_desktop.domain.model import Client

MAX_STEM = 80  # well under every file system's limit, with room for "-NN.pdf"
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def case_key(case_id: int) -> str:
    """The file name prefix of a case: '0007'."""
    return f"{case_id:04d}"


def ascii_words(text: str) -> str:
    """'Núñez O'Brien' -> 'Nunez-O-Brien': letters and digits only, joined by hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("-", plain).strip("-")


def file_stem(key: str, client: Client, fallback: str = "case") -> str:
    """'0007-Lopez-Maria' from a case key and the client's name."""
    parts = [ascii_words(key), ascii_words(client.last_name), ascii_words(client.first_name)]
    stem = "-".join(p for p in parts if p) or fallback
    return stem[:MAX_STEM].rstrip("-")
