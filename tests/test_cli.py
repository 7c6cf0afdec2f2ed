"""The `procopius` command end to end, in process through typer's test runner, with a store in
a temporary folder."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from procopius.cli import app
from procopius.exports import ACLED_COLUMNS, UCDP_COLUMNS
from procopius.samples import example_paths

Stored = tuple[Path, Result]

GOOD = (
    "The Tana River Brigade (TRB) is an armed group in eastern Kenya. On 4 May 2020 the "
    "brigade attacked a police post near Garissa, killing three officers. In June 2020 police "
    "arrested 12 of its members in Lamu.\n"
)


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, wide: bool = True) -> Result:
    """Run the command; `wide` gives it a terminal wide enough that no message wraps."""
    env = {"COLUMNS": "1000"} if wide else {}
    result = runner.invoke(app, list(args), catch_exceptions=True, env=env)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


@pytest.fixture(scope="session")
def example_store(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """A store filled by `extract --example`, and that run's result."""
    db = tmp_path_factory.mktemp("store") / "examples.sqlite"
    result = invoke(runner, "extract", "--example", "--db", str(db))
    return db, result


def _count(db: Path, kind: str | None = None) -> int:
    from procopius.store import Store

    with Store(db) as store:
        return len(list(store.records(kind)))


def test_extract_example_prints_and_stores(example_store: Stored) -> None:
    db, result = example_store
    assert result.exit_code == 0
    assert "Events (" in result.stdout
    assert "Claims (" in result.stdout
    for column in ("date", "type", "actors", "place", "deaths", "evidence"):
        assert column in result.stdout
    n = len(example_paths())
    assert f"stored {n} document(s)" in result.stdout
    assert _count(db, "document") == n
    assert _count(db, "event") > n
    assert _count(db, "actor") >= n


def test_extract_json_counts(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "tana.txt"
    src.write_text(GOOD, encoding="utf-8")
    result = invoke(runner, "extract", str(src), "--no-store", "--format", "json")
    assert result.exit_code == 0
    counts = json.loads(result.stdout)
    assert counts["documents"] == 1
    assert counts["events"] == 2
    assert counts["errors"] == 0
    assert not list(tmp_path.glob("*.sqlite"))


def test_extract_native_prints_records(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "tana.txt"
    src.write_text(GOOD, encoding="utf-8")
    result = invoke(runner, "extract", str(src), "--no-store", "-f", "native")
    kinds = [json.loads(line)["kind"] for line in result.stdout.splitlines()]
    assert kinds[0] == "document"
    assert kinds.count("event") == 2


def _bad_folder(tmp_path: Path) -> tuple[Path, list[str]]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Caf\xe9 attacked on 3 May 2020.".encode("latin-1"))
    (folder / "broken.jsonl").write_text('{"text": "A line."}\n{not json\n', encoding="utf-8")
    return folder, ["empty.txt", "binary.txt", "latin1.txt", "broken.jsonl"]


def test_extract_reports_bad_files_and_reads_the_good_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder, bad = _bad_folder(tmp_path)
    db = tmp_path / "s.sqlite"
    result = invoke(runner, "extract", str(folder), "--db", str(db))
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    for name in bad:
        assert sum(name in line for line in errors) == 1, (name, result.stderr)
    assert "good.txt" not in result.stderr
    assert "Tana River Brigade" in result.stdout
    assert _count(db, "event") >= 2


def test_extract_errors_are_one_line_each(runner: CliRunner, tmp_path: Path) -> None:
    folder, bad = _bad_folder(tmp_path)
    result = invoke(runner, "extract", str(folder), "--no-store", "-f", "json", wide=False)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == len(bad)
    assert all(line.startswith("error: ") for line in lines)


def test_extract_exits_non_zero_when_nothing_was_read(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = invoke(runner, "extract", str(empty), "--db", str(tmp_path / "s.sqlite"))
    assert result.exit_code != 0
    assert "empty.txt" in result.stderr


def test_extract_without_paths_is_a_usage_error(runner: CliRunner) -> None:
    result = invoke(runner, "extract", "--no-store")
    assert result.exit_code == 2
    assert "error:" in result.stderr


def test_extract_twice_replaces_the_records(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "tana.txt"
    src.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "s.sqlite"
    invoke(runner, "extract", str(src), "--db", str(db), "-f", "json")
    first = {kind: _count(db, kind) for kind in ("document", "actor", "event", "claim")}
    invoke(runner, "extract", str(src), "--db", str(db), "-f", "json")
    again = {kind: _count(db, kind) for kind in ("document", "actor", "event", "claim")}
    assert first == again
    assert first["document"] == 1


def _export(runner: CliRunner, db: Path, fmt: str) -> str:
    result = invoke(runner, "export", "--format", fmt, "--db", str(db))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_export_acled(runner: CliRunner, example_store) -> None:
    db, _ = example_store
    rows = list(csv.reader(io.StringIO(_export(runner, db, "acled"))))
    assert tuple(rows[0]) == tuple(ACLED_COLUMNS)
    assert len(rows) > 10
    assert all(len(r) == len(ACLED_COLUMNS) for r in rows)


def test_export_ucdp(runner: CliRunner, example_store) -> None:
    db, _ = example_store
    rows = list(csv.reader(io.StringIO(_export(runner, db, "ucdp"))))
    assert tuple(rows[0]) == tuple(UCDP_COLUMNS)
    assert all(len(r) == len(UCDP_COLUMNS) for r in rows)


def test_export_geojson(runner: CliRunner, example_store) -> None:
    db, _ = example_store
    data = json.loads(_export(runner, db, "geojson"))
    assert data["type"] == "FeatureCollection"
    assert data["features"]
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"][:2]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_export_native(runner: CliRunner, example_store) -> None:
    db, _ = example_store
    lines = _export(runner, db, "native").splitlines()
    kinds = {json.loads(line)["kind"] for line in lines}
    assert {"document", "actor", "event", "claim", "relation"} <= kinds


def test_export_plover(runner: CliRunner, example_store) -> None:
    db, _ = example_store
    lines = _export(runner, db, "plover").splitlines()
    assert lines
    assert all(isinstance(json.loads(line), dict) for line in lines)


def test_export_to_a_file(runner: CliRunner, example_store, tmp_path: Path) -> None:
    db, _ = example_store
    out = tmp_path / "events.csv"
    result = invoke(runner, "export", "-f", "acled", "-o", str(out), "--db", str(db))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert str(out) in result.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(ACLED_COLUMNS)
    assert not list(tmp_path.glob("*.part"))


def test_show_an_event_prints_its_evidence(runner: CliRunner, example_store) -> None:
    db, _ = example_store
    event = json.loads(
        next(line for line in _export(runner, db, "native").splitlines() if '"event"' in line)
    )
    result = invoke(runner, "show", event["id"], "--db", str(db))
    assert result.exit_code == 0
    assert event["id"] in result.stdout
    assert "evidence:" in result.stdout
    first = " ".join(event["evidence"][0]["text"].split()[:4])
    assert first in " ".join(result.stdout.split())


def test_show_an_actor_by_name(runner: CliRunner, example_store) -> None:
    db, _ = example_store
    result = invoke(runner, "show", "Bukidnon Peasant Guard", "--db", str(db))
    assert result.exit_code == 0
    assert result.stdout.startswith("actor actor-")
    assert '"is_subject": true' in result.stdout
    assert "evidence:" in result.stdout


def test_show_an_unknown_id(runner: CliRunner, example_store) -> None:
    db, _ = example_store
    result = invoke(runner, "show", "event-000000000000", "--db", str(db))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "event-000000000000" in result.stderr


def test_eval_articles_json(runner: CliRunner) -> None:
    gold = Path(__file__).parent / "gold"
    result = invoke(runner, "eval", "articles", str(gold), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"overall", "files"}
    assert set(data["files"]) == {p.name for p in gold.glob("*.gold.json")}
    for part in [data["overall"], *data["files"].values()]:
        assert set(part) == {"events", "claims", "profile"}
        for key in ("tp", "fp", "fn", "precision", "recall", "f1"):
            assert key in part["events"] and key in part["claims"]
        for attr in ("type", "date", "date_precision", "location", "fatalities", "actor"):
            assert f"{attr}_accuracy" in part["events"]
        for attr in ("claimant", "value", "qualifier"):
            assert f"{attr}_accuracy" in part["claims"]
        assert set(part["profile"]) == {
            "aliases",
            "parents",
            "people",
            "allies",
            "founded",
            "areas",
        }
    overall = data["overall"]["events"]
    assert 0 <= overall["precision"] <= 1 and 0 <= overall["recall"] <= 1


def test_eval_articles_without_gold_files(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "eval", "articles", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


@pytest.mark.parametrize("name", ["muc4", "rams", "cascade"])
def test_data_set_commands_offer_only_their_own_options(runner: CliRunner, name: str) -> None:
    result = invoke(runner, "eval", name, "--help")
    assert result.exit_code == 0
    assert "--json" in result.stdout and "--limit" in result.stdout
    assert "module" not in result.stdout


def test_a_data_set_command_names_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "eval", "rams", str(tmp_path / "absent"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'absent'}: no such file or folder\n"


@pytest.mark.parametrize(
    "args",
    [
        ("export", "-f", "acled"),
        ("show", "anything"),
        ("extract", "PLACEHOLDER"),
    ],
)
def test_a_store_that_is_not_sqlite(
    runner: CliRunner, tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = tmp_path / "notes.sqlite"
    db.write_text("my notes, not a database\n", encoding="utf-8")
    before = db.read_bytes()
    src = tmp_path / "tana.txt"
    src.write_text(GOOD, encoding="utf-8")
    args = tuple(str(src) if a == "PLACEHOLDER" else a for a in args)
    result = invoke(runner, *args, "--db", str(db))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "not a SQLite database" in lines[0]
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite", "tana.txt"]


def test_store_error_is_one_line_on_a_narrow_console(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / ("a-rather-long-folder-name-for-the-store" * 2) / "notes.sqlite"
    db.parent.mkdir()
    db.write_text("my notes, not a database\n", encoding="utf-8")
    result = invoke(runner, "export", "--db", str(db), wide=False)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1


def test_the_store_is_a_real_sqlite_file(example_store: Stored, tmp_path: Path) -> None:
    db, _ = example_store
    copy = tmp_path / "copy.sqlite"
    shutil.copy(db, copy)
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize(
    "command",
    [[], ["extract"], ["export"], ["show"], ["eval"], ["eval", "articles"]],
)
def test_help(runner: CliRunner, command: list[str]) -> None:
    result = invoke(runner, *command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_version(runner: CliRunner) -> None:
    import procopius

    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert procopius.__version__ in result.stdout
