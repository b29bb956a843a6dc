"""The data behind the report plots: continuous time axes with n and intervals, speakers pooled
only by name, reliability points that are what they say."""

from __future__ import annotations

import math

from hypothesis import settings

from stance.evaluation.metrics import expected_calibration_error, reliability_points
from stance.scoring._report import UNNAMED, group_shares, is_named_speaker, time_series, wilson


def _rows(specs):
    return [{"doc_id": d, "speaker": s, "date": date, "stance": lab} for d, s, date, lab in specs]


def test_time_axis_is_continuous_with_n_and_intervals():
    rows = _rows(
        [
            ("a", "X", "2018-07-03", "hostile"),
            ("a", "X", "2018-07-09", "neutral"),
            ("b", "Y", "2019-01-20", "neutral"),
        ]
    )
    labels = ["hostile", "conditional", "neutral"]
    groups, _ = group_shares(rows, by="month", labels=labels)
    series = time_series(groups, labels, "month")
    assert [p.period for p in series] == [f"2018-{m:02d}" for m in range(7, 13)] + ["2019-01"]
    assert [p.n for p in series] == [2, 0, 0, 0, 0, 0, 1]
    july, empty, jan = series[0], series[1], series[-1]
    assert july.shares["hostile"] == 0.5 and july.intervals["hostile"] == wilson(1, 2)
    assert empty.shares["hostile"] is None and empty.intervals["hostile"] is None
    lo, hi = jan.intervals["neutral"]
    assert jan.shares["neutral"] == 1.0 and lo < 0.5 < hi == 1.0  # one statement: a wide interval, not certainty
    years = time_series(group_shares(rows, by="year", labels=labels)[0], labels, "year")
    assert [p.period for p in years] == ["2018", "2019"]


def test_only_named_speakers_pool_across_documents():
    for name in ("Jens Stoltenberg", "Russian Foreign Ministry", "Kremlin", "Lavrov"):
        assert is_named_speaker(name), name
    for generic in ("spokesman", "the ministry", "officials", "government", "Question", "a senior diplomat", "The spokesman"):
        assert not is_named_speaker(generic), generic
    rows = _rows(
        [
            ("a", "spokesman", "2019", "hostile"),
            ("b", "spokesman", "2019", "neutral"),
            ("a", "Anna Berg", "2019", "neutral"),
            ("b", "Anna Berg", "2019", "neutral"),
        ]
    )
    groups = {g.group: g.n for g in group_shares(rows, by="speaker", labels=["hostile", "neutral"])[0]}
    assert groups == {UNNAMED: 2, "Anna Berg": 2}


def test_reliability_points_are_mean_confidence_against_accuracy():
    conf = [0.35, 0.62, 0.64, 0.66, 0.68, 0.61, 0.95, 0.96, 0.97, 0.98, 0.99]
    correct = [False, True, True, False, True, True, True, True, True, True, False]
    _, bins = expected_calibration_error(conf, correct)
    pts = reliability_points(bins, min_count=5)
    assert len(pts) == 2  # the lone 0.35 item is no calibration evidence: no stray point at (0.35, 0)
    (x1, y1, n1), (x2, y2, n2) = pts
    assert (n1, n2) == (5, 5)
    assert math.isclose(x1, sum(conf[1:6]) / 5) and math.isclose(y1, 4 / 5)
    assert math.isclose(x2, sum(conf[6:]) / 5) and math.isclose(y2, 4 / 5)
    assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y, _ in pts)


def test_property_tests_replay_the_same_examples():
    assert settings.default.derandomize is True and settings.default.database is None
