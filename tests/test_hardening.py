"""Hostile input: property-based fuzzing of extract/analyze, pathological texts with time
ratios (never absolute times), regular expressions that cannot backtrack, document limits,
determinism across processes and threads.

    python -m pytest tests/test_hardening.py            # bounded (default suite)
    python -m pytest tests/test_hardening.py -m slow    # the long runs
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import stance
from stance.extraction import DocumentTooLongError, Extractor

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EXAMPLES = 60
LONG_EXAMPLES = 1000

# Fragments that exercise the extractor's paths, mixed with arbitrary Unicode by hypothesis.
FRAGMENTS = [
    "“",
    "”",
    "‘",
    "’",
    '"',
    "'",
    "«",
    "»",
    "‹",
    "›",
    "„",
    "—",
    " – ",
    ", ",
    ". ",
    ": ",
    "; ",
    "\n",
    "\n\n",
    " ",
    "said",
    "told reporters",
    "added",
    "warned that",
    "did not rule out that",
    "according to",
    "he",
    "she",
    "they",
    "Anna Berg",
    "Minister Ivo Rask",
    "the alliance",
    "NATO",
    "the former minister",
    "the bloc",
    "(",
    ")",
    "?",
    "!",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\x00",
    "Путин",
    "北约",
    "الناتو",
    "🙂",
    "\t",
    "\r\n",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join)
UNRELATED = "\n\nThe valley road reopened on Tuesday after the floods receded."


def _check_invariants(text: str, found: list) -> None:
    for s in found:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        if s.speaker_start is not None:
            assert 0 <= s.speaker_start < s.speaker_end <= len(text)


def _prop_extract(extractor: Extractor, text: str) -> None:
    found = extractor.extract(text)
    _check_invariants(text, found)
    assert extractor.extract(text) == found  # deterministic
    longer = extractor.extract(text + UNRELATED)
    before = [s for s in found if s.end < len(text.rstrip())]
    assert [s for s in longer if s in before] == before


@settings(max_examples=DEFAULT_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts)
@example(text="warned that\u201c")  # a cue with a dangling quote mark: no statement, before or after appending text
def test_extract_properties(extractor, text):
    _prop_extract(extractor, text)


@pytest.mark.slow
@settings(
    max_examples=LONG_EXAMPLES,
    derandomize=False,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=texts)
def test_extract_properties_long_run(extractor, text):
    _prop_extract(extractor, text)


def _prop_analyze(tiny_clf, extractor, text: str) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        out = stance.analyze(text, model=tiny_clf, extractor=extractor)
        again = stance.analyze(text, model=tiny_clf, extractor=extractor)
    _check_invariants(text, out)
    assert out == again and [s.stance_scores for s in out] == [s.stance_scores for s in again]
    for s in out:
        assert s.stance in tiny_clf.classes_ and abs(sum(s.stance_scores.values()) - 1) < 1e-4


_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=DEFAULT_EXAMPLES // 2, **_SETTINGS)
@given(text=texts)
def test_analyze_properties(tiny_clf, extractor, text):
    _prop_analyze(tiny_clf, extractor, text)


@pytest.mark.slow
@settings(max_examples=LONG_EXAMPLES // 2, derandomize=False, **_SETTINGS)
@given(text=texts)
def test_analyze_properties_long_run(tiny_clf, extractor, text):
    _prop_analyze(tiny_clf, extractor, text)


_CROSS = """
import json, random, sys
from stance.extraction import Extractor
rng = random.Random(7)
frags = json.loads(sys.argv[1])
ex = Extractor()
out = []
for _ in range(40):
    t = "".join(rng.choice(frags) for _ in range(rng.randint(0, 50)))
    out.append([s.to_dict() for s in ex.extract(t)])
print(json.dumps(out, sort_keys=True))
"""


def test_same_output_in_two_processes():
    runs = [
        subprocess.run(
            [sys.executable, "-c", _CROSS, json.dumps(FRAGMENTS)], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and json.loads(runs[0])


def test_extract_from_four_threads_matches_one(extractor):
    from stance.data import load_articles

    arts = [a.text for a in load_articles()[:8]]
    expected = [extractor.extract(t) for t in arts]
    got: dict[int, list] = {}

    def work(k: int) -> None:
        for j in range(k, len(arts), 4):
            got[j] = extractor.extract(arts[j])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [got[j] for j in range(len(arts))] == expected


# --- pathological inputs -----------------------------------------------------------------


def _ordinary(n: int) -> str:
    from stance.data import load_articles

    text = "\n\n".join(a.text for a in load_articles()[:20])
    return (text * (n // len(text) + 1))[:n]


PATHOLOGICAL = {
    "unmatched-quotes": lambda n: ("“ " * (n // 2 + 1))[:n],  # 16,000 unmatched marks at n = 32,000
    "straight-quotes": lambda n: ('a " b ' * (n // 6 + 1))[:n],
    "no-punctuation": lambda n: ("word " * (n // 5 + 1))[:n],
    "nested-quotes": lambda n: "“" * (n // 2) + "x" + "”" * (n // 2),
    "nested-mixed": lambda n: ("«‹“‘\"'" * (n // 12 + 1))[: n // 2] + " said " + ("»›”’\"'" * (n // 12 + 1))[: n // 2],
    "reporting-verbs": lambda n: ("said " * (n // 5 + 1))[:n],
    "report-chain": lambda n: ("Anna said that Boris said that " * (n // 30 + 1))[:n] + "it rained.",
    "zero-width-bidi": lambda n: "".join(ch + "\u200b\u202e\ufeff\u200e" for ch in _ordinary(n // 5)),
    "mixed-scripts": lambda n: ("Путин сказал: «НАТО» 北约 said «الناتو» नाटो 🙂 “Да,” he said. " * (n // 60 + 1))[:n],
    "nul-bytes": lambda n: ("He said \x00 “no\x00 way” \x00. " * (n // 25 + 1))[:n],
}


def _best_time(extractor: Extractor, text: str, repeats: int = 2) -> tuple[float, list]:
    best, out = float("inf"), []
    for _ in range(repeats):
        t = time.perf_counter()
        out = extractor.extract(text)
        best = min(best, time.perf_counter() - t)
    return best, out


@pytest.fixture(scope="module")
def unlimited() -> Extractor:
    ex = Extractor(max_chars=None)
    ex.extract("Warm-up, she said.")
    return ex


@pytest.fixture(scope="module")
def ordinary_times(unlimited) -> dict[int, float]:
    return {n: _best_time(unlimited, _ordinary(n))[0] for n in (8_000, 32_000)}


@pytest.mark.parametrize("case", list(PATHOLOGICAL))
def test_pathological_input_is_linear_and_bounded(unlimited, ordinary_times, case):
    small, big = PATHOLOGICAL[case](8_000), PATHOLOGICAL[case](32_000)
    t_small, out = _best_time(unlimited, small)
    t_big, out_big = _best_time(unlimited, big)
    _check_invariants(small, out)
    _check_invariants(big, out_big)
    growth = t_big / t_small
    vs_ordinary = t_big / ordinary_times[32_000]
    print(f"{case}: x4 input -> x{growth:.2f} time; {vs_ordinary:.2f}x an ordinary text of the same size")
    assert growth < 4 * 2.5, f"{case}: time grew {growth:.1f}x for 4x the input (quadratic would be 16x)"
    assert vs_ordinary < 10, f"{case}: {vs_ordinary:.1f}x slower than an ordinary article of the same size"


@pytest.mark.slow
def test_two_megabyte_sentence_without_punctuation(unlimited):
    n = 2_000_000
    t_bad, out = _best_time(unlimited, PATHOLOGICAL["no-punctuation"](n), repeats=1)
    t_ok, _ = _best_time(unlimited, _ordinary(n), repeats=1)
    assert out == [] and t_bad / t_ok < 3, (t_bad, t_ok)


def _package_patterns() -> list[tuple[str, re.Pattern]]:
    """Every regular expression written in the package: literal patterns passed to the re
    module's functions, found by reading the source (so none can hide inside a function)."""
    import ast

    calls = {"compile", "search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"}
    found = []
    for path in sorted((ROOT / "stance").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in calls
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                flags = re.IGNORECASE if "IGNORECASE" in ast.unparse(node) else 0
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", re.compile(node.args[0].value, flags)))
    return found


ADVERSARIAL = ["a", " ", "“", '"', ".", "a ", "aa.", "\n", "said ", "-", "'s ", "Mr. ", "x\u200b"]


def test_no_package_regex_backtracks_catastrophically():
    patterns = _package_patterns()
    assert len(patterns) >= 5, "expected to find the package's compiled patterns"
    for name, pat in patterns:
        for unit in ADVERSARIAL:
            times = []
            for n in (2_000, 8_000):
                s = unit * (n // len(unit)) + "!"
                best = float("inf")
                for _ in range(3):
                    t0 = time.perf_counter()
                    pat.search(s)
                    list(pat.finditer(s))
                    best = min(best, time.perf_counter() - t0)
                times.append(best)
            # linear: 4x; quadratic: 16x. Sub-10 ms timings are noise, hence the floor.
            assert times[1] < max(times[0] * 4 * 2.5, 0.01), f"{name} on {unit!r}*n: {times}"


# --- limits ----------------------------------------------------------------------------------


def test_document_limit_is_clear_and_liftable(extractor):
    text = "“We stay,” Ana Ruiz said. " * 20
    with pytest.raises(DocumentTooLongError, match=r"longer than max_chars=100; pass a higher max_chars \(or None\)"):
        stance.extract(text, max_chars=100)
    assert stance.extract(text, max_chars=None) == extractor.extract(text)
    with pytest.raises(DocumentTooLongError):
        list(Extractor(max_chars=50).pipe([text]))


def test_long_documents_are_read_in_windows():
    ex = Extractor(window_chars=2_000, max_chars=None)
    para = "Minister Ana Ruiz spoke in the capital on Monday. “We are not leaving,” she said.\n\n"
    text = para * 60  # ~5,000 characters: three windows
    found = ex.extract(text)
    assert len(found) == 60 and all(s.speaker == "Ana Ruiz" for s in found)
    _check_invariants(text, found)
