"""Moving a PC's database into the firm server: everything, all or nothing, duplicates
left out by import's rules when merging, no case number given twice."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from mmi_desktop.cli import main
from mmi_desktop.domain.analysis import analyze
from mmi_desktop.domain.casefile import load_case
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.thresholds import Thresholds
from mmi_desktop.services.transfer import transfer
from mmi_desktop.store.cases import CaseStore
from mmi_desktop.store.database import open_database
from mmi_desktop.store.records import StoreError
from mmi_desktop.store.samples import sample_files
from mmi_desktop.store.settings import SettingsStore

TODAY = date(2026, 11, 27)


def pc_database(path: Path) -> Path:
    """A PC's file: the sample cases, one edited, the newest deleted, a flag dismissed,
    the firm's details and a changed threshold."""
    db = open_database(path)
    try:
        store = CaseStore(db)
        ids = store.import_cases([load_case(p) for p in sample_files()[:5]])
        stored = store.load(ids[0])
        edited = copy.deepcopy(stored.case)
        edited.client.phone = "(555) 555-0123"
        store.save(ids[0], edited, stored.version)
        for case_id in ids:
            case = store.load(case_id).case
            flags = analyze(case, TODAY).flags
            if flags:
                store.dismiss_flag(case_id, case, flags[0], "Reviewed")
                break
        store.delete(ids[-1])
        SettingsStore(db).save(firm=FirmDetails(name="Example Law Group"),
                               thresholds=Thresholds(min_visits=5))
    finally:
        db.close()
    return path


def contents(url: str) -> dict[str, object]:
    db = open_database(url, create=False)
    try:
        store = CaseStore(db)
        ids = store.ids()
        return {
            "cases": {i: (store.load(i).case, store.load(i).version) for i in ids},
            "trail": [(r.case_id, r.action, r.path, r.old_value, r.new_value)
                      for r in store.audit() if r.action != "transfer"],
            "dismissals": {i: [(d.flag_key, d.reason) for d in store.dismissals(i)]
                           for i in ids},
            "markers": store.markers(TODAY),
            "firm": SettingsStore(db).firm(),
            "thresholds": SettingsStore(db).thresholds(),
        }
    finally:
        db.close()


def test_everything_moves_and_numbers_are_kept(tmp_path: Path, db_url: str) -> None:
    source = pc_database(tmp_path / "pc.sqlite")
    before = contents(str(source))
    moved, _change = transfer(str(source), db_url)
    assert (moved.cases, moved.dismissals) == (4, 1)
    assert moved.audit_rows == len(before["trail"])  # type: ignore[arg-type]
    after = contents(db_url)
    assert after == before
    assert contents(str(source)) == before  # the source is only read
    db = open_database(db_url)
    try:
        store = CaseStore(db)
        assert [r.action for r in store.audit() if r.case_id is None][-1] == "transfer"
        # The deleted case 5's number is not given again on the target either.
        new_id = store.create(load_case(sample_files()[0]))
        assert new_id > 5
        assert [r.action for r in store.audit(new_id)] == ["create"]
    finally:
        db.close()


def test_a_target_holding_cases_is_refused_and_left_as_it_was(tmp_path: Path,
                                                              db_url: str) -> None:
    source = pc_database(tmp_path / "pc.sqlite")
    db = open_database(db_url)
    CaseStore(db).create(load_case(sample_files()[7]))
    db.close()
    before = contents(db_url)
    with pytest.raises(StoreError, match="already holds 1 case; nothing was moved"):
        transfer(str(source), db_url)
    assert contents(db_url) == before


def test_merge_leaves_out_duplicates_and_renumbers_the_rest(tmp_path: Path, db_url: str) -> None:
    source = pc_database(tmp_path / "pc.sqlite")
    db = open_database(db_url)
    there = CaseStore(db)
    same = there.create(load_case(sample_files()[1]))  # the PC's case 2, typed on the server
    other = there.create(load_case(sample_files()[7]))
    there.delete(other)  # (its number must not be given to a moved case)
    SettingsStore(db).set_firm(FirmDetails(name="The Firm's Own Name LLP"))
    db.close()
    moved, _ = transfer(str(source), db_url, merge=True)
    assert [(i, [m.case_id for m in matches]) for i, _, matches in moved.duplicates] == \
        [(2, [same])]
    assert moved.cases == 3
    assert moved.settings_kept == ["firm"]
    db = open_database(db_url)
    try:
        store = CaseStore(db)
        ids = store.ids()
        assert len(ids) == 4 and len(set(ids)) == 4
        assert set(moved.numbers) == {1, 3, 4}
        assert other not in moved.numbers.values()
        for old, new in moved.numbers.items():
            actions = [r.action for r in store.audit(new)]
            assert actions[0] == "import", (old, new, actions)
        assert [r.action for r in store.audit(same)] == ["create"]  # no trail mixed in
        assert SettingsStore(db).firm().name == "The Firm's Own Name LLP"
    finally:
        db.close()


def test_a_failure_midway_leaves_the_target_as_it_was(tmp_path: Path, db_url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from mmi_desktop.store import transfer as moving

    source = pc_database(tmp_path / "pc.sqlite")
    open_database(db_url).close()
    before = contents(db_url)
    real = moving.insert

    def failing(model):  # type: ignore[no-untyped-def]
        if model is moving.AuditRow:
            raise OSError("the network went away")
        return real(model)

    monkeypatch.setattr(moving, "insert", failing)
    with pytest.raises(OSError):
        transfer(str(source), db_url)
    assert contents(db_url) == before


def test_the_command_prints_the_counts(tmp_path: Path, pg_url: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = pc_database(tmp_path / "pc.sqlite")
    url = pg_url.replace("postgresql+psycopg://", "postgresql://")
    assert main(["transfer", "--db", str(source), "--to", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Moved 4 case(s), ")
    assert "1 dismissal(s) and 2 setting(s)" in out
    assert main(["transfer", "--db", str(source), "--to", url]) == 2
    assert "already holds 4 cases" in capsys.readouterr().err
    assert main(["transfer", "--db", str(source), "--to", url, "--merge"]) == 1
    err = capsys.readouterr().err
    assert err.count("Left out case") == 4
