"""Tables and plots of a scored corpus: stance (and sentiment) shares per group.

Shares come with 95% Wilson score intervals (statements within a group are treated as
independent draws; statements of one document are not, so the intervals are a lower
bound on the real uncertainty — said in the report).
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._io import CorpusInputError, read_rows

__all__ = ["UNNAMED", "GroupShares", "TimePoint", "group_shares", "is_named_speaker", "time_series", "wilson", "write_corpus_report"]

BY_CHOICES = ("speaker", "country", "outlet", "month", "year")


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval of a share k/n."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


@dataclass(frozen=True)
class GroupShares:
    group: str
    n: int
    counts: dict[str, int]
    shares: dict[str, float]
    intervals: dict[str, tuple[float, float]]


UNNAMED = "(unnamed speakers)"
# Words that make a speaker generic when no capitalised word other than them is present.
_GENERIC_WORDS = frozenset(
    """the a an his her their its our this that these those who which spokesman spokeswoman spokesperson official officials
    ministry government minister president source sources analyst analysts expert experts diplomat diplomats observer observers
    question remark answer reply he she they we i you it people critics supporters residents witnesses""".split()
)


def is_named_speaker(speaker: str) -> bool:
    """A name ("Jens Stoltenberg", "Russian Foreign Ministry", "Kremlin") rather than a generic
    description ("spokesman", "the ministry", "officials", "Question"). Only named speakers
    are pooled across documents in a report."""
    words = [w for w in speaker.replace("-", " ").split() if w]
    return any(w[:1].isupper() and w.lower().strip(".,'’") not in _GENERIC_WORDS for w in words)


def _group_key(row: dict[str, Any], by: str, date_col: str) -> str | None:
    if by in ("month", "year"):
        d = str(row.get(date_col) or "")
        if len(d) < 4 or not d[:4].isdigit():
            return None
        return d[:4] if by == "year" else (d[:7] if len(d) >= 7 and d[4] == "-" and d[5:7].isdigit() else None)
    v = row.get(by)
    if v in (None, ""):
        return None
    if by == "speaker" and not is_named_speaker(str(v)):
        return UNNAMED  # "spokesman" in one article is not "spokesman" in another
    return str(v)


def periods(first: str, last: str, by: str) -> list[str]:
    """Every year ("2019") or month ("2019-07") from ``first`` to ``last``, gaps included."""
    if by == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass(frozen=True)
class TimePoint:
    period: str
    n: int
    shares: dict[str, float | None]
    intervals: dict[str, tuple[float, float] | None]


def time_series(groups: Sequence[GroupShares], labels: Sequence[str], by: str) -> list[TimePoint]:
    """The data behind a share-over-time plot: a continuous axis (empty periods have n=0 and
    no share), each period's n, shares and 95% Wilson intervals."""
    if not groups:
        return []
    by_period = {g.group: g for g in groups}
    out = []
    for per in periods(min(by_period), max(by_period), by):
        g = by_period.get(per)
        if g is None:
            out.append(TimePoint(per, 0, dict.fromkeys(labels), dict.fromkeys(labels)))
        else:
            out.append(TimePoint(per, g.n, {lab: g.shares[lab] for lab in labels}, {lab: g.intervals[lab] for lab in labels}))
    return out


def group_shares(
    rows: Iterable[dict[str, Any]], *, by: str, head: str = "stance", labels: Sequence[str] | None = None, date_col: str = "date"
) -> tuple[list[GroupShares], int]:
    """Shares of each label per group, and the number of rows without a group value."""
    counts: dict[str, Counter] = defaultdict(Counter)
    ungrouped = 0
    seen_labels: list[str] = list(labels or [])
    for r in rows:
        if r.get("error"):
            continue
        lab = r.get(head)
        if lab in (None, ""):
            continue
        if lab not in seen_labels:
            seen_labels.append(lab)
        key = _group_key(r, by, date_col)
        if key is None:
            ungrouped += 1
            continue
        counts[key][lab] += 1
    out = []
    for g, c in counts.items():
        n = sum(c.values())
        out.append(
            GroupShares(
                group=g,
                n=n,
                counts={lab: c.get(lab, 0) for lab in seen_labels},
                shares={lab: c.get(lab, 0) / n for lab in seen_labels},
                intervals={lab: wilson(c.get(lab, 0), n) for lab in seen_labels},
            )
        )
    return out, ungrouped


_COLOURS = {"hostile": "#c0392b", "conditional": "#e6a817", "neutral": "#7f8c8d", "negative": "#c0392b", "positive": "#27ae60"}


def _plot_time(series: list[TimePoint], labels: Sequence[str], title: str, path: Path) -> None:
    """Shares over a continuous time axis, each with its 95% interval as a band, and n below."""
    from matplotlib.figure import Figure

    x = list(range(len(series)))
    fig = Figure(figsize=(max(6.5, 0.22 * len(series) + 3), 5))
    ax, axn = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    nan = float("nan")
    for lab in labels:
        y = [p.shares[lab] if p.n else nan for p in series]
        lo = [p.intervals[lab][0] if p.n else nan for p in series]  # type: ignore[index]
        hi = [p.intervals[lab][1] if p.n else nan for p in series]  # type: ignore[index]
        colour = _COLOURS.get(lab)
        ax.plot(x, y, "o-", ms=3, lw=1.2, label=lab, color=colour)
        ax.fill_between(x, lo, hi, alpha=0.18, color=colour, linewidth=0)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of statements")
    ax.set_title(title + " (bands: 95% Wilson intervals)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    axn.bar(x, [p.n for p in series], color="#34495e")
    axn.set_ylabel("n")
    step = max(1, len(series) // 30)
    axn.set_xticks(x[::step], [p.period for p in series][::step], rotation=60, ha="right", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def _plot_top(groups: list[GroupShares], labels: Sequence[str], title: str, path: Path, top: int = 15) -> None:
    """The most frequent groups: counts per label (so n is the bar's length), and the first
    label's share with its 95% interval written beside each bar."""
    from matplotlib.figure import Figure

    groups = sorted(groups, key=lambda g: (-g.n, g.group))[:top][::-1]
    fig = Figure(figsize=(8, 0.35 * len(groups) + 1.5))
    ax = fig.add_subplot()
    left = [0] * len(groups)
    for lab in labels:
        vals = [g.counts.get(lab, 0) for g in groups]
        ax.barh(range(len(groups)), vals, left=left, label=lab, color=_COLOURS.get(lab))
        left = [a + b for a, b in zip(left, vals, strict=True)]
    first = labels[0] if labels else None
    for i, g in enumerate(groups):
        if first is not None:
            lo, hi = g.intervals[first]
            ax.text(g.n, i, f"  n={g.n}; {first} {g.shares[first]:.0%} ({lo:.0%}–{hi:.0%})", va="center", fontsize=7)
    ax.set_yticks(range(len(groups)), [g.group for g in groups], fontsize=8)
    ax.set_xlim(0, max((g.n for g in groups), default=1) * 1.6)
    ax.set_xlabel("statements")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def write_corpus_report(
    scored: str | Path,
    out: str | Path,
    *,
    by: Sequence[str] = ("year",),
    date_col: str = "date",
    plots: bool = True,
    top: int = 15,
) -> dict[str, Path]:
    """Markdown and CSV tables of stance and sentiment shares per group (with counts and 95%
    intervals), a share-over-time plot (by month/year) and a top-speaker plot."""
    rows = list(read_rows(scored))  # a scored file holds statements, far fewer than documents
    if not rows:
        raise CorpusInputError(f"{scored}: no scored statements to report on")
    heads = [h for h in ("stance", "sentiment") if h in rows[0]]
    _check_groupings(scored, rows[0], by, date_col)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    md = [
        f"# Corpus report: {Path(scored).name}",
        "",
        f"{len(rows):,} statements. Shares with 95% Wilson intervals "
        "(statements treated as independent; statements of one document are not, so read the intervals as a lower bound). "
        f'Named speakers are pooled across documents; generic ones ("spokesman", "officials", "Question") are grouped as {UNNAMED}.',
        "",
    ]
    for b in by:
        for head in heads:
            labels = [c[len(head) + 1 :] for c in rows[0] if c.startswith(head + "_")]
            groups, ungrouped = group_shares(rows, by=b, head=head, labels=labels, date_col=date_col)
            order = sorted(groups, key=lambda g: g.group) if b in ("month", "year") else sorted(groups, key=lambda g: (-g.n, g.group))
            csv_path = folder / f"{head}_by_{b}.csv"
            _write_group_csv(csv_path, b, labels, order)
            written[f"{head}_by_{b}_csv"] = csv_path
            md += _group_markdown(head, b, labels, order, ungrouped, csv_path.name)
            if plots and groups:
                written.update(_group_plot(folder, head, b, labels, groups, top))
    if plots and "speaker" not in by:
        for head in heads:
            labels = [c[len(head) + 1 :] for c in rows[0] if c.startswith(head + "_")]
            groups, _ = group_shares(rows, by="speaker", head=head, labels=labels)
            if groups:
                written.update(_group_plot(folder, head, "speaker", labels, groups, top))
    p = folder / "report.md"
    p.write_text("\n".join(md) + "\n", encoding="utf-8")
    written["report"] = p
    return written


def _check_groupings(scored: str | Path, first: dict[str, Any], by: Sequence[str], date_col: str) -> None:
    for b in by:
        if b in ("month", "year"):
            if date_col not in first:
                raise CorpusInputError(
                    f"{scored}: no {date_col!r} column to group by {b}; score with --date-col {date_col} (or pass --date-col to report)"
                )
        elif b not in first:
            raise CorpusInputError(f"{scored}: no {b!r} column (columns: {sorted(first)}); score with --meta-cols {b}")


def _write_group_csv(path: Path, by: str, labels: Sequence[str], order: Sequence[GroupShares]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([by, "n", *(f"{lab}_{k}" for lab in labels for k in ("count", "share", "low", "high"))])
        for g in order:
            cells = [(g.counts[lab], f"{g.shares[lab]:.4f}", f"{g.intervals[lab][0]:.4f}", f"{g.intervals[lab][1]:.4f}") for lab in labels]
            w.writerow([g.group, g.n, *(x for c in cells for x in c)])


def _group_markdown(head: str, by: str, labels: Sequence[str], order: Sequence[GroupShares], ungrouped: int, csv_name: str) -> list[str]:
    md = [f"## {head} by {by}", "", f"| {by} | n | " + " | ".join(labels) + " |", "|---|---|" + "---|" * len(labels)]
    for g in order[:50]:
        cells = [f"{g.shares[lab]:.0%} ({g.intervals[lab][0]:.0%}–{g.intervals[lab][1]:.0%})" for lab in labels]
        md.append(f"| {g.group} | {g.n} | " + " | ".join(cells) + " |")
    if len(order) > 50:
        md.append(f"| … {len(order) - 50} more groups in {csv_name} | | " + " | ".join("" for _ in labels) + " |")
    if ungrouped:
        md.append(f"\n{ungrouped} statement(s) had no {by} value and are not in this table.")
    md.append("")
    return md


def _group_plot(folder: Path, head: str, by: str, labels: Sequence[str], groups: list[GroupShares], top: int) -> dict[str, Path]:
    if by in ("month", "year"):
        p = folder / f"{head}_share_by_{by}.png"
        _plot_time(time_series(groups, labels, by), labels, f"{head} share by {by}", p)
    else:
        p = folder / f"{head}_top_{by}.png"
        _plot_top(groups, labels, f"most frequent {by}s: {head} mix", p, top=top)
    return {p.stem: p}
