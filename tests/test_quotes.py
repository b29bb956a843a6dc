import time

from stance.extraction._quotes import find_quotes, paragraph_spans


def spans(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_straight_and_guillemets():
    text = '“One,” she said. He said "two." «Three», they said.'
    assert spans(text) == ["One", "two.", "Three"]


def test_trailing_comma_belongs_to_the_attribution():
    assert spans('"We will respond," he said.') == ["We will respond"]


def test_multi_sentence_quote_is_one_span():
    text = "“First sentence. Second sentence. Third.” she said."
    assert spans(text) == ["First sentence. Second sentence. Third."]


def test_quote_continued_in_next_paragraph():
    text = "He said: “The first part runs on.\n\n“And the second part ends here,” he added."
    qs = find_quotes(text)
    assert [text[q.start : q.end] for q in qs] == ["The first part runs on.", "And the second part ends here"]
    assert qs[0].close_mark is None and qs[1].continues_previous


def test_unbalanced_marks_never_raise_and_never_cross_paragraphs():
    text = 'An “open quote with no end.\n\nA new paragraph” with a stray close and a " straight one.'
    assert spans(text) == []


def test_paragraphs():
    text = "Title\n\nOne para.\nSame para.\n\nTwo."
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["Title", "One para.\nSame para.", "Two."]


def test_scan_is_linear_in_input_length():
    base = "“unmatched " * 2000 + '" straight ' * 2000
    t0 = time.perf_counter()
    find_quotes(base)
    small = time.perf_counter() - t0
    t0 = time.perf_counter()
    find_quotes(base * 8)
    big = time.perf_counter() - t0
    assert big < 8 * small * 4, (small, big)  # linear (with slack for noise), not quadratic
