"""Speaker resolution across a whole article.

Names are merged (surname ↔ full name), pronouns go to the most recent compatible speaker
(or the main-clause subject of the sentence before), definite descriptions ("the Russian
leader", "the ex-minister") to the entity introduced with a matching role or country, and
organisations keep their fullest name. Everything runs in one pass in document order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._candidates import Candidate, PersonMention, Rule, SpeakerRef
from ._lexicon import COUNTRY_OF, DETERMINERS, ROLE_NOUNS, ROLE_SYNONYMS

__all__ = ["resolve_speakers"]


@dataclass
class Entity:
    name: str
    kind: str  # person | org | generic
    roles: set[str] = field(default_factory=set)
    country: str | None = None
    gender: str | None = None
    last_mention: int = -1
    last_main_subject: int = -1
    last_speaker: int = -1


def _tokens(name: str) -> list[str]:
    return [t for t in name.replace(".", " ").split() if t]


def _canonical_names(mentions: list[PersonMention]) -> dict[int, str]:
    """Map each person mention (by start offset) to the fullest name used for it."""
    full = [m for m in mentions if len(_tokens(m.text)) >= 2]
    out: dict[int, str] = {}
    for m in mentions:
        toks = _tokens(m.text)
        if not toks:
            continue
        matches = []
        for f in full:
            ft = _tokens(f.text)
            if len(ft) <= len(toks):
                continue
            if any(ft[k : k + len(toks)] == toks for k in range(len(ft) - len(toks) + 1)):
                matches.append(f)
        if not matches:
            out[m.start] = m.text
            continue
        # several full names share the surname: the nearest one before, else after
        before = [f for f in matches if f.start <= m.start]
        pick = max(before, key=lambda f: f.start) if before else min(matches, key=lambda f: f.start)
        # prefer the longest name for that same entity
        longest = max(
            (f for f in matches if _tokens(pick.text)[-1] == _tokens(f.text)[-1] and set(_tokens(pick.text)) <= set(_tokens(f.text))),
            key=lambda f: len(f.text),
            default=pick,
        )
        out[m.start] = longest.text
    return out


def _strip_det(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in ("the",):
        words = words[1:]
    return " ".join(words) if words else text


def _role_match(desc_roles: set[str], ent_roles: set[str]) -> int:
    score = 0
    for r in desc_roles:
        if r not in ROLE_NOUNS and r not in ROLE_SYNONYMS:
            continue
        if r in ent_roles:
            score += 3
        elif ent_roles & ROLE_SYNONYMS.get(r, set()):
            score += 2
    return score


class _Resolver:
    def __init__(self, mentions: list[PersonMention], surnames: list[tuple[int, str]]):
        self.canon = _canonical_names(mentions)
        self.entities: dict[str, Entity] = {}
        self.events = sorted(mentions, key=lambda m: m.start)
        self._ev_i = 0
        self.surnames = sorted(surnames)
        self._sn_i = 0

    def _advance(self, pos: int) -> None:
        """Register every person mention that starts before ``pos``."""
        while self._sn_i < len(self.surnames) and self.surnames[self._sn_i][0] < pos:
            at, word = self.surnames[self._sn_i]
            self._sn_i += 1
            for e in self._persons():
                if _tokens(e.name)[-1:] == [word]:
                    e.last_mention = max(e.last_mention, at + len(word))
        while self._ev_i < len(self.events) and self.events[self._ev_i].start < pos:
            m = self.events[self._ev_i]
            self._ev_i += 1
            name = self.canon.get(m.start, m.text)
            ent = self.entities.get(name)
            if ent is None:
                ent = self.entities[name] = Entity(name, "person")
            ent.roles |= m.roles
            ent.country = ent.country or m.country
            ent.gender = ent.gender or m.gender
            ent.last_mention = m.start
            if m.main_subject:
                ent.last_main_subject = m.start

    def _persons(self) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == "person"]

    def _pronoun(self, ref: SpeakerRef, sentence_start: int) -> Entity | None:
        """'he' / 'she': the most recent compatible speaker, unless a new person became the
        topic since (a main-clause subject, or, when that speaker spoke a while ago, someone
        mentioned since: "... raised it with Lehtonen. She answered ...")."""

        def ok(e: Entity) -> bool:
            return e.gender is None or ref.gender is None or e.gender == ref.gender

        persons = [e for e in self._persons() if ok(e)]
        if not persons:
            return None
        spoke = [e for e in persons if e.last_speaker >= 0]
        recent_speaker = max(spoke, key=lambda e: e.last_speaker) if spoke else None
        recent_subject = max(persons, key=lambda e: e.last_main_subject)
        if recent_subject.last_main_subject >= 0 and (
            recent_speaker is None or recent_subject.last_main_subject > recent_speaker.last_speaker
        ):
            if recent_subject.last_main_subject >= sentence_start - 400:
                return recent_subject
        if recent_speaker is not None and recent_speaker.last_speaker < sentence_start - 300:
            since = [e for e in persons if e.last_mention > recent_speaker.last_speaker and e.last_mention >= sentence_start - 600]
            if since:
                # a known matching gender beats an unknown one, then recency
                return max(since, key=lambda e: (ref.gender is not None and e.gender == ref.gender, e.last_mention))
        if recent_speaker is not None:
            return recent_speaker
        return max(persons, key=lambda e: e.last_mention)

    def _description(self, ref: SpeakerRef, org: bool) -> Entity | None:
        best, best_score = None, 0
        for e in self.entities.values():
            if org != (e.kind == "org"):
                continue
            if ref.country and e.country and ref.country != e.country:
                continue
            if org:
                shared = (ref.roles & e.roles) - set(COUNTRY_OF)
                if not shared:
                    continue
                score = len(shared)
            else:
                score = _role_match(ref.roles, e.roles)
            if ref.country and e.country == ref.country:
                score += 1
            if ref.gender and e.gender and ref.gender != e.gender:
                continue
            if score > best_score or (
                score == best_score
                and best is not None
                and score > 0
                and max(e.last_speaker, e.last_mention) > max(best.last_speaker, best.last_mention)
            ):
                best, best_score = e, score
        if best is not None and (best_score >= 2 or (org and best_score >= 1)):
            return best
        if not org and ref.roles & (ROLE_NOUNS | set(ROLE_SYNONYMS)):
            # salience: the most recent speaker (else person mentioned), if nothing contradicts it
            def fits(e: Entity) -> bool:
                return not (ref.country and e.country and ref.country != e.country) and not (
                    ref.gender and e.gender and ref.gender != e.gender
                )

            spoke = [e for e in self._persons() if e.last_speaker >= 0 and fits(e)]
            if spoke:
                return max(spoke, key=lambda e: e.last_speaker)
            seen = [e for e in self._persons() if fits(e)]
            if seen:
                return max(seen, key=lambda e: e.last_mention)
        return None

    def _person_by_name(self, text: str) -> Entity | None:
        """'Acheson' or 'Gro Harlem' when NER missed them: a known person whose name has these words."""
        toks = [t.lower() for t in _tokens(_strip_det(text)) if t[:1].isupper()]
        if not toks or len(toks) != len(_tokens(_strip_det(text))) or len(toks) > 4:
            return None
        best = None
        for e in self._persons():
            et = [t.lower() for t in _tokens(e.name)]
            if len(et) > len(toks) and set(toks) <= set(et) and (best is None or e.last_mention > best.last_mention):
                best = e
        return best

    def _org_by_name(self, text: str) -> Entity | None:
        """'the Foreign Ministry' after 'the Russian Foreign Ministry': the fuller name."""
        toks = {t.lower() for t in _tokens(_strip_det(text))}
        if not toks:
            return None
        best = None
        for e in self.entities.values():
            if e.kind != "org":
                continue
            et = {t.lower() for t in _tokens(e.name)}
            if toks <= et and (best is None or e.last_mention > best.last_mention):
                best = e
        return best

    def resolve(self, ref: SpeakerRef | None, sentence_start: int, *, speaks: bool = True) -> str | None:
        """Deliberately long: the order of the resolution steps (name, pronoun, description, organisation) is the rule."""
        if ref is None:
            return None
        self._advance(ref.start if ref.kind != "person" else ref.end)
        ent: Entity | None = None
        if not speaks and ref.kind == "generic":
            # a capitalised main-clause subject counts only if it names a known person
            ent = self._person_by_name(ref.text)
            if ent is None:
                return None
            ent.last_main_subject = max(ent.last_main_subject, ref.start)
            return ent.name
        if ref.kind in ("generic", "org", "description") and (by_name := self._person_by_name(ref.text)) is not None:
            ent = by_name
        elif (
            ref.kind == "org"
            and _strip_det(ref.text).lower()
            in ("alliance", "north atlantic alliance", "atlantic alliance", "bloc", "organisation", "organization")
            and "NATO" in self.entities
        ):
            ent = self.entities["NATO"]
        elif ref.kind == "org" and (org := self._org_by_name(ref.text)) is not None:
            ent = org
        elif ref.kind in ("description", "generic") and ref.text.split()[0].lower() in ("a", "an"):
            # an indefinite description introduces someone new ("a spokesman for the ministry")
            name = ref.text
            ent = self.entities.setdefault(name, Entity(name, "generic", set(ref.roles), ref.country, ref.gender))
        elif ref.kind == "person" and ref.name:
            name = self.canon.get(ref.name_start or -1, ref.name)
            ent = self.entities.get(name) or self.entities.setdefault(name, Entity(name, "person"))
            ent.roles |= ref.roles
        elif ref.kind == "pronoun":
            ent = self._pronoun(ref, sentence_start)
            if ent is not None and ent.gender is None:
                ent.gender = ref.gender
        elif ref.kind == "generic" and ref.text.lower() == "it":
            orgs = [e for e in self.entities.values() if e.kind == "org" and max(e.last_speaker, e.last_mention) >= sentence_start - 600]
            ent = max(orgs, key=lambda e: max(e.last_speaker, e.last_mention)) if orgs else None
            if ent is None:
                return None
        elif ref.kind == "plural":
            orgs = [e for e in self.entities.values() if e.kind in ("org", "generic") and e.last_speaker >= 0]
            ent = max(orgs, key=lambda e: e.last_speaker) if orgs else None
        elif ref.kind == "first_person":
            ent = None
        elif ref.kind in ("description", "org"):
            ent = self._description(ref, org=ref.kind == "org")
            if ent is not None:
                ent.roles |= ref.roles
                ent.country = ent.country or ref.country
            else:
                name = _strip_det(ref.text)
                ent = self.entities.setdefault(
                    name, Entity(name, "org" if ref.kind == "org" else "generic", set(ref.roles), ref.country, ref.gender)
                )
        else:
            name = _strip_det(ref.text) if ref.text.split()[0].lower() in DETERMINERS else ref.text
            if name.isupper() and len(name) > 3:  # transcript labels: "PENCE" -> "Pence"
                name = " ".join(w.capitalize() for w in name.split())
            ent = self.entities.setdefault(name, Entity(name, "generic", set(ref.roles), ref.country, ref.gender))
        if ent is None:
            return None
        if speaks:
            ent.last_speaker = max(ent.last_speaker, ref.end)
        else:  # the subject of a main clause: a likely antecedent for the next "he"
            ent.last_main_subject = max(ent.last_main_subject, ref.start)
        ent.last_mention = max(ent.last_mention, ref.end)
        return ent.name


def resolve_speakers(
    candidates: list[Candidate], mentions: list[PersonMention], sentence_starts: list[int], surnames: list[tuple[int, str]] | None = None
) -> list[str | None]:
    """Canonical speaker for each candidate (same order as given)."""
    resolver = _Resolver(mentions, surnames or [])
    order = sorted(range(len(candidates)), key=lambda i: candidates[i].speaker.start if candidates[i].speaker else candidates[i].start)
    out: list[str | None] = [None] * len(candidates)
    for i in order:
        c = candidates[i]
        s_idx = min(c.sentence, len(sentence_starts) - 1) if sentence_starts else 0
        sent_start = sentence_starts[s_idx] if sentence_starts else 0
        out[i] = resolver.resolve(c.speaker, sent_start, speaks=c.rule is not Rule.SUBJECT)
    return out
