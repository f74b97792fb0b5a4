"""Build MMI Desktop's one-folder application bundle with PyInstaller (packaging/mmi-desktop.spec),
on Linux here and, with the same command, on Windows.

    python tools/build_bundle.py                 # dist/mmi-desktop/ (needs the [bundle] extra)
    python tools/build_bundle.py --test          # ... then run the bundle's --self-test
    python tools/build_bundle.py --test --installer   # Windows: and the Inno Setup installer

Prints the bundle's size. `--test` also checks that the bundle holds none of the Qt modules
the app does not use (QML, Quick, WebEngine, translations…) and that its --version is this
source's; it exits 1 when anything fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "mmi-desktop.spec"
ISS = ROOT / "packaging" / "mmi-desktop.iss"
WINDOWS = sys.platform == "win32"
NAME = "mmi-desktop"
# No file of the bundle may carry these in its name: the Qt the app does not use.
NOT_SHIPPED = ("qt6qml", "qt6quick", "qt6webengine", "qtwebengine", "qt6virtualkeyboard",
               "qt6multimedia", "qt63d", "qt6charts", "qt6designer")
NOT_SHIPPED_FOLDERS = ("translations", "qml")


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from mmi_desktop import __version__

    return __version__


def program(bundle: Path) -> Path:
    return bundle / (f"{NAME}.exe" if WINDOWS else NAME)


def build(dist: Path, work: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
        cwd=ROOT, check=True,
    )
    return dist / NAME


def size_of(bundle: Path) -> tuple[int, int]:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def unwanted(bundle: Path) -> list[str]:
    found = []
    for path in bundle.rglob("*"):
        rel = path.relative_to(bundle).as_posix()
        lowered = path.name.lower()
        if any(part in lowered for part in NOT_SHIPPED):
            found.append(rel)
        elif path.is_dir() and "PySide6/Qt/" in rel and path.name in NOT_SHIPPED_FOLDERS:
            found.append(rel + "/")
    return sorted(found)


def self_test(bundle: Path) -> bool:
    """The bundle's --version and --self-test, as an office PC would start them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    ok = True
    if not WINDOWS:  # the Windows program is windowed: it has no console to print to
        shown = subprocess.run([str(program(bundle)), "--version"], capture_output=True,
                               text=True, env=env, timeout=120)
        ok = shown.stdout.strip() == f"{NAME} {version()}"
        print(f"--version: {shown.stdout.strip() or shown.stderr.strip()}"
              f"{'' if ok else f' (expected {NAME} {version()})'}")
    report = Path(tempfile.gettempdir()) / "mmi-desktop-self-test.txt"
    report.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as office:  # started from a folder of its own
        done = subprocess.run([str(program(bundle)), "--self-test"], cwd=office, env=env,
                              capture_output=True, text=True, timeout=600)
    print(done.stdout or (report.read_text(encoding="utf-8") if report.exists() else ""),
          end="")
    if done.stderr.strip():
        print(done.stderr, file=sys.stderr)
    return ok and done.returncode == 0


def installer(bundle: Path, dist: Path) -> Path:
    """The Windows installer (Inno Setup 6's ISCC) around the bundle."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"))
    if iscc is None and (default / "Inno Setup 6" / "ISCC.exe").exists():
        iscc = str(default / "Inno Setup 6" / "ISCC.exe")
    if iscc is None:
        raise SystemExit("Inno Setup 6 (ISCC.exe) was not found: install it, or put it on PATH")
    subprocess.run([iscc, f"/DAppVersion={version()}", f"/DBundleDir={bundle}",
                    f"/O{dist}", str(ISS)], check=True)
    return dist / f"{NAME}-{version()}-setup.exe"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="run the built bundle's self-test")
    parser.add_argument("--installer", action="store_true",
                        help="then build the Windows installer (Windows only, Inno Setup 6)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller)")
    args = parser.parse_args()
    if args.installer and not WINDOWS:
        parser.error("the installer is built on Windows (Inno Setup); see the README")

    bundle = build(args.dist.resolve(), args.work.resolve())
    size, count = size_of(bundle)
    print(f"bundle: {bundle} ({size / 2**20:.1f} MiB in {count:,} files)")
    failed = False
    if args.test:
        extra = unwanted(bundle)
        if extra:
            print("Qt the app does not use is in the bundle:\n  " + "\n  ".join(extra))
            failed = True
        if not self_test(bundle):
            print("the bundle's self-test FAILED")
            failed = True
    if args.installer and not failed:
        print(f"installer: {installer(bundle, args.dist.resolve())}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
