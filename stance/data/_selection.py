"""The fixed selection of real articles: which are annotated in full, which for their NATO
statements only, which twice (the agreement study), and the annotation batches."""

from __future__ import annotations

import re
from typing import Any

from ._sources import FAMILIES, list_documents, read_document

__all__ = ["conditional_candidates", "select"]

SELECTION_SEED = "real-news-gold-v1"


FULL_COUNTS = {"kremlin": 50, "ppn": 55, "allsides": 95}


FULL_MAX_WORDS = {"kremlin": 1500, "ppn": 900, "allsides": 1500}


NATO_TOTAL = 600  # articles in both layers together


AGREEMENT_SHARE = 0.10


_NATO_WORDS = re.compile(r"NATO|North Atlantic|[Aa]lliance|\bbloc\b")


_CONDITION = re.compile(
    r"\b(if|provided( that)?|on (the )?condition|as long as|unless|only when|only after|once|in exchange|subject to|"
    r"depends? on|on an equal footing|on equal terms|on the basis of equality|ready (for|to)|willing to|would consider|could join)\b",
    re.I,
)


def _rank(doc_id: str, salt: str = "") -> str:
    import hashlib

    return hashlib.sha256(f"{SELECTION_SEED}|{salt}|{doc_id}".encode()).hexdigest()


def conditional_candidates(text: str) -> int:
    """Sentences that name the alliance and carry a condition marker: where conditional
    statements can be (a search aid for reading, never a label)."""
    sents = re.split(r"(?<=[.!?])\s+", text)
    return sum(1 for x in sents if _NATO_WORDS.search(x) and _CONDITION.search(x))


def _chunks(items: list[str], size: int) -> list[list[str]]:
    n = max(1, round(len(items) / size))
    return [items[i::n] for i in range(n)]


def select(root: str | None = None) -> dict[str, Any]:
    """The fixed selection: the full-article layer (random within a length limit, per family),
    the NATO layer (every article where the condition search finds a candidate, then random
    ones up to the total; in a second phase every remaining article), a random 10% of each
    phase for blind double annotation, and annotation batches.

    Deliberately long: the selection rule reads best in one place, phase by phase."""
    full: dict[str, list[str]] = {}
    nato: dict[str, list[str]] = {}
    search: dict[str, int] = {}
    for fam in FAMILIES:
        docs = list_documents(fam, root)
        info = {}
        for d in docs:
            text, _ = read_document(d, root)
            info[d] = (len(text.split()), conditional_candidates(text))
            if info[d][1]:
                search[d] = info[d][1]
        eligible = sorted((d for d in docs if info[d][0] <= FULL_MAX_WORDS[fam]), key=_rank)
        full[fam] = sorted(eligible[: FULL_COUNTS[fam]], key=_rank)
        rest = [d for d in docs if d not in set(full[fam])]
        nato[fam] = sorted(rest, key=lambda d: (0 if info[d][1] else 1, _rank(d, "nato")))
    n_full = sum(len(v) for v in full.values())
    budget = NATO_TOTAL - n_full
    # the NATO layer: every kremlin page (few, and dense in statements about NATO), then the two
    # other families in equal parts, condition-search hits first
    chosen = {"kremlin": nato["kremlin"]}
    left = budget - len(chosen["kremlin"])
    chosen["ppn"] = nato["ppn"][: left // 2]
    chosen["allsides"] = nato["allsides"][: left - len(chosen["ppn"])]
    everything = sorted([d for v in full.values() for d in v] + [d for v in chosen.values() for d in v], key=lambda d: _rank(d, "agree"))
    agreement = sorted(everything[: round(AGREEMENT_SHARE * len(everything))])
    batches: dict[str, dict[str, Any]] = {}
    for fam, code in (("kremlin", "K"), ("ppn", "P"), ("allsides", "A")):
        for k, docs in enumerate(_chunks(full[fam], 25 if fam != "allsides" else 24), 1):
            batches[f"{code}-F{k}"] = {"layer": "full", "docs": docs}
        size = {"kremlin": 16, "ppn": 50, "allsides": 40}[fam]
        for k, docs in enumerate(_chunks(chosen[fam], size), 1):
            batches[f"{code}-N{k}"] = {"layer": "nato", "docs": docs}
    layer_of = {d: b["layer"] for b in batches.values() for d in b["docs"]}
    for k, docs in enumerate(_chunks(agreement, 20), 1):
        batches[f"AG{k}"] = {"layer": "second", "docs": [f"{d} {layer_of[d]}" for d in docs]}
    # phase 2: every remaining article of the two news families in the NATO layer (the first 600
    # held too few statements about NATO), condition-search hits first; 10% of them twice
    extra = {fam: [d for d in nato[fam] if d not in set(chosen[fam])] for fam in ("ppn", "allsides")}
    for fam, code, size, first in (("ppn", "P", 50, 4), ("allsides", "A", 40, 5)):
        for k, docs in enumerate(_chunks(extra[fam], size), first):
            batches[f"{code}-N{k}"] = {"layer": "nato", "docs": docs}
    extra_all = sorted([d for v in extra.values() for d in v], key=lambda d: _rank(d, "agree"))
    agreement_extra = sorted(extra_all[: round(AGREEMENT_SHARE * len(extra_all))])
    for k, docs in enumerate(_chunks(agreement_extra, 20), 4):
        batches[f"AG{k}"] = {"layer": "second", "docs": [f"{d} nato" for d in docs]}
    return {
        "seed": SELECTION_SEED,
        "rules": {
            "full_counts": FULL_COUNTS,
            "full_max_words": FULL_MAX_WORDS,
            "total": NATO_TOTAL,
            "agreement_share": AGREEMENT_SHARE,
            "condition_search": _CONDITION.pattern,
        },
        "condition_search_hits": dict(sorted(search.items())),
        "full": full,
        "nato": chosen,
        "nato_phase2": extra,
        "agreement": agreement + agreement_extra,
        "batches": batches,
    }
