"""The labelled corpus (issue 3): loads through the library, meets its specification, is not
templated, and the data card's figures are the ones the files give."""

from collections import Counter, defaultdict

import pytest

from stance.data import STANCES, corpus_records, default_data_dir, load_corpus
from stance.data.card import BEGIN, END, render
from stance.data.check import format_problems, tfidf_neighbours, trigram_overlaps


@pytest.fixture(scope="module")
def rows():
    return corpus_records()


def test_load_corpus_splits(rows):
    dd = load_corpus()
    assert set(dd) == {"train", "dev", "test"}
    assert sum(len(d) for d in dd.values()) == len(rows)
    assert len(dd["test"]) >= 600
    assert set(dd["train"]["stance"]) == set(STANCES)


def test_size_balance_and_coverage(rows):
    n = len(rows)
    assert n >= 3000
    stance = Counter(r["stance"] for r in rows)
    assert all(stance[c] >= 0.25 * n for c in STANCES), stance
    assert len({r["speaker"].lower() for r in rows if r["speaker"]}) >= 200
    assert len({r["affiliation"] for r in rows if r["affiliation"]}) >= 40
    years = [r["year"] for r in rows]
    assert min(years) == 1949 and max(years) >= 2025
    assert sum(not r["names_target"] for r in rows) >= n / 3
    assert sum(r["hard"] for r in rows) >= n / 4
    lengths = [len(r["text"].split()) for r in rows]
    assert min(lengths) <= 5 and max(lengths) >= 60
    assert {r["register"] for r in rows} >= {"wire", "interview", "press_conference", "op_ed", "parliamentary", "translated"}
    for r in rows:
        assert r["text"] in r["context"], r["id"]


def test_articles_keep_the_realistic_mix(rows):
    arts = [r for r in rows if r["source"] == "article"]
    mix = Counter(r["stance"] for r in arts)
    assert len({r["article_id"] for r in arts}) >= 60
    assert mix["conditional"] < 0.1 * len(arts) and mix["neutral"] > 0.5 * len(arts)


def test_no_leakage_of_speakers_or_articles_across_splits(rows):
    from stance.evaluation.extraction import normalize_speaker

    split_of_speaker = defaultdict(set)
    split_of_article = defaultdict(set)
    for r in rows:
        if r["speaker"]:
            split_of_speaker[normalize_speaker(r["speaker"])].add(r["split"])
        if r["article_id"]:
            split_of_article[r["article_id"]].add(r["split"])
    assert all(len(s) == 1 for s in split_of_speaker.values())
    assert all(len(s) == 1 for s in split_of_article.values())


def test_stored_splits_are_the_computed_ones():
    from stance.data.splits import main

    assert main([]) == 0


def test_statement_files_are_well_formed():
    from stance.data.check import read_jsonl

    files = sorted((default_data_dir() / "statements").glob("*.jsonl"))
    assert len(files) >= 7
    problems = [p for f in files for p in format_problems(read_jsonl(f))]
    assert problems == []


def test_no_templates_or_near_copies(rows):
    texts = [r["text"] for r in rows]
    assert trigram_overlaps(texts, 0.5) == []
    assert tfidf_neighbours(texts, 0.8) == []


def test_data_card_figures_match_the_files():
    card = (default_data_dir() / "README.md").read_text(encoding="utf-8")
    block = card[card.index(BEGIN) : card.index(END) + len(END)]
    assert block == render(), "data/README.md is stale: run `python -m stance.data.card --write`"
