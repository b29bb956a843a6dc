"""Time grows linearly with input length, also on hostile input (ratios, never absolute times)."""

import time

import pytest

ARTICLE = (
    "Minister Ana Ruiz said that the base would stay open. “We are not leaving,” she added.\n\n"
    "According to Ruiz, the alliance “will decide in June”. The talks, he said, had stalled “ "
)


def _time(extractor, text: str) -> float:
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        extractor.extract(text)
        best = min(best, time.perf_counter() - t)
    return best


@pytest.mark.parametrize(
    "unit",
    [
        ARTICLE,
        "“ unmatched said “ " * 20 + "\n\n",  # unbalanced quote marks and reporting verbs
        "word " * 200,  # one long 'sentence' without punctuation
    ],
    ids=["article", "unmatched-quotes", "no-punctuation"],
)
def test_extraction_time_is_linear(extractor, unit):
    small = unit * (20_000 // len(unit))
    big = small * 4
    extractor.extract(small)  # warm-up
    t_small, t_big = _time(extractor, small), _time(extractor, big)
    assert t_big < t_small * 4 * 2.5, (t_small, t_big)


@pytest.mark.slow
def test_five_megabyte_document(extractor):
    text = (ARTICLE * (5_000_000 // len(ARTICLE) + 1))[:5_000_000]
    out = extractor.extract(text)
    assert out and all(text[s.start : s.end] == s.text for s in out)
