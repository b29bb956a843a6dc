"""Fixed train / dev / test splits of the real-news gold, by article.

Articles about the same event stay in one split: two articles are linked when they were
published within a day of each other and their headlines and openings are similar (TF-IDF
cosine >= 0.3 within a source family, >= 0.4 across families); linked articles form
components. Components are dealt to the splits in a fixed hash order, per stratum (source family
x layer), so that each stratum has 22% of its articles in ``test`` (never tuned on), 16% in
``dev`` (model selection) and the rest in ``train``. Every selected article gets a split, also
those still being annotated, so the splits never move as annotation goes on.

    python -m stance.data.real_splits           # check data/real/splits.json against the rule
    python -m stance.data.real_splits --write   # (re)write it
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from typing import Any

from ._sources import read_document, real_dir

__all__ = ["compute_splits"]

SHARES = {"test": 0.22, "dev": 0.16}
SAME_FAMILY, OTHER_FAMILY = 0.30, 0.40
SEED = "real-news-splits-v1"


def _day(date: str) -> int | None:
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


def _components(docs: list[str], texts: dict[str, str], days: dict[str, int | None]) -> list[list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform([texts[d] for d in docs])
    sims = (vec @ vec.T).tocsr()
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(docs)):
        row = sims.getrow(i)
        for j, v in zip(row.indices, row.data, strict=True):
            if j <= i or days[docs[i]] is None or days[docs[j]] is None or abs(days[docs[i]] - days[docs[j]]) > 1:  # type: ignore[operator]
                continue
            same = docs[i].split(":")[0] == docs[j].split(":")[0]
            if v >= (SAME_FAMILY if same else OTHER_FAMILY):
                parent[find(i)] = find(j)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, d in enumerate(docs):
        groups[find(i)].append(d)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: hashlib.sha256((SEED + g[0]).encode()).hexdigest())


def compute_splits(selection: dict[str, Any], root: str | None = None) -> dict[str, str]:
    """The split of every selected article (see the module docstring)."""
    layer = {d: "full" for v in selection["full"].values() for d in v}
    for key in ("nato", "nato_phase2"):
        for v in selection.get(key, {}).values():
            layer.update({d: "nato" for d in v})
    docs = sorted(layer)
    texts, days = {}, {}
    for d in docs:
        text, meta = read_document(d, root)
        texts[d] = text[:1500]
        days[d] = _day(meta.get("date") or "")
    stratum = {d: (d.split(":")[0], layer[d]) for d in docs}
    size = Counter(stratum.values())
    taken: dict[tuple[str, str], Counter] = defaultdict(Counter)
    out: dict[str, str] = {}
    for comp in _components(docs, texts, days):
        # the component's split follows its first member's stratum quotas
        st = stratum[comp[0]]
        have = taken[st]
        n = size[st]
        if have["test"] < SHARES["test"] * n:
            split = "test"
        elif have["dev"] < SHARES["dev"] * n:
            split = "dev"
        else:
            split = "train"
        for d in comp:
            out[d] = split
            taken[stratum[d]][split] += 1
    return dict(sorted(out.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m stance.data.real_splits", description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--root", help="local copy of the public data (default ../shared/data)")
    args = ap.parse_args(argv)
    selection = json.loads((real_dir() / "selection.json").read_text(encoding="utf-8"))
    splits = compute_splits(selection, args.root)
    path = real_dir() / "splits.json"
    counts = Counter((d.split(":")[0], s) for d, s in splits.items())
    for fam in sorted({f for f, _ in counts}):
        print(fam, {s: counts[(fam, s)] for s in ("train", "dev", "test")})
    if args.write:
        payload = {"rule": __doc__.split("\n\n")[1].replace("\n", " "), "seed": SEED, "splits": splits}
        path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"written {path}")
        return 0
    stored = json.loads(path.read_text(encoding="utf-8"))["splits"] if path.is_file() else {}
    bad = [d for d in splits if stored.get(d) != splits[d]]
    print(f"{len(bad)} stored splits differ from the computed ones" + (f": {bad[:5]}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
