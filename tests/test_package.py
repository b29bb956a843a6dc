"""Packaging promises: a quiet, fast import; the CLI; README and CI in step."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import stance

ROOT = Path(__file__).resolve().parent.parent


def run(*args, stdin=None):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, input=stdin, cwd=ROOT, timeout=300)


def test_import_is_lazy_and_has_no_side_effects():
    code = (
        "import sys, warnings, logging, os\n"
        "filters = list(warnings.filters); env = dict(os.environ); root = list(logging.getLogger().handlers)\n"
        "import stance\n"
        "assert 'torch' not in sys.modules and 'spacy' not in sys.modules and 'transformers' not in sys.modules\n"
        "assert warnings.filters == filters and dict(os.environ) == env and logging.getLogger().handlers == root\n"
        "assert all(type(h).__name__ == 'NullHandler' for h in logging.getLogger('stance').handlers)\n"
    )
    r = run("-c", code)
    assert r.returncode == 0, r.stderr


def test_import_is_fast_relative_to_the_interpreter_start():
    # ratio against a bare interpreter measured in the same test (no absolute timings)
    import time

    def best(args):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            run(*args)
            times.append(time.perf_counter() - t)
        return min(times)

    bare = best(["-c", "pass"])
    with_stance = best(["-c", "import stance"])
    assert with_stance < bare * 5, (bare, with_stance)


def test_public_surface():
    import inspect

    kinds = {name: getattr(stance, name) for name in stance.__all__}
    assert kinds["__version__"] == stance._version.__version__
    for name, obj in kinds.items():
        if name == "__version__":
            continue
        assert inspect.isclass(obj) or inspect.isfunction(obj), f"stance.{name} is {type(obj).__name__}"
        assert obj.__module__.startswith("stance."), f"stance.{name} comes from {obj.__module__}"
        assert obj.__name__ == name, f"stance.{name} is bound to {obj.__name__}"
        assert (obj.__doc__ or "").strip(), f"stance.{name} has no docstring"
    assert sorted(dir(stance)) == sorted(stance.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        stance.nope  # noqa: B018


def test_cli_example_jsonl_and_module_entry_point():
    r = run("-m", "stance", "extract", "--example", "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    text = (ROOT / "stance" / "examples" / "harbour_summit.txt").read_text(encoding="utf-8")
    assert len(rows) >= 10
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]
    assert {"Aino Lehtonen", "Pavel Sorokin", "Kadri Ots", "Erik Dahl", "Maria Conti"} <= {row["speaker"] for row in rows}


def test_cli_stdin_and_bad_file():
    r = run("-m", "stance", "extract", "-", "--format", "table", stdin="Anna Lind said the plan was good.")
    assert r.returncode == 0 and "Anna Lind" in r.stdout
    r = run("-m", "stance", "extract", "no/such/file.txt")
    assert r.returncode != 0 and "no such file" in r.stderr


def test_cli_rejects_non_utf8(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 said hello.".encode("latin-1"))
    r = run("-m", "stance", "extract", str(bad))
    assert r.returncode != 0 and "not UTF-8" in r.stderr


def test_readme_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = re.search(r"<!-- install -->\s*```bash\n(.+?)\n```", readme, re.S).group(1).strip()
    test = re.search(r"<!-- test -->\s*```bash\n(.+?)\n```", readme, re.S).group(1).strip()
    assert "torch==2.13.0" in install and "--no-deps" in install
    assert "README.md" in ci  # CI reads the commands from the README itself
    assert install.count("\n") == 0 and test.count("\n") == 0


def test_cli_analyze_example_with_the_fast_model():
    r = run("-m", "stance", "analyze", "--example", "--model", "fast", "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) >= 10
    for row in rows:
        assert row["stance"] in ("hostile", "conditional", "neutral")
        assert list(row["stance_scores"]) == ["hostile", "conditional", "neutral"]
        assert abs(sum(row["stance_scores"].values()) - 1) < 1e-4


def test_accurate_falls_back_to_fast_when_its_encoder_is_missing(tmp_path):
    import os

    code = "import warnings, stance\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n    clf = stance.load()\nprint(clf.config.base, any('falls back' in str(x.message) or 'fast model instead' in str(x.message) for x in w))"
    env = dict(os.environ, STANCE_MPNET_DIR=str(tmp_path / "missing"))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["minilm", "True"]
