"""The user's article (read from ../shared, never copied): the key statements get the right stance
from the shipped accurate model."""

import pytest


@pytest.fixture(scope="module")
def analysed(shared_dir, extractor):
    import stance

    path = shared_dir / "seed" / "nato_article.txt"
    if not path.exists():
        pytest.skip("seed article absent")
    text = path.read_text(encoding="utf-8")
    return stance.analyze(text, model=stance.load("accurate"), extractor=extractor)


def _one(statements, fragment):
    hits = [s for s in statements if fragment in s.text]
    assert hits, f"no statement contains {fragment!r}"
    return hits[0]


@pytest.mark.parametrize(
    "fragment, expected",
    [
        ("only vassals", "hostile"),
        ("We must take countermeasures", "hostile"),
        ("subject to a change", "conditional"),
        ("any negotiations", "neutral"),
    ],
)
def test_seed_statement_stances(analysed, fragment, expected):
    assert _one(analysed, fragment).stance == expected
