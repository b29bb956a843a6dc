"""Assembly: from the parsed windows of one article to its statements. Collects the
candidates of every rule, drops the empty and the duplicate, nests reports, adds transcript
labels and orphan quotes (quotes no verb claimed), and resolves speakers article-wide."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from .._types import Statement
from ._candidates import Candidate, PersonMention, Rule, dedupe, has_content, nest
from ._parse import DocAnalyzer
from ._quotes import Quote, find_quotes, paragraph_spans
from ._speakers import resolve_speakers
from ._transcripts import dash_attribution, label_statements

__all__ = ["statements_from_docs"]


def statements_from_docs(text: str, windows: list[tuple[int, Any]]) -> list[Statement]:
    """Assemble one article's statements from its parsed windows: every rule's candidates,
    de-duplicated and nested, transcript labels and orphan quotes added, speakers resolved over
    the whole article. Deliberately one function (~60 lines): it is the order in which the
    rules meet, read top to bottom."""
    quotes = find_quotes(text)
    candidates: list[Candidate] = []
    mentions: list[PersonMention] = []
    surnames: list[tuple[int, str]] = []
    sentence_starts: list[int] = []
    for offset, doc in windows:
        an = DocAnalyzer(doc, offset, len(sentence_starts), text, quotes)
        sentence_starts.extend(offset + s.start_char for s in an.sents)
        candidates.extend(an.candidates())
        mentions.extend(an.person_mentions())
        surnames.extend(an.surname_mentions())
    events = [c for c in candidates if not c.rule.is_statement]
    candidates = dedupe([c for c in candidates if c.rule.is_statement and has_content(text[c.start : c.end])])
    candidates = nest(candidates, text)
    events += [c for c in candidates if c.dropped]
    candidates = [c for c in candidates if not c.dropped]
    labelled = label_statements(text, paragraph_spans(text), sentence_starts)
    if labelled:
        taken = [(c.start, c.end) for c in labelled]
        candidates = [c for c in candidates if not any(s <= c.start < e for s, e in taken)] + labelled
    candidates.extend(orphan_quotes(text, quotes, candidates, sentence_starts))
    candidates.sort(key=lambda c: (c.start, c.end))
    n_real = len(candidates)
    # names found through the parse (where NER missed them) join the mention list
    known = {m.start for m in mentions}
    for c in candidates + events:
        ref = c.speaker
        if ref is not None and ref.kind == "person" and ref.name and ref.name_start is not None and ref.name_start not in known:
            mentions.append(
                PersonMention(ref.name_start, ref.name_start + len(ref.name), ref.name, set(ref.roles), ref.country, ref.gender)
            )
            known.add(ref.name_start)
    all_speakers = resolve_speakers(candidates + events, mentions, sentence_starts, surnames)
    speakers = all_speakers[:n_real]
    by_id = {id(c): s for c, s in zip(candidates + events, all_speakers, strict=True)}
    out = []
    for c, spk in zip(candidates, speakers, strict=True):
        ref = c.speaker
        reported_by = by_id.get(id(c.nested_in)) if c.nested_in is not None else None
        if reported_by is not None and reported_by == spk:
            reported_by = None
        out.append(
            Statement(
                text=text[c.start : c.end],
                start=c.start,
                end=c.end,
                speaker=spk,
                speaker_mention=ref.text if ref else None,
                speaker_start=ref.start if ref else None,
                speaker_end=ref.end if ref else None,
                cue=c.cue,
                kind=c.kind,
                sentence=c.sentence,
                reported_by=reported_by,
            )
        )
    return out


def _word_count(s: str) -> int:
    return len(s.split())


def orphan_quotes(text: str, quotes: list[Quote], cands: list[Candidate], sentence_starts: list[int]) -> list[Candidate]:
    """Quotes no verb claimed: continued paragraphs and follow-on quotes (a quoted sentence
    right after an attributed statement, in the same or the next paragraph) take the
    speaker of the statement they continue; short scare quotes in narration are skipped.

    Deliberately long: the four ways a quote continues a statement are tried in order, in one loop."""
    covered = sorted((c.start, c.end) for c in cands)
    starts = [s for s, _ in covered]

    def is_covered(q: Quote) -> bool:
        k = bisect_right(starts, q.end) - 1
        while k >= 0:
            s, e = covered[k]
            if e > q.start and s < q.end:
                return True
            if s < q.start - 2000:
                break
            k -= 1
        return False

    paragraphs = paragraph_spans(text)
    p_starts = [p[0] for p in paragraphs]

    def para(pos: int) -> int:
        return max(0, bisect_right(p_starts, pos) - 1)

    by_quote = {id(c.quote): c for c in cands if c.quote is not None}
    attributed = sorted((c for c in cands if c.speaker is not None), key=lambda c: c.end)
    a_ends = [c.end for c in attributed]
    out: list[Candidate] = []
    prev_q: Quote | None = None
    prev_cand: Candidate | None = None
    for q in quotes:
        own = by_quote.get(id(q))
        if own is None and not is_covered(q):
            src: Candidate | None = None
            if prev_q is not None and prev_q.close_mark is None and q.continues_previous and prev_cand is not None:
                src = prev_cand
            elif (
                prev_q is not None
                and prev_cand is not None
                and prev_q.close_mark is not None
                and _interrupted(text, prev_q.close_mark, q.open_mark)
            ):
                src = prev_cand  # “A,” she said, “B.”
            elif _word_count(text[q.start : q.end]) >= 5 and _starts_sentence(text, q.open_mark):
                k = bisect_right(a_ends, q.open_mark) - 1
                last = attributed[k] if k >= 0 else None
                if last is not None and para(q.open_mark) - para(last.start) <= 1:
                    src = last
            if src is None and q.close_mark is None and _word_count(text[q.start : q.end]) >= 5:
                # the first paragraph of a continued quote, attributed in a later one
                src = _later_attribution(q, quotes, by_quote)
            if src is None and q.close_mark is not None:
                ref = dash_attribution(text, q.close_mark + 1)
                if ref is not None:
                    src = Candidate(q.start, q.end, "direct", text[q.close_mark + 1 : ref.start].strip(), ref, 0)
            if src is not None:
                sent = max(0, bisect_right(sentence_starts, q.start) - 1)
                c = Candidate(q.start, q.end, "direct", src.cue, src.speaker, sent, quote=q, rule=Rule.QUOTE)
                out.append(c)
                by_quote[id(q)] = c
                own = c
        prev_q, prev_cand = q, own
    return out


def _interrupted(text: str, close_mark: int, open_mark: int) -> bool:
    gap = text[close_mark + 1 : open_mark]
    return 0 < len(gap) <= 100 and "\n" not in gap and not any(ch in gap for ch in ".!?") and gap.rstrip().endswith((",", ":", "—", "–"))


def _starts_sentence(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in '.!?\n:”"»)'


def _later_attribution(q: Quote, quotes: list[Quote], by_quote: dict[int, Candidate]) -> Candidate | None:
    seen = False
    for other in quotes:
        if other is q:
            seen = True
            continue
        if not seen:
            continue
        if not other.continues_previous:
            return None
        c = by_quote.get(id(other))
        if c is not None:
            return c
        if other.close_mark is not None:
            return None
    return None
