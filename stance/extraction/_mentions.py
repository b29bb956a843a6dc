"""Speaker mentions in a parse: proper names (their extent, titles, particles), person
mentions with their roles, country and gender, and the description of a subject phrase
("the former head of the department, Igor Ivanov", "he", "the Foreign Ministry")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._candidates import PersonMention, SpeakerRef
from ._lexicon import (
    COUNTRY_OF,
    FEMALE_MARKERS,
    FEMALE_NAMES,
    FEMALE_SURNAME_ENDINGS,
    FIRST_PERSON,
    MALE_MARKERS,
    MALE_NAMES,
    ORG_NOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    ROLE_NOUNS,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


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


class MentionsMixin:
    """Person mentions and speaker phrases of one parsed window (mixed into DocAnalyzer)."""

    doc: Any
    dtext: str
    _ent_of_token: dict[int, Any]

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

    def _phrase_run(self, head: Token) -> list[Any]:
        """The tokens of the phrase headed by ``head``: modifiers and appositions, not the
        clauses hanging off it, as one contiguous run without edge punctuation."""
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
        return run

    def _name_token(self, head: Token, run: list[Any]) -> Token | None:
        """The token of the person's name inside the phrase, if it holds one."""
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
        return name_tok

    def speaker_ref(self, head: Token) -> SpeakerRef:
        """Describe the noun phrase headed by ``head`` (a subject or an 'according to' object):
        its extent, the person name inside it if any, and what kind of speaker it is."""
        run = self._phrase_run(head)
        s, e = run[0].idx, run[-1].idx + len(run[-1].text)
        ref = SpeakerRef(start=self.g(s), end=self.g(e), text=self.dtext[s:e], kind="generic")
        while len(run) > 1 and (run[-1].tag_ == "POS" or run[-1].text in ("'s", "’s")):
            run.pop()
            e = run[-1].idx + len(run[-1].text)
            ref.end, ref.text = self.g(e), self.dtext[s:e]
        name_tok = self._name_token(head, run)
        low = head.lower_
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
