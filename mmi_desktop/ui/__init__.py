"""The desktop window (PySide6): the only layer that imports Qt.

Importing PySide6 replaces Python's `__import__` with shiboken's `__feature__` hook, which
reads the whole source of every module imported after it to learn whether it uses PySide.
That costs this app about 60 ms and 19 MiB when SQLAlchemy loads after Qt (measured with
benchmarks/run.py; napari/napari#8584 traced the same cost). The app uses none of the
`from __feature__ import …` options, so when this package is the first to load Qt it puts
Python's own import back.
"""

import builtins
import sys

if "PySide6.QtCore" not in sys.modules:
    _python_import = builtins.__import__
    import PySide6.QtCore  # noqa: F401  (installs the hook)

    builtins.__import__ = _python_import
