"""The evaluation harness: metrics against scikit-learn, intervals, paired bootstrap, baselines,
the report files and the CLI, and the external sets (skipped without ../shared)."""

from __future__ import annotations

import json

import pytest
from sklearn.metrics import accuracy_score, f1_score

import stance
from stance import Prediction
from stance.evaluation.baselines import MajorityBaseline, TfidfBaseline, VaderBaseline, make_baseline
from stance.evaluation.classification import compare, evaluate
from stance.evaluation.end_to_end import score_end_to_end
from stance.evaluation.provenance import stamp
from stance.evaluation.registry import EvalSet, load_eval_set, run
from stance.evaluation.reports import write_report

LABELS = ("hostile", "conditional", "neutral")


def _rows(gold: list[str], **extra) -> list[dict]:
    return [
        {"id": f"r{i}", "text": f"statement number {i}", "stance": g, **{k: v[i] for k, v in extra.items()}} for i, g in enumerate(gold)
    ]


GOLD = ["hostile"] * 30 + ["conditional"] * 20 + ["neutral"] * 50
PRED = ["hostile"] * 25 + ["neutral"] * 5 + ["conditional"] * 12 + ["hostile"] * 8 + ["neutral"] * 44 + ["conditional"] * 6


def test_point_metrics_match_scikit_learn():
    res = evaluate(PRED, _rows(GOLD), resamples=200)
    assert res.n == 100 and res.skipped == 0
    assert res.accuracy == pytest.approx(accuracy_score(GOLD, PRED))
    assert res.macro_f1 == pytest.approx(f1_score(GOLD, PRED, labels=list(LABELS), average="macro"))
    assert res.primary_metric == "macro_f1" and res.primary == res.macro_f1
    assert res.confusion[0] == (25, 0, 5)  # gold hostile row
    assert sum(map(sum, res.confusion)) == 100
    assert [c.support for c in res.per_class] == [30, 20, 50]
    assert len(res.errors) == 100 - sum(res.confusion[i][i] for i in range(3))


def test_intervals_are_deterministic_and_bracket_the_estimate():
    a = evaluate(PRED, _rows(GOLD))
    b = evaluate(PRED, _rows(GOLD))
    c = evaluate(PRED, _rows(GOLD), seed=1)
    assert a.resamples == 1000
    assert a.macro_f1_ci == b.macro_f1_ci and a.accuracy_ci == b.accuracy_ci
    assert a.macro_f1_ci != c.macro_f1_ci
    assert a.macro_f1_ci[0] < a.macro_f1 < a.macro_f1_ci[1]
    assert a.accuracy_ci[0] < a.accuracy < a.accuracy_ci[1]
    assert 0.05 < a.macro_f1_ci[1] - a.macro_f1_ci[0] < 0.4


def test_calibration_and_breakdowns():
    preds = []
    for p in PRED:
        scores = {lab: (0.8 if lab == p else 0.1) for lab in LABELS}
        preds.append(Prediction(scores={"stance": scores}))
    years = [str(1950 + i) for i in range(100)]
    res = evaluate(preds, _rows(GOLD, year=years, kind=["direct", "indirect"] * 50), by=("decade", "kind"), resamples=100)
    # every prediction says 0.8; accuracy is 0.75, so ECE is exactly the gap
    assert res.ece == pytest.approx(abs(0.8 - res.accuracy))
    assert sum(b["count"] for b in res.reliability) == 100
    assert set(res.breakdowns["decade"]) == {f"{d}s" for d in range(1950, 2050, 10)}
    assert sum(g["n"] for g in res.breakdowns["kind"].values()) == 100
    with pytest.raises(ValueError, match="no such column"):
        evaluate(preds, _rows(GOLD), by=("country",), resamples=10)


def test_skips_are_counted_and_bad_labels_are_named():
    gold = GOLD[:10] + ["", None]
    res = evaluate(PRED[:12], _rows(gold), resamples=10)
    assert res.n == 10 and res.skipped == 2 and res.skip_reasons == {"no gold label": 2}
    with pytest.raises(ValueError, match=r"'favour' is not one of \['hostile', 'conditional', 'neutral'\]"):
        evaluate(PRED[:3], _rows(["hostile", "favour", "neutral"]), resamples=10)
    with pytest.raises(ValueError, match="3 predictions for 4 rows"):
        evaluate(PRED[:3], _rows(GOLD[:4]), resamples=10)
    with pytest.raises(ValueError, match="label_map"):
        evaluate(["conditional"], _rows(["hostile"]), labels=("hostile", "neutral"), resamples=10)
    mapped = evaluate(
        ["conditional", "hostile"],
        _rows(["neutral", "hostile"]),
        labels=("hostile", "neutral"),
        label_map={"conditional": "neutral"},
        resamples=10,
    )
    assert mapped.accuracy == 1.0
    with pytest.raises(ValueError, match="no 'stance' column"):
        evaluate(["hostile"], [{"text": "x", "label": "hostile"}], resamples=10)


def test_paired_bootstrap():
    good = evaluate(PRED, _rows(GOLD), system="good", resamples=300)
    same = compare(good, good, resamples=300)
    assert same.difference == 0 and same.ci == (0.0, 0.0)
    weak = evaluate(["neutral"] * 100, _rows(GOLD), system="majority", resamples=300)
    cmp = compare(weak, good, resamples=300)
    assert cmp.difference == pytest.approx(good.macro_f1 - weak.macro_f1)
    assert cmp.ci[0] > 0 and cmp.p_not_better == 0.0
    other = evaluate(PRED[:50], _rows(GOLD[:50]), resamples=10)
    with pytest.raises(ValueError, match="different items"):
        compare(good, other)


def test_baselines_on_the_corpus():
    from stance.data import load_corpus

    dd = load_corpus()
    train = [dict(r) for r in dd["train"]]
    test = [dict(r) for r in dd["test"]]
    maj = evaluate(MajorityBaseline().fit(train), test, resamples=100)
    tfidf = evaluate(TfidfBaseline().fit(train), test, resamples=100)
    assert maj.predicted.count(maj.predicted[0]) == maj.n  # one class only
    assert maj.macro_f1 < 0.3 < tfidf.macro_f1
    assert compare(maj, tfidf, resamples=200).ci[0] > 0


def test_vader_mapping_on_written_statements():
    v = VaderBaseline()
    out = v.predict(
        [
            "The alliance is a disgrace and a danger to every one of us.",
            "We would take part if the alliance dropped its nuclear posture.",
            "The meeting begins at nine in the morning.",
            "This is a wonderful and generous partnership.",
        ]
    )
    assert [p.stance for p in out] == ["hostile", "conditional", "neutral", "neutral"]
    assert [p.sentiment for p in out] == ["negative", "neutral", "neutral", "positive"]
    assert v.predict([]) == []


def test_frozen_encoder_baseline_learns_something():
    from stance.data import load_corpus

    dd = load_corpus()
    train = [dict(r) for r in dd["train"].select(range(300))]
    test = [dict(r) for r in dd["test"] if r["source"] == "statement"][:150]
    frozen = make_baseline("frozen-minilm", train)
    res = evaluate(frozen, test, resamples=100)
    assert res.system == "frozen-minilm"
    assert res.macro_f1 > 0.45, res.macro_f1


def test_a_model_runs_through_the_harness(tiny_clf):
    rows = [dict(r) for r in load_eval_set("corpus", "test", limit=40).rows]
    res = stance.evaluate(tiny_clf, rows, resamples=50)
    assert isinstance(res, stance.EvaluationResult) and res.n == 40
    sent = evaluate(tiny_clf, rows, head="sentiment", resamples=50)
    assert sent.labels == ("negative", "neutral", "positive")
    # other targets only with zero_shot
    other = [dict(r, target="Russia") for r in rows[:3]]
    with pytest.raises(ValueError, match="trained for target"):
        evaluate(tiny_clf, other, resamples=10)
    assert evaluate(tiny_clf, other, zero_shot=True, resamples=10).n == 3


def test_report_files_and_stamp(tiny_clf, tmp_path):
    es = load_eval_set("corpus", "test", limit=60)
    results = run(tiny_clf, es, resamples=50) + run(MajorityBaseline().fit(load_eval_set("corpus", "train").rows), es, resamples=50)
    written = write_report(tmp_path, es, results, stamp_info=stamp([tiny_clf]))
    payload = json.loads((tmp_path / "results.json").read_text())
    st = payload["stamp"]
    assert st["time"].endswith("+00:00") and "transformers" in st["versions"]
    assert "git_commit" in st and list(st["models"]) == ["stance-" + tiny_clf.config.name]
    assert [r["head"] for r in payload["results"]] == ["stance", "sentiment", "stance", "sentiment"]
    report = (tmp_path / "report.md").read_text()
    assert "macro-F1 (95% CI)" in report and "majority" in report
    pngs = [p for k, p in written.items() if p.suffix == ".png"]
    assert len(pngs) >= 6 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    assert (tmp_path / "errors.csv").read_text().startswith("system,head,id")


def test_bad_data_files_are_named(tmp_path):
    p = tmp_path / "mine.jsonl"
    p.write_text(json.dumps({"body": "x", "stance": "hostile"}) + "\n")
    with pytest.raises(ValueError, match=r"mine.jsonl: missing column 'text'"):
        load_eval_set(str(p))
    p.write_text(json.dumps({"text": "x", "stance": "pro"}) + "\n")
    with pytest.raises(ValueError, match=r"column 'stance' has unknown label\(s\) \['pro'\]"):
        load_eval_set(str(p))
    p.write_text(json.dumps({"text": "x", "stance": "hostile", "split": "train"}) + "\n")
    with pytest.raises(ValueError, match="split 'test' is empty"):
        load_eval_set(str(p))
    with pytest.raises(FileNotFoundError, match="no such data set or file; name one of the sets corpus"):
        load_eval_set(str(tmp_path / "absent.csv"))
    p.write_text(json.dumps({"text": "x", "stance": "hostile", "split": "test"}) + "\n")
    assert load_eval_set(str(p)).heads == ("stance",)


def test_cli_eval_writes_a_report(tmp_path, capsys):
    from stance.cli import main

    rc = main(["eval", "--baseline", "majority", "--baseline", "vader", "--limit", "80", "--resamples", "100", "--out", str(tmp_path)])
    assert rc == 0
    out = capsys.readouterr().out
    assert "| majority | 80 |" in out and "| vader | 80 |" in out
    assert (tmp_path / "results.json").is_file() and (tmp_path / "confusion_vader_stance.png").is_file()
    capsys.readouterr()
    # no --model and no --baseline: the default model, as `analyze` and `score` use
    assert main(["eval", "--limit", "12", "--resamples", "10", "--no-plots", "--out", str(tmp_path / "default")]) == 0
    assert "| stance-accurate | 12 |" in capsys.readouterr().out


class _Echo:
    """A stand-in for analyze: returns the gold statements with a chosen stance."""

    def __init__(self, articles, flip: int = 0):
        self.by_text = {a.text: a for a in articles}
        self.flip = flip

    def __call__(self, text):
        from stance import Statement

        out = []
        for i, g in enumerate(self.by_text[text].statements):
            stance_ = g.stance if i >= self.flip else ("neutral" if g.stance != "neutral" else "hostile")
            out.append(Statement(text=g.text, start=g.start, end=g.end, speaker=g.speaker, stance=stance_))
        return out


def test_end_to_end_scoring():
    from stance.data import load_articles

    arts = [a for a in load_articles() if a.split == "test"][:5]
    perfect = score_end_to_end(arts, _Echo(arts), n_resamples=100)
    assert perfect.f1 == 1.0 and perfect.n_right == perfect.n_gold
    flipped = score_end_to_end(arts, _Echo(arts, flip=1), n_resamples=100)
    assert flipped.n_right == perfect.n_gold - len(arts)
    assert flipped.f1 < 1.0 and len(flipped.errors) == len(arts)


def test_end_to_end_with_a_real_model(tiny_clf, extractor):
    from stance._analyze import analyze
    from stance.data import load_articles

    arts = [a for a in load_articles() if a.split == "test"][:2]
    res = score_end_to_end(arts, lambda t: analyze(t, model=tiny_clf, extractor=extractor), n_resamples=50)
    assert res.n_documents == 2 and res.n_predicted > 0 and 0 <= res.f1 <= 1


# --- external sets -----------------------------------------------------------------------


def test_newsmtsc_loader(shared_dir):
    es = load_eval_set("newsmtsc", "test")
    assert len(es.rows) == 803 and es.heads == ("sentiment",) and es.zero_shot
    counts = {lab: sum(r["sentiment"] == lab for r in es.rows) for lab in ("negative", "neutral", "positive")}
    assert counts == {"negative": 295, "neutral": 319, "positive": 189}
    r = es.rows[0]
    assert r["text"][r["target_start"] : r["target_end"]] == r["target"]


def test_unscon_loader(shared_dir):
    es = load_eval_set("unscon")
    rows = es.rows
    assert {r["target"] for r in rows} == {"Russia", "Ukraine"}
    hostile = [r for r in rows if r["stance"] == "hostile"]
    assert hostile and all(r["text"] for r in hostile)
    res = evaluate(["neutral"] * len(rows), list(rows), labels=("hostile", "neutral"), resamples=10)
    assert res.skipped == sum(1 for r in rows if not r["stance"]) > 0
    assert res.f1_of("hostile") == 0.0


def test_ruw_loader(shared_dir):
    es = load_eval_set("ruw", "test")
    assert len(es.rows) == 2400
    orig = {o: sum(r["original"] == o for r in es.rows if r["target"] == "Russia") for o in ("AGAINST", "FAVOR", "NONE")}
    assert orig == {"AGAINST": 610, "FAVOR": 321, "NONE": 269}
    assert all(r["stance"] == ("hostile" if r["original"] == "AGAINST" else "neutral") for r in es.rows)


def test_external_set_needs_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_SHARED_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="STANCE_SHARED_DATA"):
        load_eval_set("ruw")


def test_evalset_is_frozen():
    es = EvalSet("x", (), ("stance",), {"stance": LABELS})
    with pytest.raises(AttributeError):
        es.name = "y"  # type: ignore[misc]
    assert es.name == "x" and es.heads == ("stance",)


def test_polnear_through_the_eval_command(shared_dir, tmp_path, capsys):
    from stance.cli import main

    assert main(["eval", "--data", "polnear", "--split", "dev", "--limit", "3", "--resamples", "50", "--out", str(tmp_path)]) == 0
    payload = json.loads((tmp_path / "results.json").read_text())
    assert payload["extraction"]["n_documents"] == 3 and "git_commit" in payload["stamp"]
    assert "span precision" in capsys.readouterr().out and "span F1" in (tmp_path / "report.md").read_text()
