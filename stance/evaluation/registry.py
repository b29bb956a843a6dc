"""Evaluation sets and systems by name: the project corpus, the external sets, a user's
file; a shipped model, a folder or a baseline. ``stance eval`` reads its sets and systems here."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, MissingInputError, UsageError
from ..labels import SENTIMENTS, STANCES
from .classification import Comparison, EvaluationResult, compare, evaluate

__all__ = [
    "CORPUS_BREAKDOWNS",
    "NAMED_SETS",
    "EvalSet",
    "best_comparison",
    "extraction_docs",
    "gold_end_to_end",
    "load_eval_set",
    "load_system",
    "run",
    "system_name",
]

log = logging.getLogger(__name__)

CORPUS_BREAKDOWNS = ("source", "kind", "register", "decade", "hard", "names_target")


@dataclass(frozen=True)
class EvalSet:
    """Labelled rows plus how to score them: which heads, label sets, the mapping from the
    model's labels onto the set's, and whether the set's targets differ from the model's."""

    name: str
    rows: tuple[dict[str, Any], ...]
    heads: tuple[str, ...]
    labels: Mapping[str, tuple[str, ...]]
    label_map: Mapping[str, str] = field(default_factory=dict)
    zero_shot: bool = False
    by: tuple[str, ...] = ()
    focus: str | None = None  # a class whose F1 the set is reported by (UNSCon: hostile)
    mapping: str = ""
    redistributable: bool = True  # may item texts go into written reports? (not for third-party sets)


_STANCE = STANCES


_SENTIMENT = SENTIMENTS


_REQUIRED = "text, and a stance and/or sentiment column (optional: id, context, target, split)"


NAMED_SETS = ("corpus", "real-news", "real-news-full", "newsmtsc", "unscon", "ruw", "polnear", "gold-articles", "real-news-extraction")
REAL_BREAKDOWNS = ("family", "about_target", "target_ref", "kind", "lean")


def _read_file(path: Path, split: str | None) -> list[dict[str, Any]]:
    from datasets import Dataset

    if not path.is_file():
        raise MissingInputError(
            f"{path}: no such data set or file; name one of the sets {', '.join(NAMED_SETS)}, or give a JSON Lines or CSV file with columns {_REQUIRED}"
        )
    if path.suffix in (".jsonl", ".json"):
        ds = Dataset.from_json(str(path))
    elif path.suffix == ".csv":
        ds = Dataset.from_csv(str(path), keep_default_na=False)
    else:
        raise InputError(f"{path}: unsupported data file type {path.suffix!r}; use .jsonl or .csv")
    cols = set(ds.column_names)
    if "text" not in cols:
        raise InputError(f"{path}: missing column 'text' (columns: {sorted(cols)}); expected {_REQUIRED}")
    if not cols & {"stance", "sentiment"}:
        raise InputError(f"{path}: no label column; expected a 'stance' and/or 'sentiment' column (columns: {sorted(cols)})")
    rows = [dict(r) for r in ds]
    if split and "split" in cols:
        rows = [r for r in rows if r.get("split") == split]
        if not rows:
            raise InputError(f"{path}: split {split!r} is empty (splits present: {sorted({str(r.get('split')) for r in ds})})")
    if not rows:
        raise InputError(f"{path}: the file has no rows")
    return rows


def _hostile_vs_neutral(name: str, ds: Any, *, by: tuple[str, ...], mapping: str, focus: str | None = None) -> EvalSet:
    """An external stance set with two classes; the model's conditional counts as neutral."""
    return EvalSet(
        name,
        tuple(dict(r) for r in ds),
        ("stance",),
        {"stance": ("hostile", "neutral")},
        label_map={"conditional": "neutral"},
        zero_shot=True,
        by=by,
        focus=focus,
        mapping=mapping + "; predicted conditional counts as neutral",
        redistributable=False,
    )


def _corpus_set(split: str) -> EvalSet:
    from ..data import load_corpus

    dd = load_corpus()
    if split not in dd:
        raise UsageError(f"the corpus has no split {split!r}; choose one of {list(dd)}")
    rows = tuple(dict(r) for r in dd[split])
    return EvalSet("corpus-" + split, rows, ("stance", "sentiment"), {"stance": _STANCE, "sentiment": _SENTIMENT}, by=CORPUS_BREAKDOWNS)


def _real_news_set(split: str, *, full: bool) -> EvalSet:
    from ..data import load_real_news

    dd = load_real_news()
    if split not in dd:
        raise UsageError(f"the real-news gold has no split {split!r}; choose one of {list(dd)}")
    rows = tuple(dict(r) for r in dd[split] if (r["full_article"] if full else r["about_target"]))
    return EvalSet(
        f"real-news{'-full' if full else ''}-{split}",
        rows,
        ("stance", "sentiment"),
        {"stance": _STANCE, "sentiment": _SENTIMENT},
        by=REAL_BREAKDOWNS,
        mapping=(
            "every statement of the full-article layer (the realistic mix; statements not about NATO are neutral)"
            if full
            else "every statement about NATO (the NATO layer)"
        ),
        redistributable=False,
    )


def _newsmtsc_set(split: str) -> EvalSet:
    from .external import load_newsmtsc

    part = "test" if split == "test" else "dev"
    return EvalSet(
        "newsmtsc-rw-" + part,
        tuple(dict(r) for r in load_newsmtsc(part)),
        ("sentiment",),
        {"sentiment": _SENTIMENT},
        zero_shot=True,
        mapping="polarity 2 → negative, 4 → neutral, 6 → positive; target = the mention; sentiment head",
        redistributable=False,
    )


def _unscon_set(split: str) -> EvalSet:
    from .external import load_unscon

    return _hostile_vs_neutral(
        "unscon-ukraine-2014",
        load_unscon(),
        by=("target", "speaker"),
        focus="hostile",
        mapping="Direct/Indirect_NegEval toward the target country → hostile, no negative evaluation (or one toward "
        "another country) → neutral; unspecified targets skipped",
    )


def _ruw_set(split: str) -> EvalSet:
    from .external import load_ruw

    part = "test" if split == "test" else "val"
    return _hostile_vs_neutral(
        "ruw-" + part, load_ruw(part), by=("target", "original"), mapping="AGAINST → hostile, NONE → neutral, FAVOR → neutral"
    )


def _file_set(data: str, split: str) -> EvalSet:
    path = Path(data)
    rows = _read_file(path, split)
    heads = tuple(h for h in ("stance", "sentiment") if h in rows[0])
    labels: dict[str, tuple[str, ...]] = {}
    for h in heads:
        seen = sorted({str(r[h]).strip() for r in rows if str(r.get(h) or "").strip()})
        default = _STANCE if h == "stance" else _SENTIMENT
        unknown = [lab for lab in seen if lab not in default]
        if unknown:
            raise InputError(f"{path}: column {h!r} has unknown label(s) {unknown}; expected {list(default)}")
        labels[h] = default
    return EvalSet(path.stem, tuple(rows), heads, labels)


_SETS = {
    "corpus": _corpus_set,
    "real-news": lambda split: _real_news_set(split, full=False),
    "real-news-full": lambda split: _real_news_set(split, full=True),
    "newsmtsc": _newsmtsc_set,
    "unscon": _unscon_set,
    "ruw": _ruw_set,
}


def load_eval_set(data: str = "corpus", split: str = "test", *, limit: int | None = None) -> EvalSet:
    """A labelled set by name — ``corpus`` (the project's split ``split``), ``real-news`` (the
    NATO layer of the real-news gold), ``real-news-full`` (its full-article layer), and the
    external ``newsmtsc``, ``unscon``, ``ruw`` (from ``../shared/data``) — or a JSON Lines / CSV file."""
    es = _SETS[data](split) if data in _SETS else _file_set(data, split)
    return dataclasses.replace(es, rows=es.rows[:limit]) if limit is not None else es


def load_system(model: str | None = None, baseline: str | None = None) -> Any:
    """A fine-tuned model (``accurate``, ``fast`` or a folder) or a named baseline, fitted on
    the corpus train split."""
    if (model is None) == (baseline is None):
        raise UsageError("give exactly one of model= or baseline=")
    if baseline is not None:
        from .baselines import make_baseline

        return make_baseline(baseline)
    from ..classify import load

    clf = load(model)
    return clf


def run(
    system: Any, es: EvalSet, *, heads: Sequence[str] | None = None, resamples: int = 1000, seed: int = 0, batch_size: int = 32
) -> list[EvaluationResult]:
    """Score ``system`` on ``es`` for each head; the model runs once and every head reads its predictions."""
    from .classification import _predict

    use = tuple(heads) if heads else es.heads
    for h in use:
        if h not in es.heads:
            raise UsageError(f"{es.name} has no {h!r} labels (it has {list(es.heads)})")
    rows = list(es.rows)
    preds = _predict(system, rows, target=None, batch_size=batch_size, zero_shot=es.zero_shot) if rows else []
    name = system_name(system)
    return [
        evaluate(preds, rows, head=h, labels=es.labels[h], label_map=es.label_map, by=es.by, resamples=resamples, seed=seed, system=name)
        for h in use
    ]


def system_name(system: Any) -> str:
    cfg = getattr(system, "config", None)
    if cfg is not None and getattr(cfg, "name", None):
        return f"stance-{cfg.name}"
    return str(getattr(system, "name", type(system).__name__))


def best_comparison(results: Sequence[EvaluationResult], model_name: str, *, resamples: int = 1000, seed: int = 0) -> list[Comparison]:
    """Per head: the model against the best other system by macro-F1 (paired bootstrap)."""
    out = []
    for head in dict.fromkeys(r.head for r in results):
        rs = [r for r in results if r.head == head]
        model = next((r for r in rs if r.system == model_name), None)
        others = [r for r in rs if r.system != model_name]
        if model is None or not others:
            continue
        best = max(others, key=lambda r: r.macro_f1)
        out.append(compare(best, model, resamples=resamples, seed=seed))
    return out


def gold_end_to_end(
    model: Any, *, split: str | None = "test", folder: str | Path | None = None, resamples: int = 1000, seed: int = 0
) -> Any:
    """End to end (extraction + speaker + stance) on the gold articles of ``split`` (all with None)."""
    from .._analyze import analyze
    from ..data import load_articles
    from .end_to_end import score_end_to_end

    arts = [a for a in load_articles(folder) if split is None or a.split == split]
    if not arts:
        raise UsageError(f"no gold articles in split {split!r}")
    return score_end_to_end(arts, lambda text: analyze(text, model=model), n_resamples=resamples, seed=seed)


EXTRACTION_SETS = ("polnear", "gold-articles", "real-news-extraction")


def extraction_docs(
    data: str, split: str | None = None, *, folder: str | Path | None = None, limit: int | None = None
) -> tuple[str, list[Any]]:
    """A named extraction set as ``(label, documents)``: PolNeAR ``split`` (from the shared
    data), the full-article layer of the real-news gold (``split``), or the project's gold
    articles (``folder``, default ``data/articles``). One place for ``stance eval --data
    polnear|real-news-extraction|gold-articles`` and ``stance eval-extraction``."""
    from .external import gold_article_docs, load_polnear, real_news_docs

    if data == "polnear":
        docs, label = load_polnear(split or "test", limit=limit), f"PolNeAR {split or 'test'}"
    elif data == "real-news-extraction":
        docs, label = real_news_docs(split or "test"), f"real-news gold, full-article layer, {split or 'test'}"
    elif data == "gold-articles":
        docs, label = gold_article_docs(folder), f"gold articles ({folder or 'data/articles'})"
    else:
        raise UsageError(f"unknown extraction set {data!r}; choose one of {EXTRACTION_SETS}")
    return label, (docs[:limit] if limit else docs)
