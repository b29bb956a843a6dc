"""Direct quotations: a single linear scan over the characters, no regular expressions.

Quotes never cross a paragraph break (a blank line); a quote left open at the end of a
paragraph counts only when the next paragraph opens with a quote mark (the newswire
convention for a quote continued over paragraphs). Unmatched marks are ignored, so an
odd number of quote marks can never raise or make the scan super-linear.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Quote", "find_quotes", "paragraph_spans"]

# opening mark -> closing marks it accepts
_PAIRS = {
    "\u201c": ("\u201d",),  # “ ”
    "\u201e": ("\u201c", "\u201d"),  # „ “ (German) or „ ”
    "\u00ab": ("\u00bb",),  # « »
    "\u00bb": ("\u00ab",),  # » « (Danish, some German)
    '"': ('"',),
    "\u300c": ("\u300d",),  # 「 」
}
_OPENERS = frozenset(_PAIRS)
_ALL_MARKS = frozenset('\u201c\u201d\u201e\u00ab\u00bb"\u300c\u300d')


@dataclass(frozen=True)
class Quote:
    """A quoted span. ``start``/``end`` cover the content inside the marks."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when continued in the next paragraph
    paragraph: int
    continues_previous: bool = False  # opened a paragraph after a quote left open


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of paragraphs: runs of text separated by a blank line (or a single
    newline when the text uses single newlines between paragraphs)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    while i < n:
        j = text.find("\n", i)
        if j < 0:
            j = n
        if text[i:j].strip():
            spans.append((i, j))
        i = j + 1
    # merge lines that are not separated by a blank line only when the text has blank lines
    if "\n\n" in text or "\n \n" in text:
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and not text[merged[-1][1] : s].count("\n") >= 2:
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        spans = merged
    return spans


def _is_open_context(text: str, i: int, start: int) -> bool:
    """A straight quote opens when it follows the paragraph start, space or opening punctuation."""
    if i == start:
        return True
    prev = text[i - 1]
    return prev.isspace() or prev in "([{:—–-/\u2014"


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text``, in order. Linear in ``len(text)``."""
    quotes: list[Quote] = []
    paragraphs = paragraph_spans(text)
    pending: tuple[int, int] | None = None  # (open offset, paragraph index) left open in the previous paragraph
    for p_idx, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        closers: tuple[str, ...] = ()
        first_char = p_start
        while first_char < p_end and text[first_char].isspace():
            first_char += 1
        continues = pending is not None and first_char < p_end and text[first_char] in _OPENERS
        if pending is not None and not continues:
            pending = None
        i = p_start
        while i < p_end:
            ch = text[i]
            if ch in _ALL_MARKS:
                if open_at is not None and ch in closers:
                    end = i
                    while end > open_at + 1 and text[end - 1] in ", \t\n":
                        end -= 1  # the comma before the attribution is not the speaker's
                    if end > open_at + 1:
                        quotes.append(Quote(open_at + 1, end, open_at, i, p_idx, continues_previous=continues and open_at == first_char))
                    open_at = None
                elif open_at is None and ch in _OPENERS and (ch != '"' or _is_open_context(text, i, p_start)):
                    open_at = i
                    closers = _PAIRS[ch]
            i += 1
        if open_at is not None:
            # Left open: keep it only if the next paragraph continues the quote.
            nxt = paragraphs[p_idx + 1][0] if p_idx + 1 < len(paragraphs) else None
            if nxt is not None:
                k = nxt
                while k < len(text) and text[k].isspace():
                    k += 1
                if k < len(text) and text[k] in _OPENERS:
                    end = p_end
                    while end > open_at + 1 and text[end - 1].isspace():
                        end -= 1
                    if end > open_at + 1:
                        quotes.append(Quote(open_at + 1, end, open_at, None, p_idx, continues_previous=continues and open_at == first_char))
                    pending = (open_at, p_idx)
                    continue
        pending = None
    return quotes
