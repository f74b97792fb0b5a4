"""A throwaway PostgreSQL server for the tests: the machine's PostgreSQL binaries, a data
folder in a temporary directory, loopback only, a free port, stopped when the run ends.

PostgreSQL refuses to run as root; as root (CI, this machine) the server runs as the
`postgres` OS user (made by Debian's package) through `runuser`, in a folder that user owns.
Where that user may not write /dev/null (initdb needs it; some sandboxes keep it root's
only), it runs instead in a user namespace of its own (`unshare --user`), where it is not
uid 0 but keeps root's access to the files.
Each test gets a database of its own (`fresh_url`), so tests never see each other's rows.

Tests needing it skip when there are no binaries, except when MMI_REQUIRE_POSTGRES=1 (CI):
then they fail, so CI can never pass by skipping them."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "postgres"
REQUIRED_VARIABLE = "MMI_REQUIRE_POSTGRES"


class PgUnavailable(Exception):
    """No PostgreSQL binaries here (or the server would not start)."""


def required() -> bool:
    return os.environ.get(REQUIRED_VARIABLE) == "1"


def bin_dir() -> Path | None:
    """The newest PostgreSQL's binaries: Debian's /usr/lib/postgresql/N/bin, else PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One running server; `url(db)` is a SQLAlchemy URL to one of its databases."""

    def __init__(self) -> None:
        self.bin = bin_dir()
        if self.bin is None:
            raise PgUnavailable("no PostgreSQL binaries (initdb) on this machine")
        self.as_root = os.geteuid() == 0
        self.runner: list[str] = []
        if self.as_root:
            self.runner = self._root_runner()
        self.root = Path(tempfile.mkdtemp(prefix="mmi-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self.started = False

    # ------------------------------------------------------------------ process
    @staticmethod
    def _root_runner() -> list[str]:
        as_postgres = ["runuser", "-u", SUPERUSER, "--"]
        try:
            probe = subprocess.run([*as_postgres, "sh", "-c", "true > /dev/null"],
                                   capture_output=True, timeout=30)
            if probe.returncode == 0:
                return as_postgres
        except (OSError, subprocess.TimeoutExpired):
            pass
        if shutil.which("unshare"):
            import pwd

            try:  # (initdb looks its user up by id: map to one that exists)
                user = pwd.getpwnam(SUPERUSER)
            except KeyError:
                user = pwd.getpwnam("nobody")
            return ["unshare", "--user", f"--map-user={user.pw_uid}",
                    f"--map-group={user.pw_gid}"]
        raise PgUnavailable("running as root, and neither runuser nor unshare can start "
                            "PostgreSQL as another user")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [*self.runner, str(self.bin / args[0]), *args[1:]]
        return subprocess.run(command, capture_output=True, text=True, check=check,
                              cwd=self.root, timeout=120)

    def start(self) -> PgServer:
        if self.runner[:1] == ["runuser"]:
            shutil.chown(self.root, SUPERUSER, SUPERUSER)
        os.chmod(self.root, 0o700)
        try:
            self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
            options = (f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off "
                       "-c max_connections=120 -c shared_buffers=32MB")
            self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                      str(self.root / "server.log"), "-w", "-t", "60", "start")
        except (subprocess.CalledProcessError, OSError) as exc:
            log = self.root / "server.log"
            detail = getattr(exc, "stderr", "") or ""
            if log.exists():
                detail += log.read_text(errors="replace")[-2000:]
            self.stop()
            raise PgUnavailable(f"PostgreSQL would not start: {exc}\n{detail}") from exc
        self.started = True
        try:  # the postmaster's pid, to end it even if pg_ctl cannot (see stop)
            self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            self.pid = None
        import atexit

        atexit.register(self.stop)  # (a run that ends without its teardown leaves no server)
        return self

    def stop(self) -> None:
        if self.started:
            self.started = False
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop",
                          check=False)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self._end_postmaster()
        shutil.rmtree(self.root, ignore_errors=True)

    def _end_postmaster(self) -> None:
        """SIGQUIT (PostgreSQL's immediate shutdown) to the postmaster this object started,
        when pg_ctl left it running."""
        import signal

        pid = getattr(self, "pid", None)
        if pid is None:
            return
        for attempt in range(50):
            try:
                os.kill(pid, 0 if attempt else signal.SIGQUIT)
            except OSError:
                return  # gone
            time.sleep(0.1)

    # ------------------------------------------------------------------ databases
    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             dbname=database, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def fresh_database(self, prefix: str = "t") -> str:
        """A new, empty database's name."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return name

    def fresh_url(self, prefix: str = "t") -> str:
        return self.url(self.fresh_database(prefix))

    def wait_ready(self, timeout: float = 10) -> None:
        end = time.monotonic() + timeout
        while True:
            result = self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port),
                               check=False)
            if result.returncode == 0 or time.monotonic() > end:
                return
            time.sleep(0.1)
