"""Batch scanning: rows, exit codes, matrix, cache, stdin lists, parallel and Dask backends."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from modellaw_check.cli.app import main
from modellaw_check.findings import StatuteReport
from modellaw_check.scan import Scanner, ScanOptions, discover, task
from modellaw_check.scan.cache import LAYOUT
from modellaw_check.scan.relevance import classify
from modellaw_check.settings import PackSpec

ROOT = Path(__file__).resolve().parent.parent
NON_CYBER = ROOT / "tests" / "data" / "non-cyber"
CORPORA = ROOT / "corpora"
GOOD = ("my-computer-crimes-act-1997.txt", "us-18-usc-1030-cfaa.txt")


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(["scan", *argv])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def rows_of(path: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {Path(r["path"]).name: r for r in rows}


@pytest.fixture
def mixed(tmp_path, corpus) -> Path:
    d = tmp_path / "acts"
    (d / "sub").mkdir(parents=True)
    for name in GOOD:
        shutil.copy(corpus(name), d / name)
    shutil.copy(NON_CYBER / "fisheries-act-excerpt.txt", d / "sub" / "fisheries.txt")
    (d / "corrupt.txt").write_bytes(bytes(range(256)) * 8)
    (d / "empty.md").write_bytes(b"")
    (d / "notes.csv").write_text("not a statute format\n")  # unsupported extension: not scanned
    return d


def test_mixed_directory_rows_and_exit_code(mixed, tmp_path, capsys, checker):
    out = tmp_path / "rows.jsonl"
    code, stdout, err = run([str(mixed), "--jobs", "1", "--cache-dir", str(tmp_path / "cache"),
                             "--jsonl", str(out), "--fail-on", "never"], capsys)
    assert code == 2, err  # two files could not be read; that outranks findings
    rows = rows_of(out)
    assert sorted(rows) == sorted([*GOOD, "fisheries.txt", "corrupt.txt", "empty.md"])
    assert rows["corrupt.txt"]["status"] == "error" and "binary" in rows["corrupt.txt"]["error"]
    assert rows["empty.md"] == {"path": str(mixed / "empty.md"), "status": "error",
                                "error": "file contains no text", "bytes": 0}
    fish = rows["fisheries.txt"]
    assert fish["status"] == "ok" and fish["relevant"] is False and fish["report"]["relevant"] is False
    assert {p["status"] for p in fish["report"]["provisions"]} == {"not_applicable"}
    assert len(fish["report"]["provisions"]) == len(checker.pack.rules)
    assert fish["report"]["statute"]["title"] == "FISHERIES ACT"
    StatuteReport.model_validate(fish["report"])
    for name in GOOD:
        row = rows[name]
        assert row["status"] == "ok" and row["relevant"] is True and row["cached"] is False
        report = StatuteReport.model_validate(row["report"])
        # Exactly what `check` finds for the same file.
        expected = checker.check_path(mixed / name).model_dump(mode="json")
        assert row["report"]["provisions"] == expected["provisions"]
        assert report.statute.path == str(mixed / name)
    assert "2 checked, 1 not about computer crime" in stdout and "2 unreadable" in stdout


def test_exit_codes_findings(mixed, tmp_path, capsys):
    (mixed / "corrupt.txt").unlink()
    (mixed / "empty.md").unlink()
    cache = ["--cache-dir", str(tmp_path / "cache"), "--jobs", "1", "-q"]
    assert run([str(mixed), *cache, "--fail-on", "never"], capsys)[0] == 0
    # Both statutes lack provisions (e.g. child pornography), so "missing" fails; the
    # not-applicable fisheries act never does.
    assert run([str(mixed), *cache, "--fail-on", "missing"], capsys)[0] == 1
    assert run([str(mixed / "sub"), *cache, "--fail-on", "partial"], capsys)[0] == 0


def test_matrix_csv_and_html(mixed, tmp_path, capsys, checker):
    # A statute whose title would be markup: the HTML must escape it.
    evil = mixed / "evil.txt"
    evil.write_text('<script>alert("x")</script> Computer Crimes Act\n'
                    + (mixed / GOOD[0]).read_text(encoding="utf-8"), encoding="utf-8")
    m_csv, m_html = tmp_path / "m.csv", tmp_path / "m.html"
    code, _, _ = run([str(mixed), "--jobs", "1", "--no-cache", "-q", "--matrix-csv", str(m_csv),
                      "--matrix-html", str(m_html)], capsys)
    assert code == 2
    table = list(csv.DictReader(m_csv.open(encoding="utf-8")))
    ids = [r.id for r in checker.pack.rules]
    assert list(table[0]) == ["path", "title", "status", "relevant", "coverage", *ids]
    by_name = {Path(r["path"]).name: r for r in table}
    assert by_name["corrupt.txt"]["status"] == "error" and by_name["corrupt.txt"][ids[0]] == "error"
    assert by_name["fisheries.txt"]["relevant"] == "false"
    assert {by_name["fisheries.txt"][i] for i in ids} == {"not_applicable"}
    cfaa = checker.check_path(mixed / GOOD[1])
    assert [by_name[GOOD[1]][i] for i in ids] == [p.status for p in cfaa.provisions]
    assert by_name[GOOD[1]]["coverage"] == f"{cfaa.summary.coverage:.3f}"

    html = m_html.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: set[str] = set()
            self.hrefs: list[str] = []
            self.titles: list[str] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if "id" in a:
                self.ids.add(a["id"])
            if tag == "a" and a.get("href", "").startswith("#"):
                self.hrefs.append(a["href"][1:])
            if tag == "td" and "title" in a:
                self.titles.append(a["title"])

    parser = Links()
    parser.feed(html)
    assert len(parser.hrefs) > len(ids) * 3  # a link per cell of the three checked statutes
    assert set(parser.hrefs) <= parser.ids  # every cell links to its evidence row
    implemented = next(p for p in cfaa.provisions if p.status == "implemented")
    assert any(t.startswith(f"{implemented.id}: implemented") and "“" in t for t in parser.titles)
    assert "corrupt.txt" in html and "Not about computer crime (1)" in html


def test_matrix_counts_without_entries(checker, corpus):
    """A scan that writes no matrix keeps only the counts (memory flat in the number of files); the
    counts are those of the full matrix: one per statute, provision and status."""
    from modellaw_check.report.matrix import Matrix
    from modellaw_check.scan.rows import NotApplicable, Synopsis, ok_row

    reports = [checker.check_path(corpus(name)).model_dump(mode="json") for name in GOOD]
    na = NotApplicable(checker.pack, [])
    rows = [ok_row(name, r, 1, 0.0, None) for name, r in zip(GOOD, reports, strict=True)]
    rows += [ok_row("fish.txt", na.report("fish.txt", "text", "Fisheries Act"), 1, 0.0, None),
             {"path": "bad.txt", "status": "error", "error": "binary", "bytes": 1}]
    full, lean = Matrix(checker.pack), Matrix(checker.pack, keep_entries=False)
    for row in rows:
        full.add(Synopsis.of(row))
        lean.add(Synopsis.of(row))
    assert lean.entries == [] and len(full.entries) == 4
    assert lean.counts() == full.counts()
    first = reports[0]["provisions"][0]
    # every statute read counts once per provision: the act not about computer crime as not applicable
    assert sum(full.counts()[first["id"]].values()) == len(GOOD) + 1
    assert full.counts()[first["id"]]["not_applicable"] >= 1
    assert full.counts()[first["id"]][first["status"]] >= 1


def test_cache_hit_skips_the_worker(mixed, tmp_path, capsys, monkeypatch):
    for bad in ("corrupt.txt", "empty.md"):
        (mixed / bad).unlink()
    cache = tmp_path / "cache"
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    args = [str(mixed), "--jobs", "1", "--cache-dir", str(cache), "-q", "--fail-on", "never"]
    assert run([*args, "--jsonl", str(first)], capsys)[0] == 0

    def no_nlp(*args, **kwargs):
        raise AssertionError(f"the worker ran for a cached file {args}")

    monkeypatch.setattr(task, "analyse", no_nlp)
    # Also a copy under another name: the cache is by content, the row keeps the new path.
    shutil.copy(mixed / GOOD[0], mixed / "copy.txt")
    code, _, err = run([*args, "--jsonl", str(second)], capsys)
    assert code == 0, err
    a, b = rows_of(first), rows_of(second)
    assert all(r["cached"] for r in b.values())
    for name in a:
        assert b[name]["report"] == a[name]["report"]
    assert b["copy.txt"]["report"]["statute"]["path"] == str(mixed / "copy.txt")
    assert b["copy.txt"]["report"]["provisions"] == a[GOOD[0]]["report"]["provisions"]
    # Each statute is stored once as its synopsis and once as its full row; an act found not relevant
    # has no full row stored (it is the scan's template with the synopsis's facts), yet its row came
    # back whole.
    import sqlite3

    from modellaw_check.scan.rows import Synopsis

    (rows_db,) = cache.rglob("rows.sqlite")
    assert not list(cache.rglob("*.json"))  # no file per row
    with sqlite3.connect(rows_db) as db:
        stored = {Path(Synopsis.loads(synopsis).path).name: (synopsis, row)
                  for synopsis, row in db.execute("SELECT synopsis, row FROM rows")}
    assert sorted(stored) == sorted([*GOOD, "fisheries.txt"])
    assert stored["fisheries.txt"][1] is None and len(stored["fisheries.txt"][0]) < 2000
    for name in GOOD:
        synopsis, row = stored[name]
        assert Synopsis.loads(synopsis) == Synopsis.of(json.loads(row))
    assert b["fisheries.txt"] == {**a["fisheries.txt"], "cached": True}
    # --no-cache really checks again.
    with pytest.raises(AssertionError, match="worker ran"):
        Scanner(ScanOptions(jobs=1, cache_dir=None)).run([mixed / GOOD[0]], lambda synopsis, row: None)


def test_stdin_list_and_globs(mixed, tmp_path, capsys, monkeypatch):
    listing = f"# statutes to scan\n{mixed / GOOD[1]}\n\n{mixed / 'sub'}\n{mixed / 'missing.txt'}\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(listing))
    out = tmp_path / "rows.jsonl"
    code, _, _ = run(["-", "--jobs", "1", "--no-cache", "-q", "--jsonl", str(out)], capsys)
    rows = rows_of(out)
    assert sorted(rows) == sorted([GOOD[1], "fisheries.txt", "missing.txt"])
    assert rows["missing.txt"]["status"] == "error" and "no such file" in rows["missing.txt"]["error"]
    assert code == 2
    names = [p.name for p in discover([str(mixed)], include=["*.txt"], exclude=["sub/*", "corrupt*"])]
    assert names == sorted(GOOD)


def test_usage_errors(mixed, tmp_path, capsys):
    code, _, err = run([str(mixed), "--jobs", "0"], capsys)
    assert code == 2 and err.strip() == "modellaw-check: error: --jobs must be at least 1, not 0"
    empty = tmp_path / "nothing"
    empty.mkdir()
    code, _, err = run([str(empty)], capsys)
    assert code == 2 and "no statute files found" in err and len(err.strip().splitlines()) == 1
    code, _, err = run([str(mixed), "--matrix-csv", str(tmp_path / "no" / "m.csv")], capsys)
    assert code == 2 and "does not exist" in err


def test_interrupt_keeps_finished_rows(mixed):
    rows: list[dict] = []

    def on_row(synopsis, row: dict | None) -> None:
        rows.append(row)
        if len(rows) == 2:
            raise KeyboardInterrupt

    files = list(discover([str(mixed)]))
    stats = Scanner(ScanOptions(jobs=1, cache_dir=None)).run(files, on_row)
    assert stats.interrupted and len(rows) == 2 and stats.files == 2 < len(files)


def _reports(rows: dict[str, dict]) -> dict[str, dict]:
    return {name: r.get("report") or r for name, r in rows.items()}


def test_parallel_jobs_match_inline(mixed, tmp_path, capsys):
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    base = [str(mixed), "--no-cache", "-q", "--fail-on", "never"]
    assert run([*base, "--jobs", "1", "--jsonl", str(one)], capsys)[0] == 2
    assert run([*base, "--jobs", "2", "--jsonl", str(two)], capsys)[0] == 2
    assert _reports(rows_of(one)) == _reports(rows_of(two))


def test_dask_cluster_matches_local(mixed, tmp_path, capsys):
    # distributed is in the test extra, so this runs in CI; skipped only where Dask is not installed.
    distributed = pytest.importorskip("distributed", reason="needs the optional extra modellaw-check[dask]")
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    base = [str(mixed), "--no-cache", "-q", "--fail-on", "never"]
    assert run([*base, "--jobs", "1", "--jsonl", str(local)], capsys)[0] == 2
    # A real scheduler on loopback TCP (workers in-process to keep the test quick).
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        code, _, err = run([*base, "--dask-scheduler", cluster.scheduler_address, "--jsonl", str(remote)],
                           capsys)
    assert code == 2, err
    assert _reports(rows_of(local)) == _reports(rows_of(remote))


TREATIES = CORPORA / "treaties"
CYBER_TEXTS = [*sorted(CORPORA.glob("*.txt")), *sorted((CORPORA / "unlabelled").glob("*.txt")),
               TREATIES / "int-coe-budapest-convention-ets185-2001.txt",
               TREATIES / "int-coe-budapest-additional-protocol-xenophobia-ets189-2003.txt"]
OTHER_TEXTS = [*sorted(NON_CYBER.glob("*.txt")),
               TREATIES / "int-coe-convention-prevention-of-terrorism-cets196-2005.txt",
               TREATIES / "int-coe-lanzarote-convention-cets201-2007.txt"]


def test_relevance_texts_are_there():
    # The lists above come partly from globs: an empty folder would make the tests below vanish silently.
    assert len(CYBER_TEXTS) >= 15 and len(OTHER_TEXTS) >= 5, (CYBER_TEXTS, OTHER_TEXTS)
    assert all(p.is_file() for p in [*CYBER_TEXTS, *OTHER_TEXTS])


@pytest.mark.parametrize("path", CYBER_TEXTS, ids=lambda p: p.name)
def test_relevance_cyber_statutes(path):
    rel = classify(path.read_bytes())
    assert rel.relevant, rel.reason


@pytest.mark.parametrize("path", OTHER_TEXTS, ids=lambda p: p.name)
def test_relevance_other_acts(path):
    # The terrorism and Lanzarote conventions are criminal law that mentions ICT in passing; they are
    # not computer-crime instruments, and checking them would give thirty "missing" findings.
    rel = classify(path.read_bytes())
    assert not rel.relevant, rel


def test_relevance_omnibus_code_and_str_input():
    # A long criminal code with one cyber chapter: strong terms count absolutely, not per character.
    filler = (NON_CYBER / "road-traffic-act-excerpt.txt").read_text(encoding="utf-8") * 40
    chapter = (CORPORA / "sg-computer-misuse-act-1993.txt").read_text(encoding="utf-8")
    assert classify(filler + chapter + filler).relevant
    assert not classify(filler).relevant
    assert classify(chapter) == classify(chapter.encode())


def test_path_index_skips_reading_unchanged_files(tmp_path, monkeypatch):
    """A warm re-scan neither reads nor hashes a file whose status is unchanged; a changed file (even
    with its size and modification time put back) is read again; a file changed just now is not
    indexed at all (its timestamps could still hide a second change)."""
    import os
    import time

    from modellaw_check.scan.cache import PathIndex

    d = tmp_path / "acts"
    d.mkdir()
    old, new = d / "old.txt", d / "new.txt"
    old.write_text((NON_CYBER / "fisheries-act-excerpt.txt").read_text(encoding="utf-8"), encoding="utf-8")
    past = time.time() - 60
    os.utime(old, (past, past))
    new.write_text("Roads Act. 1. Short title. This Act may be cited as the Roads Act.\n", encoding="utf-8")
    options = ScanOptions(jobs=1, cache_dir=tmp_path / "cache")

    def scan(files: list[Path]) -> dict[str, dict]:
        rows: dict[str, dict] = {}
        Scanner(options).run(files, lambda synopsis, row: rows.setdefault(Path(row["path"]).name, row))
        return rows

    first = scan([old, new])
    index = PathIndex(tmp_path / "cache")
    assert index.get(os.path.abspath(old), old.stat()) is None  # changed (ctime) too recently to trust
    index.close()

    monkeypatch.setattr(PathIndex, "RACY_SECONDS", 0.0)  # as if the files had been changed long ago
    scan([old, new])
    from modellaw_check import read

    real = read.read_source
    opened: list[str] = []
    monkeypatch.setattr(read, "read_source",
                        lambda name, *a: (Path(name).parent == d and opened.append(Path(name).name)) or real(name, *a))
    second = scan([old, new])
    assert opened == []
    assert second["old.txt"]["cached"] and second["old.txt"]["report"] == first["old.txt"]["report"]

    # Same size, modification time put back: the change time still gives it away.
    text = old.read_text(encoding="utf-8")
    old.write_text(text.replace("fish", "FISH", 1), encoding="utf-8")
    os.utime(old, (past, past))
    third = scan([old])
    assert opened == ["old.txt"] and not third["old.txt"]["cached"]
    assert third["old.txt"]["report"]["statute"]["sha256"] != first["old.txt"]["report"]["statute"]["sha256"]


def test_warm_matrix_and_summary_from_synopses_equal_cold(mixed, tmp_path, capsys):
    """Without JSON Lines output a warm scan reads each statute's synopsis, never its full row: the
    matrices, the summary table and the exit code must be exactly those of the cold scan, whatever the
    full rows hold."""
    import sqlite3

    for bad in ("corrupt.txt", "empty.md"):
        (mixed / bad).unlink()
    cache = tmp_path / "cache"
    outs = []
    for run_no in (1, 2):
        csv_path, html_path = tmp_path / f"m{run_no}.csv", tmp_path / f"m{run_no}.html"
        code, out, _ = run([str(mixed), "--jobs", "1", "--cache-dir", str(cache), "--fail-on", "partial",
                            "--matrix-csv", str(csv_path), "--matrix-html", str(html_path)], capsys)
        table, stats = re.split(r"^(?=\d+ files \()", out, flags=re.M)
        outs.append((code, csv_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8"), table,
                     " ".join(stats.split()).split("MB/s), ", 1)[1]))
        (rows_db,) = cache.rglob("rows.sqlite")
        with sqlite3.connect(rows_db) as db:
            assert db.execute("SELECT count(*) FROM rows WHERE row IS NOT NULL").fetchone()[0] == len(GOOD)
            if run_no == 1:  # the warm run must not even look at the full rows: spoil them
                db.execute("UPDATE rows SET row = x'00' WHERE row IS NOT NULL")
        db.close()
    assert outs[0][0] == outs[1][0] == 1
    assert outs[0][1:4] == outs[1][1:4]
    assert "Coverage across 3 statute(s) (1 not about computer crime" in outs[0][3]
    assert outs[0][4].replace("0 from cache", "3 from cache") == outs[1][4]


def test_damaged_path_index_only_costs_speed(mixed, tmp_path, capsys):
    """A path index that is not a database (a crash, a stray file) turns the index off; the scan
    runs and gives the same rows."""
    cache = tmp_path / "cache"
    (cache / LAYOUT).mkdir(parents=True)
    (cache / LAYOUT / "paths.sqlite").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 4)
    out = tmp_path / "rows.jsonl"
    code, _, err = run([str(mixed / GOOD[0]), "--jobs", "1", "--cache-dir", str(cache), "-q",
                        "--fail-on", "never", "--jsonl", str(out)], capsys)
    assert code == 0, err
    assert rows_of(out)[GOOD[0]]["status"] == "ok"


def test_pool_started_early_serves_statutes_like_inline(mixed, tmp_path, monkeypatch):
    """Past EAGER_START_BYTES of reading the pool starts before any statute needs it; the rows are
    those of an inline scan, and a pool that was never needed closes cleanly."""
    from modellaw_check.scan import backends, engine

    started = []
    real_start = backends.PoolBackend.start
    monkeypatch.setattr(backends.PoolBackend, "start", lambda self: (started.append(1), real_start(self)))
    monkeypatch.setattr(engine, "EAGER_START_BYTES", 1)

    def scan(jobs: int, paths: list[Path]) -> dict[str, dict]:
        rows: dict[str, dict] = {}
        Scanner(ScanOptions(jobs=jobs)).run(paths, lambda s, r: rows.__setitem__(Path(r["path"]).name, r))
        return rows

    fisheries = mixed / "sub" / "fisheries.txt"
    order = [fisheries, *(mixed / name for name in GOOD)]  # the act first: the pool starts before a statute
    inline, early = scan(1, order), scan(2, order)
    assert started == [1]
    assert early["fisheries.txt"]["relevant"] is False and all(early[n]["relevant"] for n in GOOD)
    assert _reports(early) == _reports(inline)
    only_acts = scan(2, [fisheries])  # started, never used
    assert started == [1, 1] and only_acts["fisheries.txt"]["status"] == "ok"


def test_forkserver_preload_builds_the_default_checker():
    import subprocess

    code = ("import gc, modellaw_check.scan.preload; from modellaw_check.scan import task; "
            "from modellaw_check.runtime import GC_THRESHOLDS; "
            "from modellaw_check.settings import PackSpec; "
            "assert list(task._CHECKERS) == [PackSpec()], task._CHECKERS; "
            "assert gc.get_threshold() == GC_THRESHOLDS and gc.get_freeze_count() > 0")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_fresh_cache_and_index_skip_lookups_that_cannot_hit(tmp_path, monkeypatch):
    import os

    import orjson

    from modellaw_check.scan.cache import Cache, PathIndex, _Table
    from modellaw_check.scan.rows import Synopsis

    reads = []
    real_many = _Table.many
    monkeypatch.setattr(_Table, "many", lambda self, sql, keys: (reads.append(keys), real_many(self, sql, keys))[1])
    row = {"status": "ok", "path": "a.txt", "bytes": 1, "report": {"statute": {}, "summary": {}, "provisions": []}}
    synopsis = Synopsis.of(row)
    fresh = Cache(tmp_path / "c", "ctx")
    assert fresh.get("aa" * 32) is None and reads == []  # nothing stored yet: no disk look-up
    fresh.put("bb" * 32, synopsis.dumps(), orjson.dumps(row))
    assert fresh.get("bb" * 32, full=True) == (synopsis, row) and reads == []  # still in the batch
    fresh.close()
    again = Cache(tmp_path / "c", "ctx")  # the next scan finds a cache: every look-up reads
    assert again.get("aa" * 32) is None and len(reads) == 1
    assert again.get("bb" * 32, full=True) == (synopsis, row) and again.get("bb" * 32) == (synopsis, None)
    again.close()

    st = os.stat(__file__)  # an old file: indexed (not racy)
    index = PathIndex(tmp_path / "c")
    assert index.get("/x/a.txt", st) is None
    index.put("/x/a.txt", st, "cc" * 32)
    index.close()  # the batch is written on close
    reopened = PathIndex(tmp_path / "c")
    assert reopened.get("/x/a.txt", st) == "cc" * 32 and reopened.get("/x/b.txt", st) is None
    reopened.close()


def test_damaged_row_database_only_costs_speed(mixed, tmp_path, capsys):
    """The database of rows damaged between two scans: the second scan checks the statute and the
    act (not relevant) again and gives the same rows."""
    cache = tmp_path / "cache"
    act = mixed / "sub" / "fisheries.txt"
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    args = [str(act), str(mixed / GOOD[0]), "--jobs", "1", "--cache-dir", str(cache), "-q", "--fail-on",
            "never", "--jsonl"]
    assert run([*args, str(first)], capsys)[0] == 0
    (rows_db,) = cache.rglob("rows.sqlite")
    rows_db.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 4)
    code, _, err = run([*args, str(second)], capsys)
    assert code == 0, err
    for name in ("fisheries.txt", GOOD[0]):
        a, b = rows_of(first)[name], rows_of(second)[name]
        assert b["cached"] is False and b["report"] == a["report"]


def test_scans_sharing_a_cache(tmp_path, monkeypatch):
    """Two scans writing one cache see each other's rows; a database another process holds locked
    turns the cache off for that scan (a miss, never an error)."""
    import sqlite3

    import orjson

    from modellaw_check.scan.cache import Cache, _Table
    from modellaw_check.scan.rows import Synopsis

    monkeypatch.setattr(_Table, "TIMEOUT", 0.05)
    row = {"status": "ok", "path": "a.txt", "bytes": 1,
           "report": {"statute": {}, "summary": {"x": 1}, "provisions": []}}
    first, second = Cache(tmp_path / "c", "ctx"), Cache(tmp_path / "c", "ctx")
    first.put("aa" * 32, Synopsis.of(row).dumps(), orjson.dumps(row))
    second.put("bb" * 32, Synopsis.of({**row, "path": "b.txt"}).dumps(), orjson.dumps({**row, "path": "b.txt"}))
    first.close()
    second.close()
    third = Cache(tmp_path / "c", "ctx")
    assert third.get("aa" * 32)[0].path == "a.txt" and third.get("bb" * 32, full=True)[1]["path"] == "b.txt"
    (db_path,) = (tmp_path / "c").rglob("rows.sqlite")
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = Cache(tmp_path / "c", "ctx")
        assert locked.get("aa" * 32) is None  # cannot read: a miss
        locked.put("cc" * 32, Synopsis.of(row).dumps(), orjson.dumps(row))
        locked.close()  # cannot write: nothing raised
    finally:
        holder.rollback()
        holder.close()
    assert Cache(tmp_path / "c", "ctx").get("cc" * 32) is None and third.get("aa" * 32) is not None


def test_worker_sends_a_checked_statute_serialised_once(corpus):
    """A checked statute's row comes back serialised once with its synopsis, the parent's relevance
    verdict inside; an act found not relevant and an unreadable file as plain rows."""
    from modellaw_check.scan.rows import Packed, Synopsis

    path = str(corpus(GOOD[0]))
    verdict = classify(Path(path).read_bytes()).as_dict()
    packed = task.analyse(path, PackSpec(), False, 1, verdict)
    assert isinstance(packed, Packed)
    row = json.loads(packed.row)
    assert row["status"] == "ok" and row["relevance"] == verdict and row["report"]["provisions"]
    synopsis = Synopsis.loads(packed.synopsis)
    assert synopsis == Synopsis.of(row) and synopsis.relevance == verdict
    assert [c.id for c in synopsis.cells] == [p["id"] for p in row["report"]["provisions"]]
    act = task.analyse(str(NON_CYBER / "fisheries-act-excerpt.txt"), PackSpec(), True, 1)
    assert isinstance(act, dict) and act["relevant"] is False
    missing = task.analyse(str(Path(path).with_name("no-such-statute.txt")), PackSpec(), True, 1)
    assert isinstance(missing, dict) and missing["status"] == "error"


def test_warm_scan_takes_the_not_applicable_template_from_the_cache(mixed, tmp_path):
    """The first scan of a context stores the not-applicable report's template; the next takes it from
    there instead of building it from the report models, and its rows are the same. A damaged stored
    template is built again."""
    import sqlite3

    from modellaw_check.scan.engine import TEMPLATE

    act = mixed / "sub" / "fisheries.txt"
    options = ScanOptions(jobs=1, cache_dir=tmp_path / "cache")

    def scan() -> tuple[Scanner, dict]:
        rows: list[dict] = []
        scanner = Scanner(options)
        scanner.run([act], lambda synopsis, row: rows.append(row))
        return scanner, rows[0]

    first, row1 = scan()
    assert first.not_applicable.made and row1["relevant"] is False
    second, row2 = scan()
    assert not second.not_applicable.made
    assert second.not_applicable.template() == first.not_applicable.template()
    assert row2["report"] == row1["report"] and row2["cached"]
    (rows_db,) = (tmp_path / "cache").rglob("rows.sqlite")
    with sqlite3.connect(rows_db) as db:
        db.execute("UPDATE meta SET value = x'00' WHERE name = ?", (TEMPLATE,))
    db.close()
    third, row3 = scan()
    assert third.not_applicable.made and row3["report"] == row1["report"]


def test_warm_scan_does_not_load_the_rule_pack(mixed, tmp_path, monkeypatch):
    """A scan stores the rule pack's outline with its rows; the next scan of the same pack (the same
    files, byte for byte) takes it from there instead of loading the pack, and gives the same rows. A
    changed rule file is another pack: it is loaded again."""
    from modellaw_check import rules
    from modellaw_check.rules.location import default_rules_dir, pack_digest
    from modellaw_check.scan.pack import PackOutline

    pack_dir = tmp_path / "pack"
    shutil.copytree(default_rules_dir(), pack_dir)
    assert pack_digest(pack_dir) == rules.load_pack(pack_dir).digest
    options = ScanOptions(jobs=1, cache_dir=tmp_path / "cache", spec=PackSpec(rules=(str(pack_dir),)))
    files = [mixed / "sub" / "fisheries.txt", mixed / GOOD[0]]

    def scan() -> tuple[Scanner, dict[str, dict]]:
        rows: dict[str, dict] = {}
        scanner = Scanner(options)
        scanner.run(files, lambda s, r: rows.__setitem__(Path(r["path"]).name, r))
        return scanner, rows

    first, rows1 = scan()
    assert first.pack == PackOutline.of(rules.load_pack(pack_dir))
    from modellaw_check.rules import loader

    loads = []
    real = loader.load_pack
    monkeypatch.setattr(loader, "load_pack", lambda *a: (loads.append(a), real(*a))[1])
    second, rows2 = scan()
    assert loads == [] and second.pack == first.pack
    assert all(rows2[n]["cached"] and rows2[n]["report"] == rows1[n]["report"] for n in rows1)
    rule = pack_dir / "art2-illegal-access.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("Illegal access", "Unlawful access", 1),
                    encoding="utf-8")
    third, _ = scan()
    assert len(loads) == 1 and third.pack.digest != first.pack.digest
    assert next(p.title for p in third.pack.rules if p.id == "art2-illegal-access") == "Unlawful access"


def test_scan_language_reads_every_statute_in_it_and_keys_the_cache(tmp_path, capsys):
    """``scan --language`` as ``check --language``: the same file read in French and in its own language
    gives two rows, each cached under its own key, and a re-scan hits the cache for each."""
    d = tmp_path / "acts"
    d.mkdir()
    shutil.copy(ROOT / "examples" / "draft-cybercrime-bill.md", d / "bill.md")
    cache = tmp_path / "cache"

    def scan(*extra: str) -> dict:
        out = tmp_path / "rows.jsonl"
        code, _, err = run([str(d), "--jobs", "1", "--cache-dir", str(cache), "--jsonl", str(out),
                            "--fail-on", "never", "--no-config", *extra], capsys)
        assert code == 0, err
        (row,) = rows_of(out).values()
        return row

    own = scan()
    french = scan("--language", "fr")
    assert own["cached"] is False and french["cached"] is False  # not the row cached in English
    assert own["report"]["statute"]["language"] == "en" and french["report"]["statute"]["language"] == "fr"
    assert own["report"]["provisions"] != french["report"]["provisions"]
    for extra, first in (((), own), (("--language", "fr"), french)):
        again = scan(*extra)
        assert again["cached"] is True and again["report"] == first["report"]
    # The same as `check --language fr` on that file.
    with pytest.raises(SystemExit):
        main(["check", str(d / "bill.md"), "--language", "fr", "--format", "json", "--no-config",
              "--fail-on", "never"])
    checked = json.loads(capsys.readouterr().out)
    assert checked["provisions"] == french["report"]["provisions"]


@pytest.mark.parametrize(("args", "message"), [
    (["--language", "xx"], "no language profile 'xx' (known: en, fr)"),
    (["--language", "fr", "--rules", str(ROOT / "tests" / "data" / "tiny-pack")],
     "the rule pack has no wordings in 'fr' (it has: en)"),
])
def test_scan_unknown_language_is_a_usage_error_before_any_file(tmp_path, capsys, args, message):
    code, out, err = run([str(ROOT / "examples"), "--jobs", "2", "--no-config", "--cache-dir", str(tmp_path),
                          *args], capsys)
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [f"modellaw-check: error: {message}"]


def test_synopsis_round_trips_and_a_damaged_one_is_none(checker, corpus):
    """A synopsis reads back equal to what was stored; anything else (a field missing or of another
    type, a cell damaged, not JSON) reads back as None: a cache miss, never trusted."""
    from modellaw_check.scan.rows import Synopsis, ok_row

    row = ok_row("a.txt", checker.check_path(corpus(GOOD[0])).model_dump(mode="json"), 10, 0.5, None)
    synopsis = Synopsis.of(row)
    assert synopsis.cells and any(c.quote for c in synopsis.cells) and all(c.fingerprint for c in synopsis.cells)
    assert Synopsis.loads(synopsis.dumps()) == synopsis
    stored = json.loads(synopsis.dumps())
    damaged = [stored[:-1], [*stored, 1], [stored[0], "error", *stored[2:]], [7, *stored[1:]],
               [*stored[:-1], [[*stored[-1][0][:4], [3], *stored[-1][0][5:]]]],  # a section that is not text
               [*stored[:-1], [stored[-1][0][:-1]]], [*stored[:-1], "cells"], {"path": "a.txt"}]
    for bad in damaged:
        assert Synopsis.loads(json.dumps(bad).encode()) is None, bad
    assert Synopsis.loads(b"\xff not json") is None and Synopsis.loads(b"[" * 5000) is None


def test_damaged_full_rows_are_checked_again_not_trusted(mixed, tmp_path, capsys):
    """Full rows spoiled in the cache, their synopses intact: a scan writing JSON Lines checks those
    statutes again (the same rows as the first scan); one without JSON Lines needs only synopses."""
    import sqlite3

    cache = tmp_path / "cache"
    files = [str(mixed / name) for name in GOOD]
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    args = [*files, "--jobs", "1", "--cache-dir", str(cache), "--fail-on", "never"]
    assert run([*args, "-q", "--jsonl", str(first)], capsys)[0] == 0
    (rows_db,) = cache.rglob("rows.sqlite")
    with sqlite3.connect(rows_db) as db:
        db.execute("""UPDATE rows SET row = '{"status": "ok", "report": {"statute": {}, "provisions": 5}}'""")
    db.close()
    code, out, _ = run(args, capsys)
    assert code == 0 and "2 from cache" in " ".join(out.split())
    assert run([*args, "-q", "--jsonl", str(second)], capsys)[0] == 0
    a, b = rows_of(first), rows_of(second)
    assert all(not r["cached"] for r in b.values())
    assert {n: r["report"] for n, r in a.items()} == {n: r["report"] for n, r in b.items()}
