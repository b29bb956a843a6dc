"""A five-megabyte document (slow; the linear-time checks on hostile input are in test_hardening.py)."""

import pytest

ARTICLE = (
    "Minister Ana Ruiz said that the base would stay open. “We are not leaving,” she added.\n\n"
    "According to Ruiz, the alliance “will decide in June”. The talks, he said, had stalled “ "
)


@pytest.mark.slow
def test_five_megabyte_document(extractor):
    text = (ARTICLE * (5_000_000 // len(ARTICLE) + 1))[:5_000_000]
    out = extractor.extract(text)
    assert out and all(text[s.start : s.end] == s.text for s in out)
