"""PolNeAR (real news, read from ../shared; skipped without it): the loader and the harness on a
small dev sample. The full test-split figure is a reported number, not a test (see README)."""

import pytest

from stance.evaluation.external import load_polnear
from stance.evaluation.extraction import evaluate_extraction


@pytest.fixture(scope="module")
def dev_sample(shared_dir):
    try:
        return load_polnear("dev", root=shared_dir / "data" / "polnear", limit=12)
    except FileNotFoundError:
        pytest.skip("PolNeAR absent")


def test_polnear_loader_offsets(dev_sample):
    assert len(dev_sample) == 12
    for doc in dev_sample:
        for g in doc.gold:
            assert 0 <= g.start < g.end <= len(doc.text)


def test_polnear_extraction_floor(extractor, dev_sample):
    r = evaluate_extraction(dev_sample, lambda texts: list(extractor.pipe(texts)), n_resamples=100)
    # regression floors well below the measured dev figures (F1 ~0.70, mention ~0.88)
    assert r.precision >= 0.75 and r.f1 >= 0.55 and r.mention_accuracy >= 0.8, r


def test_bad_split_name():
    with pytest.raises(ValueError, match="split must be"):
        load_polnear("validation")
