"""`python -m mmi_desktop` and the `mmi-desktop` command."""

from __future__ import annotations

import signal
import sys


def main() -> int:
    from mmi_desktop.cli import main as cli_main

    if hasattr(signal, "SIGPIPE"):
        # `mmi-desktop analyze … | head`: a reader that stops early ends the command
        # quietly, as it does any Unix tool, instead of a "Broken pipe" error.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
