"""The user's example article (read from ../shared, never copied): every speaker right."""

import pytest


@pytest.fixture(scope="module")
def seed(shared_dir):
    path = shared_dir / "seed" / "nato_article.txt"
    if not path.exists():
        pytest.skip("seed article absent")
    return path.read_text(encoding="utf-8")


def speaker_of(statements, cue_or_mention: str) -> set[str | None]:
    return {s.speaker for s in statements if s.speaker_mention == cue_or_mention or s.cue == cue_or_mention}


def test_seed_speakers(extractor, seed):
    out = extractor.extract(seed)
    for s in out:
        assert seed[s.start : s.end] == s.text
    speakers = {s.speaker for s in out}
    assert {"Vladimir Putin", "Bill Clinton", "Igor Ivanov", "Sergei Ordzhonikidze"} <= {x for x in speakers if x}
    # the hard references of the article
    assert speaker_of(out, "added") == {"Igor Ivanov"}
    assert speaker_of(out, "the ex-minister") == {"Igor Ivanov"}
    assert speaker_of(out, "the Russian president") == {"Vladimir Putin"}
    assert speaker_of(out, "explained") == {"Vladimir Putin"}
    assert speaker_of(out, "did not rule out") == {"Igor Ivanov"}
    assert speaker_of(out, "answered") == {"Bill Clinton"}
    assert all(s.reported_by == "Vladimir Putin" for s in out if s.cue == "answered")
    ordz = [s for s in out if s.speaker_mention in ("Ordzhonikidze", "his")]
    assert ordz and all(s.speaker == "Sergei Ordzhonikidze" for s in ordz)
