from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def extractor():
    """One spaCy-backed extractor for the whole session (the pipeline loads once)."""
    from stance.extraction import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (it exists only beside a developer checkout and in CI)")
    return SHARED


def by_text(statements, fragment: str):
    """The statement whose text contains ``fragment`` (fails loudly if none or several)."""
    hits = [s for s in statements if fragment in s.text]
    assert len(hits) == 1, f"expected one statement containing {fragment!r}, got {[s.text for s in statements]}"
    return hits[0]
