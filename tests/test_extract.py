"""Extraction cases, each on examples written for the project."""

from __future__ import annotations

import pytest
from conftest import by_text

import stance
from stance import Statement


def check_offsets(text: str, statements: list[Statement]) -> None:
    for s in statements:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        if s.speaker_start is not None:
            assert text[s.speaker_start : s.speaker_end] == s.speaker_mention


# 1. direct quotes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        ("Defence Minister Lena Holm said: “The exercise will go ahead in March.”", "The exercise will go ahead in March.", "Lena Holm"),
        ("“The exercise will go ahead in March,” Lena Holm told reporters.", "The exercise will go ahead in March", "Lena Holm"),
        (
            '"The exercise will go ahead in March," said Lena Holm, the defence minister.',
            "The exercise will go ahead in March",
            "Lena Holm",
        ),
        ("«The exercise will go ahead in March», Lena Holm said.", "The exercise will go ahead in March", "Lena Holm"),
    ],
)
def test_direct_quote_attribution_before_and_after(extractor, text, quote, speaker):
    out = extractor.extract(text)
    check_offsets(text, out)
    s = by_text(out, quote)
    assert (s.text, s.speaker, s.kind) == (quote, speaker, "direct")


def test_attribution_inside_the_quote_gives_two_statements(extractor):
    text = "“We are ready,” the general said, “but we are not in a hurry.”"
    text = "General Tomas Berg arrived late. " + text
    out = extractor.extract(text)
    check_offsets(text, out)
    a, b = by_text(out, "We are ready"), by_text(out, "not in a hurry")
    assert a.speaker == b.speaker == "Tomas Berg"


def test_multi_sentence_quote_and_continued_paragraph(extractor):
    text = (
        "Ambassador Irena Kova spoke at length.\n\n"
        "“Our position has not changed. We will not send troops. Nobody should read more into it.\n\n"
        "“What we will send is money,” Kova said."
    )
    out = extractor.extract(text)
    check_offsets(text, out)
    first = by_text(out, "Our position has not changed. We will not send troops.")
    second = by_text(out, "What we will send is money")
    assert first.speaker == second.speaker == "Irena Kova"
    assert first.kind == second.kind == "direct"


# 2. reported speech -------------------------------------------------------------------


@pytest.mark.parametrize(
    "verb",
    [
        "said",
        "told reporters",
        "added",
        "stressed",
        "noted",
        "recalled",
        "explained",
        "suggested",
        "warned",
        "claimed",
        "insisted",
        "denied",
        "announced",
        "argued",
        "believes",
        "acknowledged",
        "predicted",
    ],
)
def test_reporting_and_cognition_verbs(extractor, verb):
    text = f"Foreign Minister Jonas Vaitkus {verb} that the new base would open next spring."
    out = extractor.extract(text)
    check_offsets(text, out)
    s = by_text(out, "the new base would open next spring")
    assert s.speaker == "Jonas Vaitkus" and s.kind == "indirect"
    assert verb.split()[0] in s.cue


@pytest.mark.parametrize(
    "text, cue, content",
    [
        (
            "Senator Ruth Adler did not rule out that her party could back the treaty.",
            "did not rule out",
            "her party could back the treaty",
        ),
        (
            "Senator Ruth Adler refused to say whether her party would back the treaty.",
            "refused to say",
            "whether her party would back the treaty",
        ),
        ("Senator Ruth Adler stopped short of saying that the treaty was dead.", "stopped short of saying", "the treaty was dead"),
    ],
)
def test_negated_and_hedged_cues(extractor, text, cue, content):
    s = by_text(extractor.extract(text), content)
    assert s.cue == cue and s.speaker == "Ruth Adler"


def test_inverted_order_with_apposition(extractor):
    text = "The talks had never been on the agenda, said the former head of the mission, Pavel Orlov."
    s = by_text(extractor.extract(text), "The talks had never been on the agenda")
    assert s.speaker == "Pavel Orlov"
    assert s.speaker_mention.endswith("Pavel Orlov")


# 3. according to, in X's opinion, interviews ------------------------------------------


def test_according_to(extractor):
    text = "According to Marta Nowak, the alliance has no plans for new bases."
    s = by_text(extractor.extract(text), "the alliance has no plans for new bases")
    assert s.speaker == "Marta Nowak" and s.cue.lower() == "according to"


def test_in_someones_opinion(extractor):
    text = "Analyst Omar Reyes spoke after the vote. In his opinion, the summit achieved very little."
    s = by_text(extractor.extract(text), "the summit achieved very little")
    assert s.speaker == "Omar Reyes"


def test_interview_with_someone_else_keeps_the_speaker(extractor):
    text = "Karl Weber said in an interview with a Dutch weekly that the budget target was unrealistic."
    s = by_text(extractor.extract(text), "the budget target was unrealistic")
    assert s.speaker == "Karl Weber"


# 4. mixed quotes ----------------------------------------------------------------------


def test_mixed_quote(extractor):
    text = "Anna Lind said the plan was “dead on arrival” and should be withdrawn."
    s = by_text(extractor.extract(text), "dead on arrival")
    assert s.kind == "mixed" and s.speaker == "Anna Lind"
    assert s.text.startswith("the plan was")


# 5. nested reports --------------------------------------------------------------------


def test_nested_report(extractor):
    text = "Prime Minister Ilse Brandt said that Jan Kowal told her: “We will not block the accession.”"
    out = extractor.extract(text)
    s = by_text(out, "We will not block the accession")
    assert s.speaker == "Jan Kowal" and s.reported_by == "Ilse Brandt"


# 6. speaker resolution ----------------------------------------------------------------


def test_pronoun_description_surname_and_organisation(extractor):
    text = (
        "Kremlin spokesman Dmitry Volkov spoke on Monday. Volkov said the drills were a provocation.\n\n"
        "He added that Moscow would respond. The Kremlin spokesman also said that talks were possible.\n\n"
        "The Foreign Ministry said in a statement that it had summoned the ambassador."
    )
    out = extractor.extract(text)
    check_offsets(text, out)
    assert by_text(out, "the drills were a provocation").speaker == "Dmitry Volkov"
    assert by_text(out, "Moscow would respond").speaker == "Dmitry Volkov"
    assert by_text(out, "talks were possible").speaker == "Dmitry Volkov"
    org = by_text(out, "it had summoned the ambassador")
    assert org.speaker == "Foreign Ministry" and org.speaker_mention == "The Foreign Ministry"


def test_description_resolves_by_role_and_country(extractor):
    text = (
        "President Mark Ellison met the Finnish prime minister, Sanna Koski, in Oslo.\n\n"
        "The Finnish leader said that her country was ready to host the exercise.\n\n"
        "“We will pay our share,” the president said."
    )
    out = extractor.extract(text)
    assert by_text(out, "her country was ready").speaker == "Sanna Koski"
    assert by_text(out, "We will pay our share").speaker == "Mark Ellison"


# 7. narration -------------------------------------------------------------------------


def test_narration_yields_nothing(extractor):
    text = (
        "The alliance was founded in 1949 with twelve members.\n\n"
        "Its headquarters moved to Brussels in 1967, and the building was enlarged in 2017."
    )
    assert extractor.extract(text) == []


# bad input ----------------------------------------------------------------------------


def test_empty_and_whitespace():
    assert stance.extract("") == []
    assert stance.extract("  \n\t ") == []


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["a list"]])
def test_non_string_is_a_clear_type_error(bad):
    with pytest.raises(TypeError, match="expects the article text as a str"):
        stance.extract(bad)


@pytest.mark.parametrize(
    "text",
    [
        "“" * 500 + "He said “yes" + "»" * 300,
        "Control \x00 chars \x07 and \u200b zero-width \u202e bidi said the \ufeff man.",
        "Президент сказал, что НАТО — угроза. 北约 said «nothing».",
        '"' * 1001,
    ],
)
def test_odd_input_never_raises(extractor, text):
    check_offsets(text, extractor.extract(text))


def test_pipe_keeps_order_and_ids(extractor):
    texts = [("Anna Lind said the plan was good.", "a"), ("", "b"), ("No speech here.", "c")]
    out = list(extractor.pipe(texts, as_tuples=True))  # spaCy's order: (result, context)
    assert [rid for _, rid in out] == ["a", "b", "c"]
    assert len(out[0][0]) == 1 and out[1][0] == [] and out[2][0] == []
    assert list(extractor.pipe(t for t, _ in texts)) == [stmts for stmts, _ in out]
    with pytest.warns(DeprecationWarning, match="as_tuples=True"):
        old = list(extractor.pipe_with_ids(texts))  # the old name and order still work, for one release
    assert old == [(rid, stmts) for stmts, rid in out]


def test_long_documents_are_windowed(extractor):
    para = "Minister Ana Ruiz said that the base would stay open.\n\n"
    text = para * 400  # ~22k chars, several windows of 5k
    from stance.extraction import Extractor

    small = Extractor(extractor.nlp, window_chars=5000)
    out = small.extract(text)
    check_offsets(text, out)
    assert len(out) == 400


def test_bundled_example_article(extractor):
    from pathlib import Path

    text = (Path(stance.__file__).parent / "examples" / "harbour_summit.txt").read_text(encoding="utf-8")
    out = extractor.extract(text)
    check_offsets(text, out)
    nested = by_text(out, "We will pay our share")
    assert (nested.speaker, nested.reported_by) == ("Aino Lehtonen", "Erik Dahl")
    assert by_text(out, "studying appropriate responses").speaker == "Pavel Sorokin"  # "The spokesman added"
    assert by_text(out, "We have heard this music before").speaker == "Kadri Ots"  # inverted, with apposition
    assert by_text(out, "whether other hubs would follow").cue == "refused to say"


def test_an_entity_that_is_only_a_possessive_marker_does_not_crash(extractor):
    # the parser tags the lone "’s" as a PERSON entity here; it once crashed name extension
    text = "She spoke at Fort Bragg. Farmers who back the senator’s proposed dam and water levy said they would protest."
    found = extractor.extract(text)
    assert [s.text for s in found] == ["they would protest"]
