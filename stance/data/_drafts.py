"""Annotation drafts: statements anchored by their exact words (what annotators edit), resolved
into standoff records (offsets), with the fields the annotator corrected against the pre-fill."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import DataFormatError
from ..labels import SENTIMENTS, STANCES
from ._real import validate_record
from ._sources import (
    LAYERS,
    REAL_KINDS,
    TARGET_REFS,
    annotation_path,
    as_standoff,
    doc_file,
    from_standoff,
    read_document,
    real_dir,
    shared_data_root,
    split_doc_id,
    text_sha256,
)

__all__ = ["LABEL_FIELDS", "add_corrections", "describe", "new_draft", "render", "resolve_draft", "scrub_note"]

_WORDS = re.compile(r"\w+(?:['’]\w+)*")


def scrub_note(note: str, text: str, run: int = 5) -> str:
    """An annotator's note without the article's words: every run of ``run`` or more
    consecutive words that also stands in the article is replaced by "…" (notes are ours;
    the article's text never enters the repository)."""
    words = list(_WORDS.finditer(note))
    if len(words) < run:
        return note
    tw = [w.lower() for w in _WORDS.findall(text)]
    article = {tuple(tw[i : i + run]) for i in range(max(0, len(tw) - run + 1))}
    low = [w.group().lower() for w in words]
    hit = [False] * len(words)
    for i in range(len(words) - run + 1):
        if tuple(low[i : i + run]) in article:
            for k in range(i, i + run):
                hit[k] = True
    out, pos, i = [], 0, 0
    while i < len(words):
        if not hit[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and hit[j + 1]:
            j += 1
        out.append(note[pos : words[i].start()])
        out.append("…")
        pos = words[j].end()
        i = j + 1
    out.append(note[pos:])
    return "".join(out)


LABEL_FIELDS = ("about_target", "target_ref", "stance", "sentiment")


def new_draft(doc_id: str, work: Path, *, layer: str, annotator: str, root: str | None = None) -> dict[str, Any]:
    if layer not in LAYERS:
        raise DataFormatError(f"layer must be one of {LAYERS}")
    from .annotate import load_prefill

    pre = load_prefill(doc_id, work, root)
    statements = []
    for c in pre["candidates"]:
        statements.append(
            {
                "prefill": c["i"],
                "start": c["start"],
                "text": c["text"],
                "kind": c["kind"],
                "cue": c["cue"],
                "speaker": c["speaker"],
                "speaker_mention": c["speaker_mention"],
                "mention_start": c["speaker_start"],
                "reported_by": c["reported_by"],
                "about_target": None,
                "target_ref": None,
                "stance": None,
                "sentiment": None,
            }
        )
    return {"doc": doc_id, "layer": layer, "annotator": annotator, "minutes": None, "notes": "", "statements": statements}


def _occurrences(text: str, needle: str) -> list[int]:
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


def _nearest(positions: list[int], hint: int | None) -> int | None:
    if not positions:
        return None
    if hint is None:
        return positions[0]
    return min(positions, key=lambda p: abs(p - hint))


def _resolve_span(text: str, s: dict[str, Any], where: str) -> tuple[int, int]:
    hint = s.get("start")
    if s.get("from") is not None or s.get("to") is not None:
        a, b = s.get("from"), s.get("to")
        if not a or not b:
            raise DataFormatError(f"{where}: give both 'from' and 'to' (the span's exact first and last words), or 'text'")
        start = _nearest(_occurrences(text, a), hint)
        if start is None:
            raise DataFormatError(f"{where}: 'from' text not found in the article: {a[:80]!r}")
        pos = text.find(b, start + max(0, len(a) - len(b)))
        if pos < 0:
            raise DataFormatError(f"{where}: 'to' text not found after 'from': {b[:80]!r}")
        return start, pos + len(b)
    span = s.get("text")
    if not isinstance(span, str) or not span.strip():
        raise DataFormatError(f"{where}: no span: give 'text' (the exact words) or 'from' and 'to'")
    if span != span.strip():
        raise DataFormatError(f"{where}: the span {span[:60]!r} starts or ends with white space; trim it")
    occ = _occurrences(text, span)
    if not occ:
        raise DataFormatError(f"{where}: span text not found in the article (copy it exactly, quote marks included): {span[:100]!r}")
    if s.get("occurrence"):
        n = int(s["occurrence"])
        if not 0 < n <= len(occ):
            raise DataFormatError(f"{where}: occurrence {n} requested but the span occurs {len(occ)} time(s)")
        start = occ[n - 1]
    else:
        start = _nearest(occ, hint)
    return start, start + len(span)


def _resolve_mention(text: str, s: dict[str, Any], start: int, end: int, where: str) -> tuple[int | None, int | None]:
    mention = s.get("speaker_mention")
    if not mention:
        return None, None
    occ = _occurrences(text, mention)
    if not occ:
        raise DataFormatError(f"{where}: speaker_mention {mention!r} not found in the article")
    hint = s.get("mention_start")
    if hint is not None and text[hint : hint + len(mention)] == mention:
        pos = hint
    elif hint is not None:
        pos = _nearest(occ, hint)
    else:
        outside = [p for p in occ if p + len(mention) <= start or p >= end] or occ
        pos = min(outside, key=lambda p: start - (p + len(mention)) if p < start else p - end)
    return pos, pos + len(mention)


def resolve_draft(draft: dict[str, Any], *, root: str | None = None, where: str = "draft") -> dict[str, Any]:
    """A draft → the standoff record (offsets, labels, sha256, corrections against the pre-fill).

    Deliberately long: it checks and resolves each field of each statement in the order the format lists them."""
    for key in ("doc", "layer", "annotator", "statements"):
        if key not in draft:
            raise DataFormatError(f"{where}: missing field {key!r}")
    doc = draft["doc"]
    text, meta = read_document(doc, root)
    statements = []
    for i, s in enumerate(draft["statements"]):
        w = f"{where} statement {i}"
        missing = [k for k in LABEL_FIELDS if s.get(k) is None]
        if missing:
            raise DataFormatError(
                f"{w}: fill in {missing} (stance one of {STANCES}, sentiment one of {SENTIMENTS}, target_ref one of {TARGET_REFS})"
            )
        if s.get("kind") not in REAL_KINDS:
            raise DataFormatError(f"{w}: kind {s.get('kind')!r} is not one of {REAL_KINDS}")
        start, end = _resolve_span(text, s, w)
        ms, me = _resolve_mention(text, s, start, end, w)
        if not isinstance(s["about_target"], bool):
            raise DataFormatError(f"{w}: about_target must be true or false")
        if s["about_target"] is False and (s["stance"], s["sentiment"]) != ("neutral", "neutral"):
            raise DataFormatError(f"{w}: a statement not about the target is neutral/neutral (LABELING.md: not about NATO -> neutral)")
        if s["about_target"] is False and s["target_ref"] != "none":
            raise DataFormatError(
                f"{w}: target_ref {s['target_ref']!r} but about_target is false; a statement that refers to NATO is about it"
            )
        statements.append(
            {
                "start": start,
                "end": end,
                "kind": s["kind"],
                "cue": as_standoff(s.get("cue"), text, start),
                "speaker": as_standoff(s.get("speaker"), text, start),
                "speaker_start": ms,
                "speaker_end": me,
                "reported_by": as_standoff(s.get("reported_by"), text, start),
                "about_target": s["about_target"],
                "target_ref": s["target_ref"],
                "stance": s["stance"],
                "sentiment": s["sentiment"],
                "prefill": s.get("prefill"),
                **({"note": scrub_note(s["note"], text)} if s.get("note") else {}),
            }
        )
    statements.sort(key=lambda r: (r["start"], r["end"]))
    seen: dict[tuple[int, int], int] = {}
    for k, r in enumerate(statements):
        key = (r["start"], r["end"])
        if key in seen:
            raise DataFormatError(f"{where}: two statements have the same span at {key}; one report is one statement")
        seen[key] = k
    src, _ = split_doc_id(doc)
    rec = {
        "doc": doc,
        "file": str(doc_file(doc, root).relative_to(shared_data_root(root))),
        "sha256": text_sha256(text),
        "chars": len(text),
        "layer": draft["layer"],
        "annotator": draft["annotator"],
        "outlet": meta.get("outlet", ""),
        "lean": meta.get("lean", ""),
        "date": meta.get("date", ""),
        "minutes": draft.get("minutes"),
        "statements": statements,
    }
    validate_record(rec, where)
    return rec


def _same_speaker(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def add_corrections(rec: dict[str, Any], pre: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    """Mark, per statement, the pre-filled fields the annotator changed, and count the kept candidates."""
    cands = {c["i"]: c for c in pre["candidates"]}
    kept = set()
    for s in rec["statements"]:
        k = s.get("prefill")
        if k is None:
            s["corrected"] = ["added"]
            continue
        if k not in cands:
            raise DataFormatError(f"{rec['doc']}: statement refers to pre-fill candidate c{k}, which does not exist")
        if k in kept:
            raise DataFormatError(f"{rec['doc']}: two statements claim pre-fill candidate c{k}; set prefill to null on the added one")
        kept.add(k)
        c = cands[k]
        changed = []
        if (s["start"], s["end"]) != (c["start"], c["end"]):
            changed.append("span")
        if not _same_speaker(from_standoff(s["speaker"], text), c["speaker"]):
            changed.append("speaker")
        if (s["speaker_start"], s["speaker_end"]) != (c["speaker_start"], c["speaker_end"]):
            changed.append("mention")
        if s["kind"] != c["kind"]:
            changed.append("kind")
        if (from_standoff(s.get("cue"), text) or "").casefold() != (c.get("cue") or "").casefold():
            changed.append("cue")
        if not _same_speaker(from_standoff(s.get("reported_by"), text), c.get("reported_by")):
            changed.append("reported_by")
        s["corrected"] = changed
    rec["prefill"] = {"extractor": pre.get("extractor", ""), "candidates": len(cands), "kept": len(kept)}
    return rec


def describe(rec: dict[str, Any], text: str) -> str:
    lines = [f"{rec['doc']}: {rec['layer']} layer, {len(rec['statements'])} statements"]
    for k, s in enumerate(rec["statements"]):
        span = text[s["start"] : s["end"]]
        mention = text[s["speaker_start"] : s["speaker_end"]] if s["speaker_start"] is not None else None
        lines.append(
            f"{k:>3} [{s['kind']}] {s['speaker']!r} <- {mention!r}@{s['speaker_start']} cue={s['cue']!r}"
            f"{' via ' + repr(s['reported_by']) if s['reported_by'] else ''} | {s['stance']}/{s['sentiment']}"
            f" about={s['about_target']} ref={s['target_ref']} | c{s.get('prefill')} corrected={s.get('corrected')} | @{s['start']}: «{span[:110]}{'…' if len(span) > 110 else ''}»"
        )
    return "\n".join(lines)


def render(doc_id: str, *, second: bool = False, root: str | None = None) -> dict[str, Any]:
    """A committed standoff annotation back into the draft form (exact words as anchors)."""
    path = annotation_path(doc_id, real_dir() / ("agreement/second" if second else "annotations"))
    rec = json.loads(path.read_text(encoding="utf-8"))
    text, _ = read_document(doc_id, root, sha256=rec["sha256"])
    out = []
    for s in rec["statements"]:
        out.append(
            {
                "prefill": s.get("prefill"),
                "start": s["start"],
                "text": text[s["start"] : s["end"]],
                "kind": s["kind"],
                "cue": from_standoff(s.get("cue"), text),
                "speaker": from_standoff(s.get("speaker"), text),
                "speaker_mention": text[s["speaker_start"] : s["speaker_end"]] if s.get("speaker_start") is not None else None,
                "mention_start": s.get("speaker_start"),
                "reported_by": from_standoff(s.get("reported_by"), text),
                **{k: s[k] for k in LABEL_FIELDS},
                **({"note": s["note"]} if s.get("note") else {}),
            }
        )
    return {
        "doc": doc_id,
        "layer": rec["layer"],
        "annotator": rec["annotator"],
        "minutes": rec.get("minutes"),
        "notes": rec.get("notes", ""),
        "statements": out,
    }
