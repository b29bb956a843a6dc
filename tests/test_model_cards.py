"""The shipped models' cards hold figures that the models still reproduce (the refactors of
prediction, calibration and the corpus loader must not move them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _check(name: str) -> None:
    from stance.classify import load
    from stance.classify._recipes import measure
    from stance.data import load_corpus

    stored = json.loads((ROOT / "models" / name / "metrics.json").read_text(encoding="utf-8"))
    stored = stored.get("test", stored)
    clf = load(name)
    test = [dict(r) for r in load_corpus()["test"]]
    for part, source in (("balanced", "statement"), ("realistic", "article")):
        rows = [r for r in test if r["source"] == source]
        now = measure(clf, rows)
        for head in ("stance", "sentiment"):
            # another CPU or transformers release moves bf16 arithmetic and can flip a near-tie;
            # the pre-refactor code gives the same figures as this one on the same machine
            tol = 0.01
            assert abs(now[head]["macro_f1"] - stored[part]["default"][head]["macro_f1"]) <= tol, (name, part, head)


def test_fast_model_card_reproduces():
    _check("fast")


@pytest.mark.slow
def test_accurate_model_card_reproduces():
    _check("accurate")
