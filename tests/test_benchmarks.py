"""The benchmark script runs end to end (a smoke run; speed itself is never asserted in tests)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_script_writes_a_table(tmp_path):
    out = tmp_path / "bench.md"
    r = subprocess.run(
        [
            sys.executable,
            "benchmarks/run.py",
            "--repeats",
            "1",
            "--copies",
            "1",
            "--limit",
            "3",
            "--models",
            "fast",
            "--statements",
            "16",
            "--articles",
            "2",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    md = out.read_text()
    assert "spaCy nlp.pipe (reference)" in md and "ratio to reference" in md and "amx_bf16" in md
    assert "import stance" in md and "End to end 'fast'" in md and "Peak RSS" in md and "transformers" in md


def test_scoring_benchmark_writes_a_table(tmp_path, tiny_clf):
    model = tiny_clf.save_pretrained(tmp_path / "tiny")
    out = tmp_path / "scoring.md"
    r = subprocess.run(
        [sys.executable, "benchmarks/scoring.py", "--sizes", "40", "80", "--worker-docs", "4", "--model", str(model), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    md = out.read_text()
    assert "| 40 |" in md and "| 80 |" in md and "ratio to smallest" in md and "speed-up vs 1 worker" in md
