"""The project's gold articles: format, coverage, and extraction quality (a regression guard)."""

import json
from collections import Counter

import pytest

from stance.data import DataFormatError, load_articles, read_article
from stance.evaluation.external import gold_article_docs
from stance.evaluation.extraction import evaluate_extraction


@pytest.fixture(scope="module")
def articles():
    return load_articles()


def test_gold_articles_load_and_offsets_hold(articles):
    assert len(articles) >= 30
    for art in articles:
        words = len(art.text.split())
        assert 250 <= words <= 900, (art.id, words)
        for s in art.statements:
            assert art.text[s.start : s.end] == s.text
            if s.speaker_start is not None:
                assert art.text[s.speaker_start : s.speaker_end] == s.speaker_mention


def test_gold_covers_every_kind_and_many_speakers(articles):
    kinds = Counter(s.kind for a in articles for s in a.statements)
    assert set(kinds) == {"direct", "indirect", "mixed"}
    speakers = {s.speaker for a in articles for s in a.statements if s.speaker}
    assert len(speakers) >= 150
    assert any(s.reported_by for a in articles for s in a.statements)


def test_loader_names_the_problem(tmp_path):
    (tmp_path / "x.txt").write_text("Anna said hello.", encoding="utf-8")
    (tmp_path / "x.json").write_text(json.dumps({"statements": [{"text": "goodbye", "kind": "direct"}]}), encoding="utf-8")
    with pytest.raises(DataFormatError, match="x.json statement 0: statement text not found"):
        read_article(tmp_path / "x.txt")


def test_extraction_quality_on_gold_does_not_regress():
    r = evaluate_extraction(gold_article_docs(), n_resamples=100)
    # Goals (issue 2): recall >= 0.95, speaker accuracy >= 0.95. Floors below guard regressions.
    assert r.recall >= 0.95, r.recall
    assert r.precision >= 0.85, r.precision
    assert r.speaker_accuracy >= 0.88, r.speaker_accuracy
