"""`python -m mmi_desktop` and the `mmi-desktop` command."""

from __future__ import annotations

import sys


def main() -> int:
    from mmi_desktop.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
