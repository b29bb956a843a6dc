"""Reports framed by a phrase rather than a verb: "according to X, ...", "in X's view/opinion,
...". The speaker is X; the content is the clause the phrase attaches to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._candidates import Candidate, Rule
from ._lexicon import OPINION_NOUNS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


class PhraseFramesMixin:
    """Phrase-frame reports of one parsed window (mixed into DocAnalyzer)."""

    doc: Any
    dtext: str

    def _according(self, tok: Token) -> Candidate | None:
        to = self.doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        speaker = self.speaker_ref(pobj)
        if tok.head.i == tok.i:
            return None
        span = self._clause_around(tok, tok.i, pobj.right_edge.i)
        if span is None:
            return None
        s, e = span
        cue = self.dtext[tok.idx : to.idx + len(to.text)]
        return self._classify_span(self.g(s), self.g(e), cue, speaker, self.sentence_of(tok.idx), None, rule=Rule.ACCORDING)

    def _clause_around(self, tok: Token, phrase_lo: int, phrase_hi: int) -> tuple[int, int] | None:
        """Character span of the clause an attribution phrase ('according to X', 'in X's
        view') attaches to, without the phrase: the longer side of the clause around it."""
        clause = tok.head
        while clause.dep_ not in ("ROOT", "ccomp", "relcl", "advcl", "conj", "parataxis") and clause.head.i != clause.i:
            clause = clause.head
        sent = self.sent_of(tok)
        c_lo, c_hi = max(clause.left_edge.i, sent.start), min(clause.right_edge.i, sent.end - 1)
        if phrase_hi + 1 <= c_hi and (phrase_lo - c_lo) <= (c_hi - phrase_hi):
            s_tok, e_tok = self.doc[phrase_hi + 1], self.doc[c_hi]
        elif phrase_lo - 1 >= c_lo:
            s_tok, e_tok = self.doc[c_lo], self.doc[phrase_lo - 1]
        else:
            return None
        return s_tok.idx, e_tok.idx + len(e_tok.text)

    def _opinion(self, tok: Token) -> Candidate | None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in OPINION_NOUNS:
            return None
        owner = next((c for c in pobj.children if c.dep_ == "poss"), None)
        if owner is None:
            of = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if owner is None:
            return None
        speaker = self.speaker_ref(owner)
        span = self._clause_around(tok, tok.i, pobj.right_edge.i)
        if span is None:
            return None
        s, e = span
        cue = self.dtext[tok.idx : pobj.idx + len(pobj.text)]
        return self._classify_span(self.g(s), self.g(e), cue, speaker, self.sentence_of(tok.idx), None, rule=Rule.OPINION)
