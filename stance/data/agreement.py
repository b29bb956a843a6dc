"""The agreement study of the real-news gold: articles annotated twice, blind, compared.

Statements are matched one-to-one by span overlap (as extraction is scored); on matched pairs
the speaker (normalised), stance, sentiment and about-NATO are compared (Cohen's kappa for the
labels). ``python -m stance.data.agreement`` prints the figures; ``--disagreements FILE``
writes every disagreement (with offsets, never the text) for adjudication.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ._sources import annotation_path, from_standoff, real_dir

__all__ = ["AgreementResult", "agreement", "disagreements", "second_records"]


@dataclass(frozen=True)
class AgreementResult:
    layer: str
    documents: int
    first: int
    second: int
    matched: int
    span_f1: float
    speaker_agreement: float | None
    stance_kappa: float | None
    stance_agreement: float | None
    sentiment_kappa: float | None
    sentiment_agreement: float | None
    about_target_agreement: float | None
    nato_pairs: int = 0  # matched pairs both annotators call about NATO
    stance_kappa_nato: float | None = None
    sentiment_kappa_nato: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    if not a:
        return None
    labels = sorted(set(a) | set(b))
    n = len(a)
    po = sum(1 for x, y in zip(a, b, strict=True) if x == y) / n
    pe = sum((a.count(lab) / n) * (b.count(lab) / n) for lab in labels)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def _agree(a: Sequence[str], b: Sequence[str]) -> float | None:
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a) if a else None


def second_records(base: Path | None = None) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(first, second) annotation records of every doubly annotated article."""
    base = base or real_dir()
    out = []
    for p in sorted((base / "agreement" / "second").glob("*/*.json")):
        second = json.loads(p.read_text(encoding="utf-8"))
        first_path = annotation_path(second["doc"], base / "annotations")
        if first_path.is_file():
            out.append((json.loads(first_path.read_text(encoding="utf-8")), second))
    return out


def _pairs(first: dict[str, Any], second: dict[str, Any]) -> tuple[list[tuple[int, int]], list[dict], list[dict]]:
    from ..evaluation.extraction import GoldSpan, _match

    a, b = first["statements"], second["statements"]

    class _P:  # what _match reads from a prediction
        def __init__(self, s: dict[str, Any]) -> None:
            self.start, self.end = s["start"], s["end"]
            self.speaker_start, self.speaker_end = s.get("speaker_start"), s.get("speaker_end")

    pairs = _match([_P(s) for s in a], [GoldSpan(s["start"], s["end"], s.get("speaker")) for s in b])
    return pairs, a, b


def agreement(pairs_of_records: Sequence[tuple[dict[str, Any], dict[str, Any]]], layer: str | None = None) -> AgreementResult:
    from ..evaluation.extraction import normalize_speaker

    docs = [(f, s) for f, s in pairs_of_records if layer is None or f["layer"] == layer]
    n1 = n2 = m = 0
    stance_a: list[str] = []
    stance_b: list[str] = []
    sent_a: list[str] = []
    sent_b: list[str] = []
    about = about_n = 0
    spk_ok = spk_n = 0
    nato: list[tuple[str, str, str, str]] = []
    for f, s in docs:
        pairs, a, b = _pairs(f, s)
        n1, n2, m = n1 + len(a), n2 + len(b), m + len(pairs)
        for i, j in pairs:
            x, y = a[i], b[j]
            spk_n += 1
            spk_ok += normalize_speaker(from_standoff(x.get("speaker"), None)) == normalize_speaker(from_standoff(y.get("speaker"), None))
            stance_a.append(x["stance"])
            stance_b.append(y["stance"])
            sent_a.append(x["sentiment"])
            sent_b.append(y["sentiment"])
            about_n += 1
            about += x["about_target"] == y["about_target"]
            if x["about_target"] and y["about_target"]:
                nato.append((x["stance"], y["stance"], x["sentiment"], y["sentiment"]))
    return AgreementResult(
        layer=layer or "all",
        documents=len(docs),
        first=n1,
        second=n2,
        matched=m,
        span_f1=2 * m / (n1 + n2) if n1 + n2 else 1.0,
        speaker_agreement=spk_ok / spk_n if spk_n else None,
        stance_kappa=_kappa(stance_a, stance_b),
        stance_agreement=_agree(stance_a, stance_b),
        sentiment_kappa=_kappa(sent_a, sent_b),
        sentiment_agreement=_agree(sent_a, sent_b),
        about_target_agreement=about / about_n if about_n else None,
        nato_pairs=len(nato),
        stance_kappa_nato=_kappa([t[0] for t in nato], [t[1] for t in nato]),
        sentiment_kappa_nato=_kappa([t[2] for t in nato], [t[3] for t in nato]),
    )


def disagreements(pairs_of_records: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every disagreement: statements only one annotator has, and matched statements whose
    speaker, stance, sentiment or about-NATO differ (offsets and labels, never the text)."""
    from ..evaluation.extraction import normalize_speaker

    out = []
    for f, s in pairs_of_records:
        pairs, a, b = _pairs(f, s)
        ma, mb = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, x in enumerate(a):
            if i not in ma:
                out.append({"doc": f["doc"], "type": "only_first", "first": _brief(x)})
        for j, y in enumerate(b):
            if j not in mb:
                out.append({"doc": f["doc"], "type": "only_second", "second": _brief(y)})
        for i, j in pairs:
            x, y = a[i], b[j]
            fields = [k for k in ("stance", "sentiment", "about_target") if x[k] != y[k]]
            if normalize_speaker(from_standoff(x.get("speaker"), None)) != normalize_speaker(from_standoff(y.get("speaker"), None)):
                fields.append("speaker")
            if fields:
                out.append({"doc": f["doc"], "type": "labels", "fields": fields, "first": _brief(x), "second": _brief(y)})
    return out


def _brief(s: dict[str, Any]) -> dict[str, Any]:
    keys = ("start", "end", "kind", "speaker", "about_target", "target_ref", "stance", "sentiment")
    return {k: s.get(k) for k in keys}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m stance.data.agreement", description=__doc__.splitlines()[0])
    ap.add_argument("--disagreements", help="write the disagreements as JSON Lines here")
    ap.add_argument("--freeze", action="store_true", help="write the figures to data/real/agreement/figures.json (before adjudication)")
    args = ap.parse_args(argv)
    recs = second_records()
    results = [agreement(recs, layer).to_dict() for layer in ("full", "nato", None)]
    for r in results:
        print(json.dumps(r))
    if args.freeze:
        path = real_dir() / "agreement" / "figures.json"
        path.write_text(json.dumps({"note": "measured before adjudication", "results": results}, indent=1) + "\n", encoding="utf-8")
        print(f"written {path}")
    if args.disagreements:
        rows = disagreements(recs)
        Path(args.disagreements).write_text("".join(json.dumps(x) + "\n" for x in rows), encoding="utf-8")
        print(f"{len(rows)} disagreements written to {args.disagreements}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
