"""The classifier, on a tiny encoder built offline from a small config (no download, no mocks)."""

from __future__ import annotations

import json
import threading
import warnings
from pathlib import Path

import pytest

from stance import Prediction
from stance.classify import ModelFolderError, StanceClassifier

STATEMENTS = [
    "The alliance is a relic and must be dissolved.",
    "We could join once the bloc changes its nature.",
    "The summit opens on Monday.",
]
CONTEXTS = ["The minister spoke in Moscow about NATO.", "The premier was asked about NATO.", None]


def test_predict_shapes_and_label_order(tiny_clf):
    preds = tiny_clf.predict(STATEMENTS, contexts=CONTEXTS)
    assert len(preds) == 3 and all(isinstance(p, Prediction) for p in preds)
    for p in preds:
        assert list(p.stance_scores) == ["hostile", "conditional", "neutral"] == tiny_clf.classes_
        assert list(p.sentiment_scores) == ["negative", "neutral", "positive"]
        assert abs(sum(p.stance_scores.values()) - 1) < 1e-5 and abs(sum(p.sentiment_scores.values()) - 1) < 1e-5
        assert p.stance == max(p.stance_scores, key=p.stance_scores.get) and p.confidence == max(p.stance_scores.values())
    assert preds[0].mentions_target and not preds[2].mentions_target


def test_order_does_not_depend_on_batching(tiny_clf):
    a = tiny_clf.predict(STATEMENTS, contexts=CONTEXTS, batch_size=1)
    b = tiny_clf.predict(STATEMENTS, contexts=CONTEXTS, batch_size=32)
    for x, y in zip(a, b, strict=True):
        assert x.stance == y.stance
        for k in x.stance_scores:
            assert abs(x.stance_scores[k] - y.stance_scores[k]) < 1e-4


def test_save_and_load_round_trip(tiny_clf, tiny_base, tmp_path):
    folder = tiny_clf.save_pretrained(tmp_path / "m")
    assert {p.name for p in folder.iterdir()} == {"config.json", "adapter.safetensors"}
    again = StanceClassifier.from_pretrained(folder)
    for x, y in zip(tiny_clf.predict(STATEMENTS, contexts=CONTEXTS), again.predict(STATEMENTS, contexts=CONTEXTS), strict=True):
        assert x.stance_scores == pytest.approx(y.stance_scores, abs=1e-5)


def test_empty_and_bad_input(tiny_clf):
    assert tiny_clf.predict([]) == []
    with pytest.raises(TypeError, match="statement 1 is int"):
        tiny_clf.predict(["fine", 3])
    with pytest.raises(TypeError, match="wrap a single statement"):
        tiny_clf.predict("just a string")
    with pytest.raises(ValueError, match="trained for target 'NATO', not 'EU'"):
        tiny_clf.predict(["x"], target="EU")
    with pytest.raises(ValueError, match="one context"):
        tiny_clf.predict(["a", "b"], contexts=["only one"])


def test_long_statement_is_truncated_with_a_warning(tiny_clf):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (p,) = tiny_clf.predict(["word " * 400])
    assert p.truncated and any("truncated" in str(w.message) for w in caught)


def test_explain_gives_word_spans(tiny_clf):
    (p,) = tiny_clf.predict([STATEMENTS[0]], contexts=[CONTEXTS[0]], explain=True)
    assert 1 <= len(p.evidence) <= 3, p.evidence  # the words whose removal moved the decision most
    for a, b in p.evidence:
        assert 0 <= a < b <= len(STATEMENTS[0]) and STATEMENTS[0][a:b].strip()
        assert STATEMENTS[0][a:b].replace("-", "").replace("'", "").replace("’", "").isalnum()  # whole words
    (plain,) = tiny_clf.predict([STATEMENTS[0]], contexts=[CONTEXTS[0]])
    assert plain.evidence == ()  # only when asked


def test_refuses_pickles_and_wrong_checksums(tiny_clf, tmp_path):
    folder = tiny_clf.save_pretrained(tmp_path / "m")
    (folder / "pytorch_model.bin").write_bytes(b"\x80\x04not really")
    with pytest.raises(ModelFolderError, match="refusing pickled"):
        StanceClassifier.from_pretrained(folder)
    (folder / "pytorch_model.bin").unlink()
    cfg = json.loads((folder / "config.json").read_text())
    cfg["base_sha256"] = "0" * 64
    (folder / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelFolderError, match="config.json: base model check failed"):
        StanceClassifier.from_pretrained(folder)
    (folder / "config.json").write_text("{not json")
    with pytest.raises(ModelFolderError, match="unreadable model config"):
        StanceClassifier.from_pretrained(folder)


def test_predict_is_safe_from_four_threads(tiny_clf):
    texts = STATEMENTS * 5
    reference = [p.stance_scores for p in tiny_clf.predict(texts)]
    results: list = [None] * 4

    def work(i: int) -> None:
        results[i] = [p.stance_scores for p in tiny_clf.predict(texts)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        for a, b in zip(r, reference, strict=True):
            assert a == pytest.approx(b, abs=1e-6)


def test_analyze_labels_every_extracted_statement(tiny_clf, extractor):
    import stance

    text = (Path(__file__).resolve().parent.parent / "stance" / "examples" / "harbour_summit.txt").read_text(encoding="utf-8")
    out = stance.analyze(text, model=tiny_clf, extractor=extractor)
    assert len(out) == len(extractor.extract(text)) > 0
    for s in out:
        assert text[s.start : s.end] == s.text
        assert s.stance in ("hostile", "conditional", "neutral") and s.sentiment in ("negative", "neutral", "positive")
        assert isinstance(s.mentions_target, bool) and 0 < s.confidence <= 1
    assert stance.analyze("", model=tiny_clf) == []


def test_custom_target_and_labels(tiny_base, tmp_path):
    """A user's own data: target EU, labels favor / against / none; the saved model carries them."""
    from stance.classify import TrainConfig, train_on_file
    from stance.labels import LabelScheme

    rows = [
        json.loads(x) for x in (Path(__file__).parent / "data" / "eu_stance.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()
    ]
    data = tmp_path / "eu.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    clf = train_on_file(
        data,
        tmp_path / "eu_model",
        TrainConfig(base=str(tiny_base), epochs=1),
        scheme=LabelScheme.from_heads({"stance": ["favor", "against", "none"]}),
        target="EU",
    )
    again = StanceClassifier.from_pretrained(tmp_path / "eu_model")
    assert again.labels == {"stance": ["favor", "against", "none"]} and again.config.target == "EU"
    (p,) = again.predict(["Brussels should get more powers."], target="EU")
    assert p.stance in ("favor", "against", "none") and p.sentiment is None
    with pytest.raises(ValueError, match="trained for target 'EU'"):
        clf.predict(["x"], target="NATO")


def test_a_short_training_run_beats_the_majority_class():
    """Train MiniLM adapters briefly on a slice of the corpus; held-out macro-F1 must beat
    always predicting the majority class (a test that can fail: an untrained head does not)."""
    from collections import Counter

    from stance.classify import TrainConfig
    from stance.classify._recipes import measure
    from stance.classify._train import train
    from stance.data import load_corpus
    from stance.evaluation.metrics import macro_f1

    dd = load_corpus()
    tr = [dict(r) for r in dd["train"].shuffle(seed=1).select(range(240))]
    dv = [dict(r) for r in dd["dev"].filter(lambda r: r["source"] == "statement").select(range(48))]
    held = [dict(r) for r in dd["test"].filter(lambda r: r["source"] == "statement").select(range(120))]
    clf = train(tr, dv, TrainConfig(base="minilm", epochs=2, batch_size=16, lr=1e-3, head_lr_factor=3, max_length=96))
    score = measure(clf, held, adjust_priors=False)["stance"]["macro_f1"]
    majority = Counter(r["stance"] for r in tr).most_common(1)[0][0]
    base = macro_f1([r["stance"] for r in held], [majority] * len(held), ["hostile", "conditional", "neutral"])
    assert score > base + 0.1, (score, base)


def test_training_is_deterministic_for_a_seed(tiny_base):
    from stance.classify import TrainConfig
    from stance.classify._train import train
    from stance.data import load_corpus

    dd = load_corpus()
    tr = [dict(r) for r in dd["train"].select(range(48))]
    dv = [dict(r) for r in dd["dev"].select(range(16))]
    cfg = TrainConfig(base=str(tiny_base), epochs=1, seed=7, max_length=48, lora_r=4)
    a = train(tr, dv, cfg)
    b = train(tr, dv, cfg)
    sa, sb = a._trainable_state(), b._trainable_state()
    assert sa.keys() == sb.keys() and all((sa[k] == sb[k]).all() for k in sa)
