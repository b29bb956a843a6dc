"""Reports after verbs: reporting, cognition and speech-act verbs with a clause, a quote, an
infinitive or a noun-phrase content ("said that ...", "warned: “...”", "condemned the
strikes"), their cue (with negation, auxiliaries and hedging governors: "did not rule out",
"refused to say") and their subject; and subject events that only introduce a speaker."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any

from ._candidates import PUNCT_TRIM, QUOTE_MARKS, Candidate, Rule, SpeakerRef, trim
from ._lexicon import COGNITION_VERBS, HEDGE_GOVERNORS, NEEDS_CLAUSE, NOMINAL_VERBS, REPORTING_VERBS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from ._quotes import Quote


class VerbFramesMixin:
    """Verb-frame reports of one parsed window (mixed into DocAnalyzer)."""

    doc: Any
    dtext: str
    text: str
    offset: int
    quotes: list[Any]

    def _cue_for(self, verb: Token) -> tuple[str, Token]:
        """The cue text (with auxiliaries, negation, particles and hedging governors)
        and the token that carries the subject."""
        parts = [verb]
        subj_holder = verb
        for c in verb.children:
            if c.dep_ in ("neg", "prt") or (c.dep_ in ("aux", "auxpass") and c.i < verb.i):
                parts.append(c)
        h = verb
        # "refused to say", "stopped short of saying", "declined to say"
        for _ in range(3):
            if h.dep_ in ("xcomp", "pcomp", "pobj", "prep", "acomp") and h.head.i < h.i:
                gov = h.head
                if gov.lemma_.lower() in HEDGE_GOVERNORS or gov.pos_ in ("ADP", "ADJ") or gov.dep_ in ("prep", "acomp"):
                    parts.append(gov)
                    for c in gov.children:
                        if c.dep_ in ("neg", "aux") and c.i < gov.i:
                            parts.append(c)
                    h = gov
                    subj_holder = gov
                    continue
            break
        parts.sort(key=lambda t: t.i)
        s = parts[0].idx
        e = parts[-1].idx + len(parts[-1].text)
        # never let the cue run over the subject ("did he say")
        return self.dtext[s:e], subj_holder

    def _subject(self, holder: Token) -> Token | None:
        while True:
            subs = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass") and not c.is_punct and c.text not in QUOTE_MARKS]
            if subs:
                return subs[-1] if holder.i < subs[-1].i and len(subs) > 1 else subs[0]
            # conjoined verbs share the subject: "he paused and added that ..."; but
            # "X said the bombing showed ..., and argued that ..." hangs "argued" off the
            # reported clause: the subject is the reporting verb's, not the clause's
            if holder.dep_ == "conj" and holder.head.pos_ in ("VERB", "AUX"):
                head = holder.head
                if head.dep_ in ("ccomp", "parataxis") and head.head.lemma_.lower() in REPORTING_VERBS:
                    holder = head.head
                else:
                    holder = head
                continue
            if holder.dep_ in ("xcomp", "advcl", "pcomp") and holder.head.pos_ in ("VERB", "AUX"):
                holder = holder.head
                continue
            return None

    def _content_child(self, verb: Token) -> Token | None:
        for c in verb.children:
            if c.dep_ in ("ccomp", "parataxis"):
                if c.i < verb.i and any(t.text == ";" for t in verb.doc[c.right_edge.i + 1 : verb.i]):
                    continue  # "A happens; B calls it X": a semicolon ends the first clause, it is not B's words
                return c
        for c in verb.children:
            if c.dep_ == "advcl" and c.i > verb.i and any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in c.children):
                return c
        # "did not rule out that ..." parses the clause off the particle sometimes
        for c in verb.children:
            if c.dep_ == "prt":
                for cc in c.children:
                    if cc.dep_ in ("ccomp", "pobj"):
                        return cc
        return None

    def _that_follows(self, verb: Token) -> tuple[int, int] | None:
        """'He recalled that ...' where the parser lost the clause: the rest of the sentence."""
        k = verb.i + 1
        while k < len(self.doc) and self.doc[k].dep_ in ("prt", "advmod", "neg") and self.doc[k].head.i == verb.i:
            k += 1
        if k + 1 >= len(self.doc) or self.doc[k].lower_ != "that" or self.doc[k].dep_ not in ("mark", "nsubj", "dobj", "det"):
            return None
        if (
            self.doc[k].dep_ == "det"
            and self.doc[k].head.i == k + 1
            and self.doc[k + 1].pos_ == "NOUN"
            and self.doc[k + 2 if k + 2 < len(self.doc) else k].pos_ in ("PUNCT",)
        ):
            return None  # "said that day."
        sent = self.sent_of(verb)
        start = self.doc[k + 1]
        last = self.doc[sent.end - 1]
        return start.idx, last.idx + len(last.text)

    def _swallowed_that(self, verb: Token) -> tuple[int, int] | None:
        """'said in an interview with a broadcaster that he had ...': the parser hangs the
        clause off the last noun as a relative clause. Recover it."""
        for c in verb.children:
            if c.dep_ != "prep" or c.i < verb.i:
                continue
            for t in c.subtree:
                if t.lower_ == "that" and t.i + 1 < len(self.doc):
                    nxt = self.doc[t.i + 1]
                    rel = t.head
                    if (
                        rel.dep_ in ("relcl", "ccomp", "acl")
                        and nxt.dep_ in ("nsubj", "nsubjpass", "det", "compound", "amod")
                        and nxt.head.i != t.i
                    ):
                        end = rel.right_edge
                        return nxt.idx, end.idx + len(end.text)
        return None

    def _nominal_content(self, verb: Token, lemma: str) -> tuple[int, int] | None:
        """Objects of verbs that report an act of speech ('condemned the bombing',
        'called for a ceasefire', 'did not rule out joining')."""
        if lemma not in NOMINAL_VERBS:
            return None
        parts = []
        anchors = [verb] + [c for c in verb.children if c.dep_ == "prt"]
        for a in anchors:
            for c in a.children:
                if c.i < verb.i:
                    continue
                if c.dep_ in ("dobj", "xcomp", "oprd", "pcomp", "ccomp"):
                    parts.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("for", "against", "of", "on", "about", "as"):
                    parts.append(c)
                elif c.dep_ in ("conj", "advcl") and any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "provided") for m in c.children):
                    parts.append(c)
        if not parts:
            return None
        lo = min(p.left_edge.idx for p in parts)
        hi_tok = max((p.right_edge for p in parts), key=lambda t: t.i)
        return lo, hi_tok.idx + len(hi_tok.text)

    def _parenthetical(self, verb: Token, subj: Token | None) -> tuple[int, int] | None:
        """'The summit, the minister said, will be short': the whole sentence."""
        if subj is None or verb.dep_ == "ROOT":
            return None
        lo = min(subj.left_edge.i, verb.i)
        hi = max(subj.right_edge.i, verb.i)
        for c in verb.children:
            if c.dep_ in ("advmod", "npadvmod", "prep", "dative", "dobj") and c.i > verb.i:
                hi = max(hi, c.right_edge.i)
        sent = self.sent_of(verb)
        if lo - 1 <= sent.start or hi + 1 >= sent.end - 1:
            return None
        if self.doc[lo - 1].text != "," or self.doc[hi + 1].text not in (",", "—", "--"):
            return None
        return sent.start_char, sent.end_char

    def _span_of(self, tok: Token) -> tuple[int, int]:
        return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)

    def _adjacent_quote(self, verb: Token, subj: Token | None) -> Quote | None:
        """A quote in the same sentence that the verb introduces or follows, with only
        punctuation, the subject and adverbials between them."""
        sent = self.sent_of(verb)
        lo = min([verb.i] + ([subj.left_edge.i] if subj is not None else []))
        hi = max([verb.i] + ([subj.right_edge.i] if subj is not None else []))
        # extend over the verb's own non-clausal dependents (objects, "in an interview")
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "prep", "advmod", "npadvmod", "prt", "neg", "aux", "nsubj") and not self.in_quote(c):
                lo = min(lo, c.left_edge.i)
                hi = max(hi, c.right_edge.i)
        before_char = self.g(self.doc[lo].idx)
        after_char = self.g(self.doc[hi].idx + len(self.doc[hi].text))
        # the first quote opening after the attribution (in document order)
        k = bisect_left(self._q_starts, after_char)
        while k < len(self.quotes) and self.quotes[k].paragraph is None:
            k += 1
        if k < len(self.quotes):
            q = self.quotes[k]
            gap = self.text[after_char : q.open_mark]
            if gap.strip(" ,:;—–-\u2014") == "" and "\n\n" not in gap:
                return q
        # else the latest quote (in document order) that ends just before it, with only
        # punctuation between; only quotes ending within 200 characters can qualify
        best_k = -1
        e = bisect_right(self._q_end_keys, before_char) - 1
        while e >= 0 and self._q_end_keys[e] >= before_char - 200:
            kq = self._q_end_idx[e]
            q = self.quotes[kq]
            gap = self.text[self._q_end_keys[e] : before_char]
            if kq > best_k and gap.strip(" ,;:.—–-\u2014\n") == "" and "\n\n" not in gap and q.open_mark >= self.g(sent.start_char) - 2000:
                best_k = kq
            e -= 1
        return self.quotes[best_k] if best_k >= 0 else None

    def _subject_event(self, root: Token) -> Candidate | None:
        """'The Ukrainian president struck a softer tone.': no statement, but the description
        is resolved so that the next 'he said' finds its antecedent."""
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ not in ("NOUN", "PROPN") or self.in_quote(subj):
            return None
        ref = self.speaker_ref(subj)
        if ref.kind not in ("description", "person", "generic") or (ref.kind == "generic" and not subj.text[:1].isupper()):
            return None
        return Candidate(ref.start, ref.start, "indirect", None, ref, self.sentence_of(subj.idx), rule=Rule.SUBJECT)

    def _verb_candidate(self, verb: Token, lemma: str) -> Candidate | None:
        cue, holder = self._cue_for(verb)
        subj = self._subject(holder)
        if subj is not None and subj.dep_ == "nsubjpass" and subj.lower_ in ("it",):
            subj = None  # "it was stated that" -> agentless
        elif subj is None and any(c.dep_ == "agent" for c in verb.children):
            agent = next(c for c in verb.children if c.dep_ == "agent")
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        elif subj is not None and subj.dep_ == "nsubjpass":
            return None  # "he was told that ..." — the subject is the listener
        content = self._content_child(verb)
        sent_idx = self.sentence_of(verb.idx)
        speaker = self.speaker_ref(subj) if subj is not None else None
        if self.in_quote(verb):
            # inside someone's quote only a named third party's report is a report of its
            # own ("Kowal answered: ..."); "nobody thinks", "Moscow says" are the quote
            if speaker is None or speaker.kind not in ("person", "pronoun") or content is None:
                return None
        if content is not None:
            s, e = self._span_of(content)
            # skip a subordinating "that"/"whether" at the start of the clause
            s, e = trim(doc_text := self.dtext, s, e)
            for mark in ("that ", "That "):
                if doc_text.startswith(mark, s):
                    s += len(mark)
            gs, ge = self.g(s), self.g(e)
            if ge - gs < 2:
                return None
            return self._classify_span(gs, ge, cue, speaker, sent_idx, verb)
        # (rule, finder, may the speaker sit inside the content?) — a parenthetical attribution does
        finders = (
            (Rule.VERB, self._that_follows, False),
            (Rule.VERB, self._swallowed_that, False),
            (Rule.VERB, lambda v: self._parenthetical(v, subj), True),
            (Rule.NOMINAL, lambda v: self._nominal_content(v, lemma), False),
        )
        for rule, finder, inside_ok in finders:
            span = finder(verb)
            if span is None:
                continue
            if rule is Rule.NOMINAL and subj is not None and subj.lower_ in ("that", "which"):
                return None
            gs, ge = self.g(span[0]), self.g(span[1])
            if ge - gs >= 2 and (inside_ok or not (speaker is not None and speaker.start < ge and speaker.end > gs)):
                cand = self._classify_span(gs, ge, cue, speaker, sent_idx, verb, rule=rule)
                if cand is not None:
                    return cand
        if lemma in COGNITION_VERBS or lemma in NEEDS_CLAUSE:
            return None
        q = self._adjacent_quote(verb, subj)
        if q is None:
            # "The Russian leader said this": no statement, but it tells who is who
            if speaker is not None and speaker.kind in ("description", "person", "org"):
                return Candidate(verb.idx + self.offset, verb.idx + self.offset, "indirect", cue, speaker, sent_idx, rule=Rule.EVENT)
            return None
        return Candidate(q.start, q.end, "direct", cue, speaker, sent_idx, quote=q, rule=Rule.VERB)

    def _classify_span(
        self, gs: int, ge: int, cue: str | None, speaker: SpeakerRef | None, sent_idx: int, anchor: Token | None, rule: Rule = Rule.VERB
    ) -> Candidate | None:
        """Decide direct / mixed / indirect for a content span and snap it to a quote."""
        text = self.text
        if speaker is not None and speaker.kind == "first_person" and self.quote_at(speaker.start) is not None:
            return None  # "we believe" inside a quote: the quote's own words, not a new report
        gs, ge = trim(text, gs, ge)
        if ge <= gs:
            return None
        inner = [q for q in self.quotes if q.start < ge and q.end > gs]
        if inner:
            # content that is (almost) one quotation -> direct
            # the verb sits inside a quote (a report within a quote): clip to the quote
            if anchor is not None:
                qa = self.quote_at(self.g(anchor.idx))
                if qa is not None:
                    gs, ge = trim(text, max(gs, qa.start), min(ge, qa.end))
                    if ge <= gs:
                        return None
                    return Candidate(gs, ge, "direct", cue, speaker, sent_idx, rule=rule)
            for q in inner:
                outside = text[gs : q.open_mark] + text[(q.close_mark + 1) if q.close_mark is not None else q.end : ge]
                if gs <= q.start + 1 and outside.strip(PUNCT_TRIM + QUOTE_MARKS) == "":
                    return Candidate(q.start, q.end, "direct", cue, speaker, sent_idx, quote=q, rule=rule)
            # a clause with a quoted fragment -> mixed; extend to cover the closing mark
            for q in inner:
                if q.close_mark is not None and q.close_mark >= ge and q.close_mark < ge + 3:
                    ge = q.close_mark + 1
                if q.open_mark < gs:
                    gs = q.open_mark
            return Candidate(gs, ge, "mixed", cue, speaker, sent_idx, rule=rule)
        return Candidate(gs, ge, "indirect", cue, speaker, sent_idx, rule=rule)
