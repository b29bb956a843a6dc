from dataclasses import dataclass

import pytest

from stance.evaluation.extraction import ExtractionDoc, GoldSpan, normalize_speaker, score_extraction


@dataclass
class P:
    start: int
    end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    kind: str | None = None


def test_overlap_matching_precision_recall_and_speakers():
    text = "x" * 100
    doc = ExtractionDoc("d", text, (GoldSpan(0, 10, "Anna Berg", 20, 25, "direct"), GoldSpan(30, 40, "Jan Kowal", 50, 55, "indirect")))
    preds = [[P(5, 12, "anna berg", 21, 23, "direct"), P(60, 70, "Nobody"), P(35, 38, "Someone Else", 0, 2, "indirect")]]
    r = score_extraction([doc], preds, n_resamples=50)
    assert (r.n_gold, r.n_predicted, r.n_matched) == (2, 3, 2)
    assert r.precision == pytest.approx(2 / 3) and r.recall == 1.0
    assert r.speaker_accuracy == 0.5 and r.mention_accuracy == 0.5 and r.kind_accuracy == 1.0
    assert {e["type"] for e in r.errors} == {"speaker", "spurious"}


def test_one_to_one_matching():
    doc = ExtractionDoc("d", "y" * 50, (GoldSpan(0, 20),))
    r = score_extraction([doc], [[P(0, 10), P(10, 20)]], n_resamples=10)
    assert r.n_matched == 1 and r.precision == 0.5


def test_deterministic_for_a_seed_and_empty_input():
    doc = ExtractionDoc("d", "z" * 10, (GoldSpan(0, 5),))
    a = score_extraction([doc, doc], [[P(0, 5)], []], seed=3, n_resamples=200)
    b = score_extraction([doc, doc], [[P(0, 5)], []], seed=3, n_resamples=200)
    assert a.f1_ci == b.f1_ci
    empty = score_extraction([], [], n_resamples=10)
    assert empty.n_documents == 0 and empty.f1 == 0.0


def test_mismatched_lengths_are_a_clear_error():
    with pytest.raises(ValueError, match="one list per document"):
        score_extraction([ExtractionDoc("d", "", ())], [], n_resamples=1)


@pytest.mark.parametrize(
    "a, b", [("the Kremlin", "Kremlin"), ("Mr. Putin", "Putin"), ("Lord Ismay", "Ismay"), ("a senior diplomat", "senior diplomat")]
)
def test_speaker_normalisation(a, b):
    assert normalize_speaker(a) == normalize_speaker(b)
