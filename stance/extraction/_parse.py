"""One parsed window of an article: the rules of verb_frames and phrase_frames over its parse,
and the person mentions of mentions. All offsets it returns are global (the window's offset
added)."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from ._candidates import Candidate
from ._lexicon import REPORTING_VERBS
from ._mentions import MentionsMixin
from ._phrase_frames import PhraseFramesMixin
from ._quotes import Quote
from ._verb_frames import VerbFramesMixin

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

__all__ = ["DocAnalyzer"]


class DocAnalyzer(MentionsMixin, VerbFramesMixin, PhraseFramesMixin):
    """Finds attribution candidates and person mentions in one parsed window."""

    def __init__(self, doc: Doc, offset: int, sent_offset: int, text: str, quotes: list[Quote]):
        self.doc = doc
        self.offset = offset
        self.sent_offset = sent_offset
        self.text = text  # the full article text
        self.dtext = doc.text  # Doc.text joins every token on each access: read it once
        end = offset + len(self.dtext)
        self.quotes = [q for q in quotes if q.open_mark >= offset and q.start < end]
        self._q_starts = [q.open_mark for q in self.quotes]
        # quotes with a paragraph, by where they end (for the "quote, then attribution" lookup)
        ends = sorted(
            (((q.close_mark + 1) if q.close_mark is not None else q.end), k) for k, q in enumerate(self.quotes) if q.paragraph is not None
        )
        self._q_end_keys = [e for e, _ in ends]
        self._q_end_idx = [k for _, k in ends]
        self.sents = list(doc.sents)
        self._sent_starts = [s.start_char for s in self.sents]
        self._sent_tok_starts = [s.start for s in self.sents]
        self._ent_of_token: dict[int, Span] = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                for t in ent:
                    self._ent_of_token[t.i] = ent

    def g(self, local: int) -> int:
        return local + self.offset

    def sent_of(self, tok: Token) -> Span:
        """The sentence of a token (spaCy's Token.sent rescans the whole document)."""
        return self.sents[max(0, bisect_right(self._sent_tok_starts, tok.i) - 1)]

    def sentence_of(self, local_char: int) -> int:
        return max(0, bisect_right(self._sent_starts, local_char) - 1) + self.sent_offset

    def quote_at(self, gchar: int) -> Quote | None:
        i = bisect_right(self._q_starts, gchar) - 1
        if i >= 0:
            q = self.quotes[i]
            end = q.close_mark + 1 if q.close_mark is not None else q.end
            if q.open_mark <= gchar < end:
                return q
        return None

    def in_quote(self, tok: Token) -> bool:
        return self.quote_at(self.g(tok.idx)) is not None

    def candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        doc = self.doc
        for tok in doc:
            if tok.dep_ == "ROOT" and tok.lemma_.lower() not in REPORTING_VERBS and tok.pos_ in ("VERB", "AUX"):
                ev = self._subject_event(tok)
                if ev is not None:
                    out.append(ev)
            low = tok.lower_
            lemma = tok.lemma_.lower()
            if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                c = self._according(tok)
                if c:
                    out.append(c)
                continue
            if low == "in" and tok.dep_ == "prep":
                c = self._opinion(tok)
                if c:
                    out.append(c)
                continue
            if tok.pos_ not in ("VERB", "AUX") or lemma not in REPORTING_VERBS:
                continue
            if lemma == "rule" and not any(c.lower_ == "out" for c in tok.children):
                continue
            if lemma == "point" and not any(c.lower_ == "out" for c in tok.children):
                continue
            if tok.dep_ in ("amod", "acl", "relcl") and tok.tag_ in ("VBN", "VBG") and not any(c.dep_ == "ccomp" for c in tok.children):
                continue
            cand = self._verb_candidate(tok, lemma)
            if cand:
                out.append(cand)
        return out
