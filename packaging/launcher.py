"""The bundle's program: the same entry point as the `mmi-desktop` command."""

import sys

from mmi_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
