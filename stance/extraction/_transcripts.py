"""Attributions by layout rather than grammar: transcript labels ("PENCE: Well, look, ...")
and a name after a dash below a quote ("“...” ― Maria Lopez, nurse")."""

from __future__ import annotations

from bisect import bisect_right

from ._candidates import Candidate, Rule, SpeakerRef

__all__ = ["dash_attribution", "label_statements"]

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


def dash_attribution(text: str, after: int) -> SpeakerRef | None:
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


def label_statements(text: str, paragraphs: list[tuple[int, int]], sentence_starts: list[int]) -> list[Candidate]:
    """Transcript lines: 'PENCE: Well, look, ...' — an upper-case speaker label and a colon."""
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
        out.append(Candidate(s, e, "direct", ":", ref, sent, rule=Rule.LABEL))
    return out
