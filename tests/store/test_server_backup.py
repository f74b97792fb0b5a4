"""Backups of a server database: a consistent snapshot that restore and transfer read back;
the daily backup made by one PC only."""

from __future__ import annotations

import copy
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from mmi_desktop.cli import main
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.services import firm_server
from mmi_desktop.services.transfer import transfer
from mmi_desktop.services.workspace import Workspace
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from mmi_desktop.store.dbfile import check_backup
from mmi_desktop.store.samples import sample_files
from mmi_desktop.store.server_backup import pg_dump_program, snapshot


@pytest.fixture
def server(pg_url: str) -> str:
    db = open_database(pg_url)
    try:
        store = CaseStore(db)
        ids = store.import_cases([load_case(p) for p in sample_files()[:3]])
        store.delete(ids[-1])
    finally:
        db.close()
    return pg_url


def cases(url: str) -> dict[int, object]:
    db = open_database(url, create=False)
    try:
        store = CaseStore(db)
        return {i: store.load(i).case for i in store.ids()}
    finally:
        db.close()


def test_a_sqlite_snapshot_is_a_whole_database_that_transfer_reads_back(
        server: str, tmp_path: Path, pg_server) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "firm.sqlite"
    assert main(["backup", "-o", str(target), "--db", server]) == 0
    assert check_backup(target)  # a whole MMI Desktop database this version knows
    assert cases(str(target)) == cases(server)
    again = pg_server.fresh_url()
    moved, _ = transfer(str(target), again)
    assert moved.cases == 2
    assert cases(again) == cases(server)
    db = open_database(again)
    try:  # the deleted case 3's number stays used on the server made from the backup
        assert CaseStore(db).create(load_case(sample_files()[5])) > 3
    finally:
        db.close()


def test_the_snapshot_does_not_see_a_save_made_while_it_is_read(server: str) -> None:
    db = open_database(server)
    other = open_database(server)
    try:
        with snapshot(db) as moment:
            before = CaseStore(moment).load(1)
            changed = copy.deepcopy(before.case)
            changed.client.phone = "(555) 555-0142"
            CaseStore(other).save(1, changed, before.version)  # another PC, meanwhile
            assert CaseStore(moment).load(1).case == before.case
            assert CaseStore(moment).count() == 2
        assert CaseStore(db).load(1).case == changed
    finally:
        db.close()
        other.close()


@pytest.mark.skipif(pg_dump_program() is None, reason="no pg_dump here")
def test_pg_dump_writes_a_custom_format_dump_without_the_password_on_its_command_line(
        server: str, tmp_path: Path, pg_server) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "firm.dump"
    with Workspace.open(server) as ws:
        made = firm_server.backup_to(ws, target, replace=False)
    assert made == target and target.read_bytes()[:5] == b"PGDMP"
    listing = subprocess.run([str(Path(pg_dump_program()).with_name("pg_restore")), "--list",  # type: ignore[arg-type]
                              str(target)], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public cases" in listing
    assert not list(tmp_path.glob("*.partial"))
    with Workspace.open(server) as ws, pytest.raises(Exception, match="already exists"):
        firm_server.backup_to(ws, target, replace=False)


def test_the_daily_backup_is_made_by_the_named_pc_only(server: str, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with Workspace.open(server) as ws:
        assert firm_server.daily_backup_if_due(ws, pc="front-desk", folder=folder) is None
        firm_server.set_backup_pc(ws, "front-desk")
        assert firm_server.daily_backup_if_due(ws, pc="back-office", folder=folder) is None
        made = firm_server.daily_backup_if_due(ws, pc="front-desk", folder=folder)
        assert made is not None and made.exists()
        assert firm_server.daily_backup_if_due(ws, pc="front-desk", folder=folder) is None
        later = datetime.now() + timedelta(days=1, minutes=1)
        assert firm_server.daily_backup_if_due(ws, pc="front-desk", folder=folder,
                                               now=later) is not None
    assert len(list(folder.iterdir())) == 2
    assert cases(str(made)) == cases(server)


def test_backup_pc_command(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["server", "backup-pc", "front-desk", "--db", server]) == 0
    assert "front-desk" in capsys.readouterr().out
    with Workspace.open(server) as ws:
        assert firm_server.backup_pc(ws) == "front-desk"


def test_backup_without_a_file_keeps_rotating_snapshots_in_the_data_folder(
        server: str, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--db", server]) == 0
    written = Path(capsys.readouterr().out.split("Backup written to ", 1)[1].strip())
    from mmi_desktop import paths

    assert written.parent == paths.data_dir() / "server-backups"
    assert home in written.parents
    assert written.name.endswith(".sqlite") and "127.0.0.1" in written.name
    assert cases(str(written)) == cases(server)
