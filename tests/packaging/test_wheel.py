"""A built wheel works on its own: built from a copy of the sources, installed (not editable)
into a fresh virtual environment, and run from a folder outside the repository.

The fresh environment has no pip and downloads nothing: pip from this environment installs
the wheel into it with --no-deps, and a .pth file lends it this environment's third-party
packages (Qt, SQLAlchemy, ReportLab…). The project itself comes only from the wheel: the
first test proves it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import venv
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

import mmi_desktop
from mmi_desktop.cli import main as cli_main
from mmi_desktop.store.dbfile import head_revision
from mmi_desktop.store.samples import sample_files
from tests.cli.test_window_process import demo_cases
from tests.letters.helpers import pdf_text

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("mmi_desktop", "resources", "pyproject.toml", "setup.py", "README.md")
AS_OF = "2026-11-27"


class Installed:
    def __init__(self, env: Path, wheel: Path, office: Path) -> None:
        self.env, self.wheel, self.office = env, wheel, office
        bin_dir = env / ("Scripts" if os.name == "nt" else "bin")
        self.python = bin_dir / ("python.exe" if os.name == "nt" else "python")
        self.command = bin_dir / ("mmi-desktop.exe" if os.name == "nt" else "mmi-desktop")

    def environ(self, home: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        return env | {"MMI_DESKTOP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}

    def run(self, *args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
        """`mmi-desktop ARGS` as installed, started in the office folder."""
        return subprocess.run(
            [str(self.command), *args], cwd=self.office, capture_output=True, text=True,
            env=self.environ(home or self.office / "home"), timeout=120,
        )

    def sample(self, name: str) -> Path:
        """A sample case file as the wheel installed it."""
        return next(self.env.glob(f"lib*/**/mmi_desktop/resources/samples/*-{name}.json"))


def _run(*command: str | Path, cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp / "dist"
    _run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, source,
         cwd=tmp)
    (wheel,) = dist.glob("mmi_desktop-*.whl")

    env = tmp / "office-venv"
    venv.EnvBuilder(with_pip=False).create(env)
    installed = Installed(env, wheel, tmp / "office")
    _run(sys.executable, "-m", "pip", "--python", installed.python, "install", "--no-deps",
         "--no-index", "--disable-pip-version-check", wheel, cwd=tmp)
    purelib = subprocess.run(
        [str(installed.python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True).stdout.strip()
    lent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "lent_test_dependencies.pth").write_text("\n".join(sorted(lent)) + "\n")
    installed.office.mkdir()
    return installed


def test_the_wheel_carries_every_resource_and_the_migrations(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    shipped = {
        "mmi_desktop/resources/" + p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*") if p.is_file()
    }
    assert shipped and not shipped - names
    migrations = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "mmi_desktop" / "store" / "migrations").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert migrations and not migrations - names
    assert not any(n.startswith("resources/") for n in names)  # nothing at the top level


def test_the_installed_app_comes_from_the_wheel_alone(installed: Installed) -> None:
    code = ("import importlib.metadata as m, mmi_desktop, mmi_desktop.paths as p;"
            "print(mmi_desktop.__file__); print(p.resource('samples'));"
            "print(m.version('mmi-desktop'))")
    done = subprocess.run([str(installed.python), "-c", code], cwd=installed.office,
                          capture_output=True, text=True, env=installed.environ(installed.office))
    assert done.returncode == 0, done.stderr
    package, samples, version = done.stdout.split("\n")[:3]
    env = installed.env.resolve()
    assert Path(package).resolve().is_relative_to(env)
    assert Path(samples).resolve().is_relative_to(env) and Path(samples).is_dir()
    assert version == mmi_desktop.__version__  # the wheel's metadata: the one version

    done = installed.run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"mmi-desktop {mmi_desktop.__version__}"


def test_analyze_from_the_wheel(installed: Installed, capsys: pytest.CaptureFixture[str]) -> None:
    sample = installed.sample("ramirez")
    done = installed.run("analyze", str(sample), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    # The same analysis as the checkout's, from the wheel's own rate tables and wording.
    assert cli_main(["analyze", str(sample), "--as-of", AS_OF]) == 0
    assert json.loads(done.stdout) == json.loads(capsys.readouterr().out)
    assert json.loads(done.stdout)["format"] == "mmi-analysis/1"


def _fonts(pdf: bytes) -> set[str]:
    return {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }


def test_letter_from_the_wheel_has_the_shipped_fonts(
    installed: Installed, tmp_path: Path
) -> None:
    sample = installed.sample("villasenor-betancourt")  # a name with accents
    done = installed.run("letter", str(sample), "-o", "x.pdf", "--as-of", AS_OF, "--draft")
    assert done.returncode == 0, done.stderr
    pdf = (installed.office / "x.pdf").read_bytes()
    # The letter quietly falls back to Helvetica when its font files are missing.
    assert "/AAAAAA+DejaVuSans" in _fonts(pdf)
    args = ["letter", str(sample), "-o", str(tmp_path / "x.pdf"), "--as-of", AS_OF, "--draft"]
    assert cli_main(args) == 0
    assert _fonts(pdf) == _fonts((tmp_path / "x.pdf").read_bytes())
    client = json.loads(sample.read_text(encoding="utf-8"))["client"]
    assert client["last_name"] in pdf_text(pdf)


def test_import_of_the_samples_into_a_new_database(installed: Installed) -> None:
    files = sorted(installed.sample("ramirez").parent.glob("*.json"))
    db = installed.office / "imported.sqlite"
    done = installed.run("import", "--db", str(db), *map(str, files))
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db)
    try:  # the migrations ran from the wheel up to the newest schema
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),)
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (len(sample_files()),)
    finally:
        conn.close()


def test_demo_opens_the_window_on_the_samples(installed: Installed) -> None:
    home = installed.office / "demo-home"
    proc = subprocess.Popen([str(installed.command), "--demo"], cwd=installed.office,
                            env=installed.environ(home), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert demo_cases(proc, home) == len(sample_files())


def test_the_self_test_passes_from_the_wheel(installed: Installed) -> None:
    home = installed.office / "self-test-home"
    done = installed.run("--self-test", home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Self-test passed." in done.stdout
    resources = done.stdout.split("resources: ", 1)[1].splitlines()[0]
    assert Path(resources).resolve().is_relative_to(installed.env.resolve())


def test_a_package_that_is_not_plain_files_copies_its_resources_out(
    installed: Installed, capsys: pytest.CaptureFixture[str]
) -> None:
    """Imported straight from the wheel (a zip): importlib.resources reads the resources,
    copied once into a real folder (fonts, globs) that goes when the process ends."""
    code = ("import sys, mmi_desktop, mmi_desktop.paths as p;"
            "print(mmi_desktop.__file__); print(p.resources_root());"
            "from mmi_desktop.cli import main; sys.exit(main(sys.argv[1:]))")
    sample = installed.sample("ramirez")
    env = installed.environ(installed.office) | {"PYTHONPATH": str(installed.wheel)}
    done = subprocess.run([sys.executable, "-c", code, "analyze", str(sample), "--as-of", AS_OF],
                          cwd=installed.office, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    package, copied, analysis = done.stdout.split("\n", 2)
    assert Path(package).is_relative_to(installed.wheel)
    assert Path(copied).name.startswith("mmi-desktop-resources-")  # a copy, read from the zip
    assert not Path(copied).exists()  # removed at the end of the process
    assert cli_main(["analyze", str(sample), "--as-of", AS_OF]) == 0
    assert json.loads(analysis) == json.loads(capsys.readouterr().out)
