"""Hostile rule wordings and templates (issue 20, third part): a wording's gaps are bounded when the
pack is validated; a custom template is read through the guarded reader, and its rendering is bounded
in loop iterations and output size.

Cases that hung before the change run the CLI in a subprocess with a time limit (``cli_process``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.test_hostile_inputs import cli_process, one_error

PACK = ROOT / "rules" / "chairmans-model-law"
SENTENCE = "A person who accesses a computer system without authority commits an offence. "
STATUTE = "Section 1. " + SENTENCE * 15 + "\n"  # 1.2 kB: every word of the hostile wordings, again and again


@pytest.fixture
def statute_text() -> str:
    """The text of the ``act`` fixture (conftest.py)."""
    return STATUTE


# -- rule wordings: gaps bounded at validation ------------------------------------------------------------


def _gapped(gaps: int) -> str:
    words = ["person", "computer", "system", "without", "authority", "commits", "an", "offence", "person"]
    return " *99 ".join(words[:gaps + 1])


def _pack_with(tmp_path: Path, line: str, field: str = "any") -> Path:
    """The bundled pack with one more wording in art. 2's conduct element (``field``: any or exclude)."""
    rules = tmp_path / "rules"
    shutil.copytree(PACK, rules)
    rule = rules / "art2-illegal-access.yaml"
    text = rule.read_text(encoding="utf-8")
    anchor = "      - hack|hacks|hacking\n" if field == "any" else "      - permit|permits|permitting|allow|"
    assert anchor in text
    rule.write_text(text.replace(anchor, f"      - {line}\n{anchor}", 1), encoding="utf-8")
    return rules


@pytest.mark.parametrize("gaps", [5, 8])
def test_a_wording_with_too_many_wide_gaps_is_refused_by_rules_validate(gaps: int, act: Path, tmp_path: Path,
                                                                      capsys) -> None:
    rules = _pack_with(tmp_path, _gapped(gaps))
    code, _, err = run_cli(["rules", "validate", str(rules)], capsys)
    assert code == 2, err
    line = one_error(err)
    assert "art2-illegal-access.yaml:" in line and "field 'elements.0.any." in line, line
    assert f"allows {100 ** gaps:,} layouts, over the 256" in line and "each gap *N multiplies" in line, line


def test_an_exclude_wording_is_bounded_too(act: Path, tmp_path: Path, capsys) -> None:
    rules = _pack_with(tmp_path, _gapped(3), field="exclude")
    code, _, err = run_cli(["rules", "validate", str(rules)], capsys)
    assert code == 2 and "exclude" in one_error(err) and "1,000,000 layouts" in err, err


def test_a_wording_of_too_many_words_is_refused(act: Path, tmp_path: Path, capsys) -> None:
    # before: accepted, and matching it recursed word by word past Python's limit (exit 3)
    rules = _pack_with(tmp_path, " ".join(["person"] * 1500) + " computer?")
    code, _, err = run_cli(["rules", "validate", str(rules)], capsys)
    assert code == 2 and "has 1,501 words, gaps and punctuation marks, over the 40" in one_error(err), err


@pytest.mark.parametrize("gaps", [5, 8])
def test_checking_with_such_a_wording_is_refused_not_hung(gaps: int, act: Path, tmp_path: Path) -> None:
    _pack_with(tmp_path, _gapped(gaps))
    # before the bound: five gaps took minutes on this 1.2 kB statute, eight never ended
    proc = cli_process(["check", "--no-config", "-f", "json", "--rules", "rules", "act.txt"], tmp_path, timeout=30)
    assert proc.returncode == 2, proc.stderr
    assert "layouts, over the 256" in one_error(proc.stderr)


def test_every_bundled_wording_is_within_the_bound() -> None:
    from modellaw_check.rules.loader import load_pack
    from modellaw_check.rules.schema import MAX_LAYOUTS, MAX_WORDING_TOKENS, wording_layouts, wording_tokens

    pack = load_pack(PACK)
    words = [p.words for r in pack.rules for e in r.elements for p in e.any if p.words]
    assert words and max(map(wording_layouts, words)) <= MAX_LAYOUTS
    assert max(map(wording_tokens, words)) <= MAX_WORDING_TOKENS
    assert wording_layouts("name|names * address *5 of? x") == 4 * 6 * 2
    assert wording_tokens("non-public data|datum *5 of? l'") == 3 + 1 + 1 + 1 + 2


# -- custom templates: read through the guarded reader ----------------------------------------------------


TEMPLATE_CHECK = ["check", "--no-config", "-f", "text", "--template"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("where", ["given", "in a template folder", "included"])
def test_a_fifo_as_a_template_is_refused_not_waited_on(where: str, act: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    if where == "given":
        os.mkfifo(folder / "mine.txt.j2")
        arg, fifo = "tpl/mine.txt.j2", "tpl/mine.txt.j2"
    elif where == "in a template folder":  # Jinja's loader skipped it: the built-in template, silently
        os.mkfifo(folder / "text.txt.j2")
        arg, fifo = "tpl", "tpl/text.txt.j2"
    else:
        (folder / "mine.txt.j2").write_text('{% include "part.j2" %}\n', encoding="utf-8")
        os.mkfifo(folder / "part.j2")
        arg, fifo = "tpl/mine.txt.j2", "tpl/part.j2"
    proc = cli_process([*TEMPLATE_CHECK, arg, "act.txt"], tmp_path, timeout=30)
    assert proc.returncode == 2, proc.stderr
    assert f"{fifo}: not a regular file (a pipe, socket or device)" in one_error(proc.stderr)


def test_a_device_linked_into_a_template_folder_is_refused(act: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "text.txt.j2").symlink_to("/dev/zero")
    proc = cli_process([*TEMPLATE_CHECK, "tpl", "act.txt"], tmp_path, timeout=30)
    assert proc.returncode == 2 and "tpl/text.txt.j2: not a regular file" in one_error(proc.stderr)


def test_an_oversized_template_is_refused_before_it_is_read(act: Path, tmp_path: Path, capsys) -> None:
    template = tmp_path / "big.txt.j2"
    with template.open("wb") as fh:
        fh.truncate(3_000_000)  # sparse
    code, _, err = run_cli([*TEMPLATE_CHECK, str(template), str(act)], capsys)
    assert code == 2, err
    assert "big.txt.j2: file is 3.0 MB, over the 1.0 MB limit (a report template" in one_error(err)


def test_a_template_folder_still_falls_back_to_the_built_ins(act: Path, tmp_path: Path, fast_cli, capsys) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "markdown.md.j2").write_text("mine: {{ total }}\n", encoding="utf-8")
    code, out, err = run_cli(["check", "--no-config", "-f", "text", "--template", str(folder), str(act)], capsys)
    assert code in (0, 1) and "mine:" not in out and "Illegal access" in out, err
    code, out, err = run_cli(["check", "--no-config", "-f", "markdown", "--template", str(folder), str(act)], capsys)
    assert code in (0, 1) and out.startswith("mine: "), err


# -- custom templates: rendering bounded ------------------------------------------------------------------


NESTED = "{% for a in range(10**4) %}{% for b in range(10**4) %}BODY{% endfor %}{% endfor %}\n"


@pytest.mark.parametrize("source,error", [
    (NESTED.replace("BODY", "x"), "more than 2,000,000 steps"),  # 10^8 characters: minutes, gigabytes
    (NESTED.replace("BODY", ""), "more than 2,000,000 steps"),  # nothing printed, minutes all the same
    ("{% for a in range(10**5) %}{{ range(10**5) | sum }}{% endfor %}\n", "more than 2,000,000 steps"),
    ("{% for a in range(1000) recursive %}{% if loop.depth < 3 %}{{ loop(range(1000)) }}{% endif %}{% endfor %}\n",
     "more than 2,000,000 steps"),  # 10^9 steps
    ("{% set s = 'x' * 10**6 %}{% for a in range(10**5) %}{{ (s * 9) | length }}{% endfor %}\n",
     "build more than 100,000,000 items"),
    ("{% for a in range(10**5) %}{{ 'x' * 1000 }}{% endfor %}\n", "output exceeds 50,000,000 characters"),
])
def test_a_template_that_would_run_for_minutes_is_stopped(source: str, error: str, act: Path,
                                                          tmp_path: Path) -> None:
    (tmp_path / "mine.txt.j2").write_text(source, encoding="utf-8")
    # before the bounds: each ran for minutes (and the printing ones took gigabytes)
    proc = cli_process([*TEMPLATE_CHECK, "mine.txt.j2", "act.txt"], tmp_path, timeout=25)
    assert proc.returncode == 2, proc.stderr
    line = one_error(proc.stderr)
    assert "template error in mine.txt.j2: " in line and error in line, line


@pytest.mark.parametrize("source", [
    "{{ 'x' | center(10**9) }}\n",
    "{{ '{:>999999999}'.format(1) }}\n",
    "{{ '{:{}}'.format(1, 10**9) }}\n",
    "{{ '%0999999999d' % 1 }}\n",
])
def test_a_template_padding_a_value_to_a_gigabyte_is_refused(source: str, act: Path, tmp_path: Path) -> None:
    (tmp_path / "mine.txt.j2").write_text(source, encoding="utf-8")
    # before: a gigabyte built in one step, then scanned and written out
    proc = cli_process([*TEMPLATE_CHECK, "mine.txt.j2", "act.txt"], tmp_path, timeout=25)
    assert proc.returncode == 2, proc.stderr
    assert "template error in mine.txt.j2: the template pads a value to more than 10,000,000 characters" \
        in one_error(proc.stderr)


def test_padding_checks_leave_ordinary_formatting_alone() -> None:
    from modellaw_check.report.sandbox import BoundedSandbox

    env = BoundedSandbox(bounded=True)
    for source, out in [("{{ '%d items' % 20000000 }}", "20000000 items"), ("{{ 'Tel 12345678: %s' % 'x' }}",
                        "Tel 12345678: x"), ("{{ '%d' | format(20000000) }}", "20000000"),
                        ("{{ '{} 12345678'.format(2) }}", "2 12345678"), ("{{ 'a 12345678' | indent(2) }}",
                        "a 12345678"), ("{{ 'x' | center(5) }}", "  x  "), ("{{ 7 % 3 }}", "1"),
                        ("{{ '%5.2f' % 3.14159 }}", " 3.14")]:
        assert env.from_string(source).render() == out, source


def test_bounded_loops_keep_their_meaning(act: Path, tmp_path: Path, fast_cli, capsys) -> None:
    template = tmp_path / "mine.txt.j2"
    template.write_text("{% for p in provisions if p.status == 'missing' %}{% if loop.first %}[{% endif %}"
                        "{{ loop.index }}/{{ loop.length }}{% if loop.last %}]{% endif %} {% else %}none"
                        "{% endfor %}|{% for x in [] %}x{% else %}empty{% endfor %}|"
                        "{% for n in [[1, [2]], [3]] recursive %}{% if n is iterable %}{{ loop(n) }}{% else %}"
                        "{{ n }}{% endif %}{% endfor %}\n", encoding="utf-8")
    code, out, err = run_cli([*TEMPLATE_CHECK, str(template), str(act)], capsys)
    assert code in (0, 1), err
    first, empty, nested = out.strip().split("|")
    assert first.startswith("[1/") and first.rstrip().endswith("]") and empty == "empty" and nested == "123"
