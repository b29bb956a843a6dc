"""The units extraction passes between its rules: speaker mentions, candidate statements with
the rule that found them, person mentions; and what happens to candidates before speakers are
resolved (one candidate per span, nested reports, statements with no content)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from ._quotes import Quote

__all__ = ["Candidate", "PersonMention", "Rule", "SpeakerRef", "dedupe", "has_content", "nest"]

PUNCT_TRIM = " \t\r\n,;:.—–-\u2014\u2013"
QUOTE_MARKS = '\u201c\u201d\u201e\u00ab\u00bb"\u300c\u300d'


class Rule(Enum):
    """Which rule found a candidate."""

    VERB = "verb"  # a reporting, cognition or speech-act verb with a clause or quote (verb_frames)
    NOMINAL = "nominal"  # a speech-act verb with a noun-phrase content: "condemned the strikes" (verb_frames)
    ACCORDING = "according"  # "according to X" (phrase_frames)
    OPINION = "opinion"  # "in X's view" (phrase_frames)
    QUOTE = "quote"  # a quote no verb claimed, continuing an attributed statement (assembly)
    LABEL = "label"  # a transcript label: "PENCE: ..." (transcripts)
    EVENT = "event"  # a speech event without content: "the Russian leader said this" (verb_frames; never output)
    SUBJECT = "subject"  # a main-clause subject, for pronoun antecedents (verb_frames; never output)

    @property
    def is_statement(self) -> bool:
        return self not in (Rule.EVENT, Rule.SUBJECT)


@dataclass
class SpeakerRef:
    """The local mention an attribution names, and what kind of thing it is."""

    start: int
    end: int
    text: str
    kind: str  # person | pronoun | plural | description | org | generic | first_person
    name: str | None = None  # PERSON name inside the mention, if any
    name_start: int | None = None
    roles: set[str] = field(default_factory=set)
    country: str | None = None
    gender: str | None = None


@dataclass
class Candidate:
    """A possible statement: a span, its kind, cue and speaker mention, the rule that found
    it; ``nested_in`` is the outer report (``reported_by``); ``dropped`` marks a candidate that
    is kept only to resolve speakers (the frame of a nested report), never output."""

    start: int
    end: int
    kind: str  # direct | indirect | mixed
    cue: str | None
    speaker: SpeakerRef | None
    sentence: int
    quote: Quote | None = None
    nested_in: Candidate | None = None
    rule: Rule = Rule.VERB
    dropped: bool = False


@dataclass
class PersonMention:
    start: int
    end: int
    text: str
    roles: set[str]
    country: str | None
    gender: str | None
    main_subject: bool = False


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """The span without surrounding white space and punctuation."""
    while s < e and text[s] in PUNCT_TRIM:
        s += 1
    while e > s and text[e - 1] in PUNCT_TRIM:
        e -= 1
    return s, e


_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
_WORD = re.compile(r"\w+")


def has_content(span: str) -> bool:
    """A statement says something: at least one word, and more than a bare "that"
    (a cue followed by a dangling quote mark or by nothing is no statement)."""
    words = _WORD.findall(span)
    return bool(words) and not (len(words) == 1 and words[0].lower() in _COMPLEMENTIZERS)


def dedupe(cands: list[Candidate]) -> list[Candidate]:
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


def nest(cands: list[Candidate], text: str) -> list[Candidate]:
    """Reports inside other reports: one whose speaker cannot speak for themselves (or a
    noun-phrase content) is part of the outer statement (dropped); others become nested
    (``reported_by``); an outer report that is only the frame of its nested one ("X said that
    Y told him: ...") is dropped. Dropped candidates stay in the list, marked ``dropped``."""
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    drop: set[int] = set()
    for i, inner in enumerate(cands):
        for j, outer in enumerate(cands):
            if i == j or j in drop or not _inside(inner, outer) or (inner.start, inner.end) == (outer.start, outer.end):
                continue
            # only someone who can speak makes a report of their own inside another one:
            # "the decisions showed ...", "Kyiv did not expect ..." stay part of the outer
            weak = inner.speaker is None or inner.speaker.kind not in ("person", "pronoun", "description")
            if weak or inner.rule is Rule.NOMINAL:
                drop.add(i)  # part of the outer statement, not a report of its own
                break
            inner.nested_in = outer
            frame = text[outer.start : inner.speaker.start].strip(' \t\n,;:.—–-\u201c\u201d"«»')
            if frame == "" or frame.lower() in ("that",):
                drop.add(j)
            break
    for k in drop:
        cands[k].dropped = True  # still resolved (for reported_by), never output
    return cands
