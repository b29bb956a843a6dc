"""Attributions found in a dependency parse: reporting verbs, "according to", "in X's view",
and the quotes they govern. Works on one parsed spaCy ``Doc`` (a window of the article);
all offsets it returns are global (the window's offset added).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._lexicon import (
    COGNITION_VERBS,
    COUNTRY_OF,
    FEMALE_MARKERS,
    FEMALE_NAMES,
    FEMALE_SURNAME_ENDINGS,
    FIRST_PERSON,
    HEDGE_GOVERNORS,
    MALE_MARKERS,
    MALE_NAMES,
    NEEDS_CLAUSE,
    NOMINAL_VERBS,
    OPINION_NOUNS,
    ORG_NOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    REPORTING_VERBS,
    ROLE_NOUNS,
)
from ._quotes import Quote

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

_PUNCT_TRIM = " \t\r\n,;:.—–-\u2014\u2013"
_QUOTE_MARKS = '\u201c\u201d\u201e\u00ab\u00bb"\u300c\u300d'
_SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
_MENTION_STOP_DEPS = frozenset({"relcl", "acl", "advcl", "punct", "cc", "prep_skip"})


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
    start: int
    end: int
    kind: str  # direct | indirect | mixed
    cue: str | None
    speaker: SpeakerRef | None
    sentence: int
    quote: Quote | None = None
    nested_in: Candidate | None = None  # the outer report (reported_by)
    source: str = "verb"  # verb | according | opinion | quote


@dataclass
class PersonMention:
    start: int
    end: int
    text: str
    roles: set[str]
    country: str | None
    gender: str | None
    main_subject: bool = False


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _PUNCT_TRIM:
        s += 1
    while e > s and text[e - 1] in _PUNCT_TRIM:
        e -= 1
    return s, e


def _country_of_tokens(tokens) -> str | None:
    for t in tokens:
        low = t.lower_
        if low == "us" and t.text not in ("US",):
            continue
        c = COUNTRY_OF.get(low)
        if c and c != "nato":
            return c
        if low.endswith("'s") or low.endswith("’s"):
            c = COUNTRY_OF.get(low[:-2])
            if c and c != "nato":
                return c
    return None


_TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. president minister secretary general spokesman spokeswoman
    spokesperson chancellor premier senator ambassador envoy commander admiral marshal colonel
    lieutenant chairman chairwoman taoiseach tánaiste tanaiste prime foreign defence defense deputy
    former ex vice interior finance acting independent speaker leader king queen prince pope
    governor mayor sheikh ayatollah professor prof. gen. gen col. col lt. sen. rep. rep chief
    director head state
    """.split()
)


_NAME_PARTICLES = frozenset("de da di del della van von der den ter al el bin ibn la le du dos das".split())

# titles that only ever precede a person's name
_PERSON_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. president minister senator ambassador chancellor premier mp td mep "
    "spokesman spokeswoman secretary general commander admiral marshal colonel governor mayor prof. professor".split()
)


def _is_title(tok: Token) -> bool:
    low = tok.lower_
    if low in _TITLES or low in ROLE_NOUNS or COUNTRY_OF.get(low) or low == "the" or (tok.pos_ == "ADJ" and tok.text.islower()):
        return True
    return tok.text.isupper() and 2 <= len(tok.text) <= 4 and tok.text.isalpha()  # MP, TD, MEP


def _strip_titles(toks: list) -> list:
    """Drop everything up to the last title word before the name ("Liberal MP Douglas
    Fairweather" -> "Douglas Fairweather"); the last token always stays."""
    last_title = -1
    for k, t in enumerate(toks[:-1]):
        if _is_title(t):
            last_title = k
    return toks[last_title + 1 :]


def _is_main_subject(head: Token) -> bool:
    h = head
    if h.dep_ == "appos":
        h = h.head
    return h.dep_ in ("nsubj", "nsubjpass") and h.head.dep_ == "ROOT"


def _gender_of_name(name: str) -> str | None:
    words = name.split()
    if not words:
        return None
    first = words[0].lower()
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    if len(words) > 1 and words[-1].lower().endswith(FEMALE_SURNAME_ENDINGS):
        return "f"
    return None


def _gender_of_tokens(tokens) -> str | None:
    for t in tokens:
        low = t.lower_
        if low in FEMALE_MARKERS:
            return "f"
        if low in MALE_MARKERS:
            return "m"
    return None


class DocAnalyzer:
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

    # -- helpers -----------------------------------------------------------------
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

    # -- person mentions ---------------------------------------------------------
    def _extend_name_left(self, run: list) -> list:
        """Grow a name leftwards over capitalised words and name particles ("Anders" before
        "Fogh Rasmussen", "Dominique de" before "Villepin"); stop at titles and punctuation."""
        run = list(run)
        if not run:  # an entity made only of a possessive marker ("’s" tagged PERSON)
            return run
        k = run[0].i - 1
        while k >= 0 and run[0].i - k <= 4:
            t = self.doc[k]
            if t.text in ("-",) and k > 0 and self.doc[k - 1].text[:1].isupper():
                run.insert(0, t)
            elif t.lower_ in _NAME_PARTICLES and k > 0 and self.doc[k - 1].text[:1].isupper():
                run.insert(0, t)
            elif (
                t.text[:1].isupper()
                and t.pos_ in ("PROPN", "X", "NOUN", "ADJ")
                and not _is_title(t)
                and (t.ent_type_ not in ("ORG", "GPE", "NORP", "DATE") or self.doc[k + 1].ent_iob_ == "I")
            ):
                run.insert(0, t)
            else:
                break
            k -= 1
        while run and (run[0].lower_ in _NAME_PARTICLES or run[0].text == "-") and len(run) > 1:
            run.pop(0)
        return run

    def _name_run(self, tok: Token) -> tuple[int, int] | None:
        """Character span of the proper name around ``tok``: its PROPN compound run,
        without leading titles, nationalities or roles ("Latvian President Edgars Rinkevics")."""
        ent = self._ent_of_token.get(tok.i)
        if ent is not None:  # a PERSON entity knows the name's extent better than the compound chain
            run = [t for t in ent if t.tag_ != "POS" and t.text not in ("'s", "’s")]
        else:
            run = [tok]
        run = self._extend_name_left(run)
        run = _strip_titles(run)
        if not run or not run[-1].text[:1].isupper():
            return None
        last = run[-1]
        end = last.idx + len(last.text)
        return run[0].idx, end

    def surname_mentions(self) -> list[tuple[int, str]]:
        """Capitalised proper nouns outside PERSON entities ("... with Lehtonen last month"):
        they refresh a known person's salience when they match a surname."""
        return [(self.g(t.idx), t.text) for t in self.doc if t.pos_ == "PROPN" and t.i not in self._ent_of_token and t.text[:1].isupper()]

    def person_mentions(self) -> list[PersonMention]:
        out = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            head = ent.root
            ctx = [t for t in head.subtree if t.i < ent.start or t.i >= ent.end]
            ctx = [
                t for t in ctx if not any(a.dep_ in ("relcl", "acl", "advcl") for a in t.ancestors if a.i != head.i and a in head.subtree)
            ]
            if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN"):
                np_head = head.head
                ctx += [t for t in np_head.subtree if t.i < head.left_edge.i and t.dep_ not in ("relcl",)]
            toks = self._extend_name_left([t for t in ent if not t.tag_ == "POS" and t.text not in ("'s", "’s")])
            stripped = _strip_titles(toks)
            ctx.extend(toks[: len(toks) - len(stripped)])
            toks = stripped
            roles = {t.lemma_.lower() for t in ctx if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.lower_ not in ("'s", "’s")}
            roles |= {t.lower_.replace("ex-", "") for t in ctx if "-" in t.text}
            if not toks:
                continue
            s0, e0 = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            name = self.dtext[s0:e0]
            start = self.g(s0)
            out.append(
                PersonMention(
                    start=start,
                    end=start + len(name),
                    text=name,
                    roles=roles,
                    country=_country_of_tokens(ctx),
                    gender=_gender_of_tokens(list(ctx) + [self.doc[ent.start - 1]] if ent.start > 0 else ctx) or _gender_of_name(name),
                    main_subject=_is_main_subject(head),
                )
            )
        return out

    # -- speaker mention ---------------------------------------------------------
    def speaker_ref(self, head: Token) -> SpeakerRef:
        """Describe the noun phrase headed by ``head`` (a subject or an 'according to' object)."""
        # keep modifiers and appositions, drop clauses hanging off the phrase: a token stays when
        # every arc on its path up to the head may stay (one top-down pass, linear in the subtree)
        toks = [head]
        stack = [c for c in head.children]
        while stack:
            a = stack.pop()
            if a.right_edge.i < head.i - 60 or a.left_edge.i > head.i + 60:
                continue  # no speaker phrase is this long; bounds the work on garbage parses
            short_acl = (
                a.dep_ == "acl"
                and a.head.i == head.i
                and head.ent_type_ != "PERSON"
                and a.right_edge.i - a.left_edge.i < 6
                and not any(x.is_punct for x in a.subtree)
                and not self.doc[a.left_edge.i - 1].is_punct  # "a diplomat, speaking on condition of anonymity"
            )
            if (a.dep_ in ("relcl", "acl", "advcl", "ccomp", "parataxis") and not short_acl) or (
                a.dep_ in ("conj", "cc") and a.head.pos_ in ("VERB", "AUX")
            ):
                continue
            toks.append(a)
            stack.extend(a.children)
        toks.sort(key=lambda t: t.i)
        # keep the contiguous run around the head
        lo = hi = toks.index(head)
        while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
            lo -= 1
        while hi + 1 < len(toks) and toks[hi + 1].i == toks[hi].i + 1:
            hi += 1
        run = toks[lo : hi + 1]
        while run and (run[-1].is_punct or run[-1].dep_ == "cc"):
            run.pop()
        while run and run[0].is_punct:
            run.pop(0)
        if not run:
            run = [head]
        s, e = run[0].idx, run[-1].idx + len(run[-1].text)
        ref = SpeakerRef(start=self.g(s), end=self.g(e), text=self.dtext[s:e], kind="generic")
        while len(run) > 1 and (run[-1].tag_ == "POS" or run[-1].text in ("'s", "’s")):
            run.pop()
            e = run[-1].idx + len(run[-1].text)
            ref.end, ref.text = self.g(e), self.dtext[s:e]
        low = head.lower_
        name_tok = None
        names = [t for t in run if t.i in self._ent_of_token]
        if names:
            name_tok = self._ent_of_token[names[-1].i].root  # the appositive name in "the former head, Igor Ivanov"
        elif (
            head.pos_ == "PROPN"
            and head.lower_ not in ORG_NOUNS
            and (
                head.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC", "DATE")
                or any(c.dep_ == "compound" and c.i < head.i and c.lower_ in _PERSON_TITLES for c in head.children)
                or any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS for c in head.children)
            )
        ):
            name_tok = head
        else:
            appos = [
                t
                for t in run
                if t.dep_ == "appos"
                and t.pos_ == "PROPN"
                and t.ent_type_ not in ("GPE", "NORP")
                and (t.ent_type_ != "ORG" or t.head.lemma_.lower() in ROLE_NOUNS)
            ]
            if appos:
                name_tok = appos[0]
        if (
            name_tok is None
            and head.pos_ == "PROPN"
            and (
                head.ent_type_ not in ("GPE", "NORP", "DATE")
                or any(c.dep_ == "relcl" and c.left_edge.lower_ == "who" for c in head.children)
            )
            and 2 <= len(run) <= 4
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in ORG_NOUNS for t in run)
        ):
            name_tok = head  # "Nino Kvaratskhelia" tagged as an organisation: two capitalised words read as a name
        if name_tok is None and head.pos_ in ("NOUN", "PROPN"):
            # "the minister heading the Prime Minister's Office, Gergely Gulyás, did ...": the
            # appositive name closes the subject phrase even when the parser hangs it lower
            last = head.right_edge
            while last.is_punct and last.i > head.i:
                last = self.doc[last.i - 1]
            if last.dep_ == "appos" and last.pos_ == "PROPN" and last.head.i != head.i and last.ent_type_ not in ("GPE", "NORP"):
                name_tok = last
        span = self._name_run(name_tok) if name_tok is not None else None
        if span is not None and " " not in self.dtext[span[0] : span[1]] and self.dtext[span[0] : span[1]].lower() in (ORG_NOUNS | _TITLES):
            span = None  # "the General Staff" is not a person called Staff
        if span is not None:
            ref.kind = "person"
            ref.name = self.dtext[span[0] : span[1]]
            ref.name_start = self.g(span[0])
            ctx_toks = [t for t in run if t.idx < span[0] or t.idx >= span[1]]
            ref.roles = {t.lemma_.lower() for t in ctx_toks if t.pos_ in ("NOUN", "PROPN", "ADJ")}
            ref.country = _country_of_tokens(ctx_toks)
            ref.gender = _gender_of_tokens(ctx_toks) or _gender_of_name(ref.name)
        elif head.pos_ == "PRON" or low in PERSON_PRONOUNS or low in PLURAL_PRONOUNS or low in FIRST_PERSON:
            if low in PERSON_PRONOUNS:
                ref.kind, ref.gender = "pronoun", PERSON_PRONOUNS[low]
            elif low in PLURAL_PRONOUNS:
                ref.kind = "plural"
            elif low in FIRST_PERSON:
                ref.kind = "first_person"
            else:
                ref.kind = "generic"
        else:
            lemmas = {t.lemma_.lower() for t in run} | {t.lower_ for t in run}
            words = {w.split("-")[-1] for w in lemmas}
            has_det = any(t.lower_ in ("the", "this", "that") or t.dep_ == "poss" for t in run)
            if head.ent_type_ in ("ORG", "GPE", "NORP") or head.lemma_.lower() in ORG_NOUNS:
                ref.kind = "org"
            elif has_det and (words & ROLE_NOUNS):
                ref.kind = "description"
            elif words & ROLE_NOUNS and head.pos_ == "PROPN":
                ref.kind = "description"
            ref.roles = {w for w in words if w.isalpha() and w not in ("the", "a", "an")}
            ref.country = _country_of_tokens(run)
            ref.gender = _gender_of_tokens(run)
        return ref

    # -- attributions ------------------------------------------------------------
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
            subs = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass") and not c.is_punct and c.text not in _QUOTE_MARKS]
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
        for c in verb.children:  # "warned of/against ...", "insisted on ..." are not clauses
            if (
                c.dep_ == "conj"
                and c.i > verb.i
                and c.pos_ in ("VERB", "AUX")
                and not any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children)
            ):
                continue
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
        return Candidate(ref.start, ref.start, "indirect", None, ref, self.sentence_of(subj.idx), source="subject")

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
            s, e = _trim(doc_text := self.dtext, s, e)
            for mark in ("that ", "That "):
                if doc_text.startswith(mark, s):
                    s += len(mark)
            gs, ge = self.g(s), self.g(e)
            if ge - gs < 2:
                return None
            return self._classify_span(gs, ge, cue, speaker, sent_idx, verb)
        finders = (
            ("verb", self._that_follows),
            ("verb", self._swallowed_that),
            ("verb", lambda v: self._parenthetical(v, subj)),
            ("nominal", lambda v: self._nominal_content(v, lemma)),
        )
        for source, finder in finders:
            span = finder(verb)
            if span is None:
                continue
            if source == "nominal" and subj is not None and subj.lower_ in ("that", "which"):
                return None
            gs, ge = self.g(span[0]), self.g(span[1])
            inside_ok = finder is finders[2][1]  # a parenthetical attribution sits inside its content
            if ge - gs >= 2 and (inside_ok or not (speaker is not None and speaker.start < ge and speaker.end > gs)):
                cand = self._classify_span(gs, ge, cue, speaker, sent_idx, verb, source=source)
                if cand is not None:
                    return cand
        if lemma in COGNITION_VERBS or lemma in NEEDS_CLAUSE:
            return None
        q = self._adjacent_quote(verb, subj)
        if q is None:
            # "The Russian leader said this": no statement, but it tells who is who
            if speaker is not None and speaker.kind in ("description", "person", "org"):
                return Candidate(verb.idx + self.offset, verb.idx + self.offset, "indirect", cue, speaker, sent_idx, source="event")
            return None
        return Candidate(q.start, q.end, "direct", cue, speaker, sent_idx, quote=q, source="verb")

    def _classify_span(
        self, gs: int, ge: int, cue: str | None, speaker: SpeakerRef | None, sent_idx: int, anchor: Token | None, source: str = "verb"
    ) -> Candidate | None:
        """Decide direct / mixed / indirect for a content span and snap it to a quote."""
        text = self.text
        if speaker is not None and speaker.kind == "first_person" and self.quote_at(speaker.start) is not None:
            return None  # "we believe" inside a quote: the quote's own words, not a new report
        gs, ge = _trim(text, gs, ge)
        if ge <= gs:
            return None
        inner = [q for q in self.quotes if q.start < ge and q.end > gs]
        if inner:
            # content that is (almost) one quotation -> direct
            # the verb sits inside a quote (a report within a quote): clip to the quote
            if anchor is not None:
                qa = self.quote_at(self.g(anchor.idx))
                if qa is not None:
                    gs, ge = _trim(text, max(gs, qa.start), min(ge, qa.end))
                    if ge <= gs:
                        return None
                    return Candidate(gs, ge, "direct", cue, speaker, sent_idx, source=source)
            for q in inner:
                outside = text[gs : q.open_mark] + text[(q.close_mark + 1) if q.close_mark is not None else q.end : ge]
                if gs <= q.start + 1 and outside.strip(_PUNCT_TRIM + _QUOTE_MARKS) == "":
                    return Candidate(q.start, q.end, "direct", cue, speaker, sent_idx, quote=q, source=source)
            # a clause with a quoted fragment -> mixed; extend to cover the closing mark
            for q in inner:
                if q.close_mark is not None and q.close_mark >= ge and q.close_mark < ge + 3:
                    ge = q.close_mark + 1
                if q.open_mark < gs:
                    gs = q.open_mark
            return Candidate(gs, ge, "mixed", cue, speaker, sent_idx, source=source)
        return Candidate(gs, ge, "indirect", cue, speaker, sent_idx, source=source)

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
        return self._classify_span(self.g(s), self.g(e), cue, speaker, self.sentence_of(tok.idx), None, source="according")

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
        return self._classify_span(self.g(s), self.g(e), cue, speaker, self.sentence_of(tok.idx), None, source="opinion")
