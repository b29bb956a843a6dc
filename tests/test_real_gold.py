"""The real-news gold: standoff only, loads from the local sources with checksums, fixed
splits by article, and a data card whose figures are the files'."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from stance.data._sources import SOURCES, as_standoff, from_standoff, read_document

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "real"
RECORDS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((REAL / "annotations").glob("*/*.json"))]


def test_annotations_store_no_article_text():
    allowed = {"start", "end", "kind", "cue", "speaker", "speaker_start", "speaker_end", "reported_by", "about_target"}
    allowed |= {"target_ref", "stance", "sentiment", "prefill", "corrected", "note"}
    for rec in RECORDS:
        for s in rec["statements"]:
            assert set(s) <= allowed, (rec["doc"], set(s) - allowed)  # no "text" field: offsets only
            for k in ("speaker", "cue", "reported_by"):
                v = s.get(k)
                assert v is None or isinstance(v, dict) or len(v.split()) < 8 or ";" in v, (rec["doc"], k)


def test_card_figures_are_the_files():
    from stance.data.real_card import BEGIN, END, render

    text = (REAL / "README.md").read_text(encoding="utf-8")
    block = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()
    assert block == render(), "data/real/README.md is stale: run `python -m stance.data.real_card --write`"


def test_every_annotated_article_has_a_split_and_test_is_a_fifth():
    splits = json.loads((REAL / "splits.json").read_text(encoding="utf-8"))["splits"]
    docs = [r["doc"] for r in RECORDS]
    assert all(d in splits for d in docs)
    share = sum(splits[d] == "test" for d in docs) / len(docs)
    assert 0.20 <= share <= 0.26, share


def test_long_strings_become_offsets():
    text = "Yesterday a senior official of the ministry who asked not to be named said it was over."
    v = as_standoff("a senior official of the ministry who asked not to be named", text, 0)
    assert v == {"span": [10, 69]} and from_standoff(v, text) == text[10:69]
    assert as_standoff("the minister", text, 0) == "the minister" and from_standoff("x", text) == "x"


@pytest.mark.shared
def test_the_gold_loads_with_checked_texts(shared_dir):
    from stance.data import load_real_news, real_articles

    articles = real_articles()
    assert len(articles) == len(RECORDS)
    for a in articles[:60]:
        for s in a.statements:
            assert a.text[s.start : s.end] == s.text and s.text.strip()
            if s.speaker_start is not None:
                assert a.text[s.speaker_start : s.speaker_end] == s.speaker_mention
    gold = load_real_news()
    assert set(gold) == {"train", "dev", "test"} and sum(len(gold[k]) for k in gold) == sum(len(r["statements"]) for r in RECORDS)
    test = gold["test"]
    assert any(test["about_target"]) and any(test["full_article"])


@pytest.mark.shared
def test_a_changed_or_missing_source_names_the_repository(shared_dir, tmp_path):
    from stance.data import SourceMissingError, real_articles

    rec = next(r for r in RECORDS if r["doc"].startswith("kremlin:"))
    root = tmp_path / "data"
    src = SOURCES["kremlin"]
    (root / src.folder / "text").mkdir(parents=True)
    local = rec["doc"].split(":", 1)[1]
    shutil.copy(shared_dir / "data" / src.folder / "text" / f"{local}.txt", root / src.folder / "text" / f"{local}.txt")
    one = tmp_path / "ann"
    (one / "kremlin").mkdir(parents=True)
    (one / "kremlin" / f"{local}.json").write_text(json.dumps(rec), encoding="utf-8")
    assert len(real_articles(root, annotations=one)) == 1
    path = root / src.folder / "text" / f"{local}.txt"
    path.write_text(path.read_text(encoding="utf-8") + " changed", encoding="utf-8")
    with pytest.raises(SourceMissingError, match=f"sha256 mismatch.*{src.repository}.*{src.commit}"):
        real_articles(root, annotations=one)
    path.unlink()
    with pytest.raises(SourceMissingError, match="not found.*valdai-transcripts"):
        real_articles(root, annotations=one)
    with pytest.raises(FileNotFoundError):
        read_document(rec["doc"], tmp_path / "nothing")
