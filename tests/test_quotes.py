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


def _best_time(fn, arg, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t0)
    return min(times)


def test_scan_is_linear_in_input_length():
    unit = "“unmatched " * 500 + '" straight ' * 500
    small = unit
    while _best_time(find_quotes, small) < 0.01:  # a floor: time something measurable, not noise
        small += unit
    t_small = _best_time(find_quotes, small)
    t_big = _best_time(find_quotes, small * 8)
    # linear: 8x the input takes ~8x the time; quadratic would take ~64x (bounds leave room for noise)
    assert t_big < 8 * t_small * 3, (len(small), t_small, t_big)
    assert t_big > t_small, "the larger input cannot take less time than the smaller"
