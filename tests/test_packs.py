"""Rule packs as data, chosen by name: a second pack (tests/data/tiny-pack: two provisions, its own
categories, concept and advisory) run by `--pack` through check, scan, rules list and explain; packs
installed through the `modellaw_check.packs` entry points; no rule id in the engine's Python."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from workflow_util import write

TINY = ROOT / "tests" / "data" / "tiny-pack"
STATUTE = ROOT / "tests" / "data" / "tiny-statute.txt"


def install(site: Path, name: str, target: str, module: str | None = None, body: str = "") -> None:
    """A distribution in ``site`` (a folder on sys.path) whose entry point ``name`` in the
    ``modellaw_check.packs`` group names ``target`` (``module`` holds ``body``)."""
    dist = site / f"{name.replace('-', '_')}_plugin-1.0.dist-info"
    write(dist / "METADATA", f"Metadata-Version: 2.1\nName: {name}-plugin\nVersion: 1.0\n")
    write(dist / "entry_points.txt", f"[modellaw_check.packs]\n{name} = {target}\n")
    if module:
        write(site / f"{module}.py", body)


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """tests/data/tiny-pack installed as `tiny-pack` (an entry point naming its folder)."""
    site = tmp_path / "site"
    install(site, "tiny-pack", "tiny_locator:PACK_DIR", "tiny_locator", f"PACK_DIR = {str(TINY)!r}\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.chdir(tmp_path)
    return site


def test_a_second_pack_by_name_through_every_command(tiny, tmp_path, capsys):
    code, out, err = run_cli(["rules", "list", "--pack", "tiny-pack"], capsys)
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines() if line.strip()] == ["tiny-spam", "tiny-records"]

    code, out, _ = run_cli(["explain", "tiny-spam", "--pack", "tiny-pack"], capsys)
    assert code == 0 and "Unsolicited messages" in out and "category: messaging" in out and "without_authority" in out
    code, _, err = run_cli(["explain", "art2-illegal-access", "--pack", "tiny-pack"], capsys)
    assert code == 2 and "unknown provision id 'art2-illegal-access'" in err

    code, out, err = run_cli(["check", str(STATUTE), "--pack", "tiny-pack", "--format", "json", "--no-config"],
                             capsys)
    report = json.loads(out)
    assert report["rule_pack"]["name"] == "tiny-pack"
    statuses = {p["id"]: p["status"] for p in report["provisions"]}
    assert statuses == {"tiny-spam": "partial", "tiny-records": "missing"}
    # the pack's own advisory, from its pack.yaml
    spam = report["provisions"][0]
    assert spam["notes"] == ["tiny advice: the messaging offence (section 1) covers authorised senders too"]
    assert code == 0  # its only missing provision is recommended

    code, out, err = run_cli(["scan", str(STATUTE), "--pack", "tiny-pack", "--jsonl", "-", "--no-cache", "-j", "1",
                              "-q", "--no-config"], capsys)
    row = json.loads(out)
    assert code == 0, err
    # the tiny pack has no relevance vocabulary: the act is checked, not filtered out
    assert row["relevant"] and row["report"]["rule_pack"]["name"] == "tiny-pack"
    assert {p["id"]: p["status"] for p in row["report"]["provisions"]} == statuses

    # `pack:` in the config chooses it too, and --fail-on from the same config applies
    write(tmp_path / "modellaw-check.yaml", "pack: tiny-pack\nfail_on: partial\n")
    code, out, _ = run_cli(["check", str(STATUTE), "--format", "json"], capsys)
    assert code == 1 and json.loads(out)["rule_pack"]["name"] == "tiny-pack"
    write(tmp_path / "modellaw-check.yaml", "pack: tiny-pak\n")
    code, _, err = run_cli(["scan", str(STATUTE), "--no-cache", "-q"], capsys)
    assert code == 2 and "modellaw-check.yaml: pack: unknown rule pack 'tiny-pak' (known: chairmans-model-law, " \
        "tiny-pack;" in err


def test_a_pack_installed_as_a_python_package(tmp_path, monkeypatch, capsys):
    """A third-party package ships its pack: the entry point names the package, whose folder holds
    pack.yaml and the rules (as sqlfluff finds its plugins)."""
    site = tmp_path / "site"
    shutil.copytree(TINY, site / "acme_rules")
    write(site / "acme_rules" / "__init__.py", "")
    install(site, "acme", "acme_rules")
    install(site, "broken", "no_such_module_xyz")
    monkeypatch.syspath_prepend(str(site))
    code, out, _ = run_cli(["rules", "packs"], capsys)
    assert code == 0
    assert "chairmans-model-law\tbundled" in out and "acme\tinstalled\tacme_rules" in out
    code, out, _ = run_cli(["rules", "list", "--pack", "acme"], capsys)
    assert code == 0 and "tiny-records" in out
    code, _, err = run_cli(["rules", "list", "--pack", "broken"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "pack 'broken' from entry point 'no_such_module_xyz' cannot be loaded: ModuleNotFoundError" in err
    code, _, err = run_cli(["rules", "list", "--pack", "nope"], capsys)
    assert code == 2 and "unknown rule pack 'nope' (known: acme, broken, chairmans-model-law" in err


def test_pack_data_is_validated_with_a_clear_error(tmp_path, capsys):
    pack = tmp_path / "pack"
    shutil.copytree(TINY, pack)
    meta = pack / "pack.yaml"
    text = meta.read_text(encoding="utf-8")
    for broken, message in (
        (text.replace("category: messaging\n    lacks", "category: mesaging\n    lacks"),
         "advisory 'spam-without-authority' names unknown category 'mesaging'"),
        (text.replace("categories: [messaging, records]", "categories: [messaging]"),
         "field 'category': 'records' is not one of the pack's categories (messaging)"),
        (text.replace("{where} covers", "{wher} covers"),
         "field 'advisories.0': a note may name only {where}, {provision}, {status}, {present}: 'wher'"),
        (text.replace("lacks: without_right", "lacks: without-right"), "field 'advisories.0.lacks'"),
        (text.replace("categories: [messaging, records]", "categories: [messaging, records]\ntopic: [mesages]"),
         "topic names unknown concept 'mesages'"),
    ):
        meta.write_text(broken, encoding="utf-8")
        code, _, err = run_cli(["rules", "list", "--rules", str(pack)], capsys)
        assert code == 2 and message in err, err
        assert len(err.strip().splitlines()) == 1


def test_engine_concepts_are_required(tmp_path):
    from modellaw_check.errors import RuleError
    from modellaw_check.rules.loader import _check_engine_concepts
    from modellaw_check.rules.schema import PackMeta

    meta = PackMeta(name="x", title="x", version="1")
    with pytest.raises(RuleError, match="the engine needs the concept.s. offence_marker, power_marker, negation"):
        _check_engine_concepts(meta, "English", tmp_path / "pack.yaml")


def test_no_rule_id_in_the_python_source():
    """The engine knows a provision only as pack data: no string in the package's Python is one of the
    bundled pack's rule or reservation ids (help texts may give one as an example inside a sentence)."""
    from modellaw_check.rules import load_pack

    pack = load_pack()
    ids = {r.id for r in pack.rules} | pack.reservation_ids()
    found = []
    for path in sorted((ROOT / "src" / "modellaw_check").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and node.value in ids]
    assert not found, found
