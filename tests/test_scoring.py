"""Corpus scoring: streaming rows, error rows, output formats, resume after kill -9, workers,
reports and the Ray engine — all with the tiny test model and real spaCy parses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import stance
from stance.scoring import CorpusInputError, read_rows, score_file, wilson, write_corpus_report
from stance.scoring._report import group_shares

ROOT = Path(__file__).resolve().parent.parent

# Short articles written for these tests (each has one or two attributed statements, or none).
DOCS = [
    {
        "id": "d1",
        "date": "2019-03-02",
        "outlet": "Harbour Times",
        "text": "“The alliance is a threat to us all,” said Ilya Morozov, a deputy in Moscow.",
    },
    {
        "id": "d2",
        "date": "2019-07-14",
        "outlet": "Harbour Times",
        "text": "Minister Ana Petre said her country could join the bloc if its nuclear doctrine changed.",
    },
    {"id": "d3", "date": "2020-01-20", "outlet": "Valley Post", "text": "Snow closed the mountain pass for the third day in a row."},
    {
        "id": "d4",
        "date": "2020-05-09",
        "outlet": "Valley Post",
        "text": "The summit will take place in June, the spokeswoman Lena Ruud told reporters. “We expect thirty delegations,” she added.",
    },
    {
        "id": "d5",
        "date": "2021-11-30",
        "outlet": "Harbour Times",
        "text": "Senator Hal Greer warned that the treaty would drag the country into other people's wars.",
    },
]


def _write_jsonl(path: Path, docs: list[dict], extra: list[bytes] = ()) -> Path:
    with open(path, "wb") as f:
        for d in docs:
            f.write((json.dumps(d) + "\n").encode())
        for raw in extra:
            f.write(raw)
    return path


def _norm(rows):
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def test_score_corpus_streams_rows_in_order_with_error_rows(tiny_clf):
    records = [DOCS[0], {"id": "bad", "text": 7}, DOCS[2], DOCS[1], {"id": "none"}]
    rows = list(stance.score_corpus(records, model=tiny_clf, meta_cols=["outlet"], chunk_size=2))
    ids = [r["doc_id"] for r in rows]
    assert ids[0] == "d1" and "bad" in ids and ids.index("bad") < ids.index("d2") < ids.index("none")
    errors = {r["doc_id"]: r["error"] for r in rows if "error" in r}
    assert errors == {"bad": "text is int, not a string", "none": "missing text (no 'text' field)"}
    good = [r for r in rows if "error" not in r]
    assert {r["doc_id"] for r in good} == {"d1", "d2"}  # d3 has no statement
    r = good[0]
    assert r["outlet"] == "Harbour Times" and r["model"].startswith(tiny_clf.config.name)
    assert abs(sum(r[f"stance_{lab}"] for lab in ("hostile", "conditional", "neutral")) - 1) < 1e-4
    assert DOCS[0]["text"][r["start"] : r["end"]] == r["text"]
    # plain strings and (text, id) tuples work too; empty input gives nothing
    assert [r["doc_id"] for r in stance.score_corpus([DOCS[0]["text"]], model=tiny_clf)] == ["1"]  # record numbers count from 1
    assert {r["doc_id"] for r in stance.score_corpus([(DOCS[0]["text"], "x")], model=tiny_clf)} == {"x"}
    assert list(stance.score_corpus([], model=tiny_clf)) == []


def test_score_corpus_is_lazy(tiny_clf):
    def gen():
        yield DOCS[0]
        raise AssertionError("read too far")

    it = stance.score_corpus(gen(), model=tiny_clf, chunk_size=1)
    assert next(it)["doc_id"] == "d1"


def test_too_long_documents_become_error_rows(tiny_clf):
    rows = list(stance.score_corpus([{"id": "big", "text": "word " * 5000}], model=tiny_clf, max_chars=10_000))
    assert rows == [
        {"record": 1, "doc_id": "big", "error": "document too long: 25,000 characters > max_chars 10,000; raise --max-chars to score it"}
    ]


def test_score_dataset(tiny_clf):
    from datasets import Dataset

    ds = Dataset.from_list([*DOCS, {"id": "x", "date": None, "outlet": None, "text": None}])
    out = stance.score_dataset(ds, model=tiny_clf, meta_cols=["outlet"])
    assert "stance_hostile" in out.column_names and "error" in out.column_names
    errs = [r for r in out if r["error"]]
    assert [r["doc_id"] for r in errs] == ["x"]
    direct = [r for r in stance.score_corpus(DOCS, model=tiny_clf, meta_cols=["outlet"])]
    scored = [dict(r) for r in out if not r["error"]]
    assert [(r["doc_id"], r["statement_index"], r["stance"]) for r in scored] == [
        (r["doc_id"], r["statement_index"], r["stance"]) for r in direct
    ]
    with pytest.raises(ValueError, match="no 'body' column"):
        stance.score_dataset(ds, model=tiny_clf, text_col="body")


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_score_file_formats_errors_and_summary(tiny_model_dir, tmp_path, suffix):
    src = _write_jsonl(tmp_path / "in.jsonl", DOCS, [b"not json\n", b'{"id": "enc", "text": "caf\xe9"}\n', b'{"id": "n", "text": null}\n'])
    out = tmp_path / f"out{suffix}"
    s = score_file(str(src), str(out), model=str(tiny_model_dir), date_col="date", meta_cols=["outlet"], chunk_size=2, quiet=True)
    assert out.is_file() and not (tmp_path / f"out{suffix}.parts").exists()
    rows = list(read_rows(out))
    assert len(rows) == s.statements > 0
    assert {str(r["doc_id"]) for r in rows} <= {"d1", "d2", "d4", "d5"}
    assert all(str(r["date"])[:2] in ("20",) for r in rows)
    errs = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text().splitlines()]
    assert [e["record"] for e in errs] == [6, 7, 8]
    assert errs[0]["error"].startswith("invalid JSON") and errs[1]["error"].startswith("undecodable bytes")
    assert errs[2]["error"] == "missing text (no 'text' field)" and errs[2]["doc_id"] == "n"
    assert s.documents == 8 and s.errors == 3 and s.documents_without_statements >= 1
    assert json.loads((tmp_path / "out.summary.json").read_text())["statements"] == s.statements


def test_csv_and_parquet_inputs_and_datasets_folder(tiny_model_dir, tmp_path):
    import csv

    from datasets import Dataset

    p = tmp_path / "in.csv"
    with open(p, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "date", "outlet", "text"])
        w.writeheader()
        w.writerows(DOCS)
    ds = Dataset.from_list(DOCS)
    ds.to_parquet(str(tmp_path / "in.parquet"))
    ds.save_to_disk(str(tmp_path / "in_ds"))
    results = []
    for src in ("in.csv", "in.parquet", "in_ds"):
        out = tmp_path / f"{src.replace('.', '_')}.jsonl"
        score_file(str(tmp_path / src), str(out), model=str(tiny_model_dir), meta_cols=["outlet"], quiet=True)
        results.append(_norm(read_rows(out)))
    assert results[0] == results[1] == results[2] and results[0]


def test_bad_invocations_stop_before_any_work(tiny_model_dir, tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", DOCS)
    out = tmp_path / "out.jsonl"
    m = str(tiny_model_dir)
    with pytest.raises(CorpusInputError, match="no 'body' field"):
        score_file(str(src), str(out), model=m, text_col="body", quiet=True)
    with pytest.raises(CorpusInputError, match="no such input"):
        score_file(str(tmp_path / "absent.jsonl"), str(out), model=m, quiet=True)
    with pytest.raises(CorpusInputError, match="name the file .jsonl, .csv or .parquet"):
        score_file(str(src), str(tmp_path / "out.txt"), model=m, quiet=True)
    with pytest.raises(CorpusInputError, match="output folder does not exist"):
        score_file(str(src), str(tmp_path / "nope" / "out.jsonl"), model=m, quiet=True)
    p = tmp_path / "in.csv"
    p.write_text("id,body\n1,hello\n")
    with pytest.raises(CorpusInputError, match=r"no 'text' column \(columns: \['id', 'body'\]\)"):
        score_file(str(p), str(out), model=m, quiet=True)
    with pytest.raises(CorpusInputError, match=r"missing column\(s\) \['outlet'\]"):
        score_file(str(p), str(out), model=m, text_col="body", meta_cols=["outlet"], quiet=True)
    assert not out.exists() and not (tmp_path / "out.jsonl.parts").exists()

    score_file(str(src), str(out), model=m, quiet=True)
    before = out.read_bytes()
    with pytest.raises(CorpusInputError, match="the output exists; pass --overwrite"):
        score_file(str(src), str(out), model=m, quiet=True)
    # resume is idempotent: a finished job with the same input and options is success, twice over
    for _ in range(2):
        again = score_file(str(src), str(out), model=m, quiet=True, resume=True)
        assert again.already_complete and again.statements > 0 and "nothing to do" in again.lines()[0]
    other = _write_jsonl(tmp_path / "other.jsonl", DOCS[:1])
    with pytest.raises(CorpusInputError, match="already complete, but from another run.*input_sha256"):
        score_file(str(other), str(out), model=m, quiet=True, resume=True)
    with pytest.raises(CorpusInputError, match="another run.*chunk_size"):
        score_file(str(src), str(out), model=m, quiet=True, resume=True, chunk_size=7)
    assert out.read_bytes() == before  # never truncated
    score_file(str(src), str(out), model=m, quiet=True, overwrite=True)
    assert out.read_bytes() == before  # deterministic


def _run_cli(args: list[str], **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "stance", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw
    )


def test_resume_after_kill_9_loses_and_duplicates_nothing(tiny_model_dir, tmp_path):
    docs = [dict(d, id=f"{d['id']}-{i}") for i in range(12) for d in DOCS]  # 60 documents
    src = _write_jsonl(tmp_path / "in.jsonl", docs)
    ref = tmp_path / "ref.jsonl"
    score_file(str(src), str(ref), model=str(tiny_model_dir), chunk_size=4, quiet=True)

    out = tmp_path / "out.jsonl"
    parts = tmp_path / "out.jsonl.parts"
    proc = _run_cli(["score", str(src), "-o", str(out), "--model", str(tiny_model_dir), "--chunk-size", "4", "--quiet"])
    deadline = time.time() + 240
    while time.time() < deadline and len(list(parts.glob("stats-*.json"))) < 3:
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be killed: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = len(list(parts.glob("stats-*.json")))
    assert 3 <= done < 15, done
    assert not out.exists()
    # a run without --resume refuses to clobber the unfinished one
    with pytest.raises(CorpusInputError, match="unfinished run"):
        score_file(str(src), str(out), model=str(tiny_model_dir), chunk_size=4, quiet=True)
    # resuming with other options is refused, naming what differs
    with pytest.raises(CorpusInputError, match="chunk_size: was 4, now 5"):
        score_file(str(src), str(out), model=str(tiny_model_dir), chunk_size=5, quiet=True, resume=True)
    s = score_file(str(src), str(out), model=str(tiny_model_dir), chunk_size=4, quiet=True, resume=True)
    assert s.resumed_chunks >= 3
    assert out.read_bytes() == ref.read_bytes()
    rows = list(read_rows(out))
    keys = [(r["doc_id"], r["statement_index"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_resume_refuses_another_input(tiny_model_dir, tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", DOCS * 3)
    out = tmp_path / "out.jsonl"

    class Stop(Exception):
        pass

    def stop(c: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        score_file(str(src), str(out), model=str(tiny_model_dir), chunk_size=2, quiet=True, on_chunk=stop)
    _write_jsonl(src, DOCS)
    with pytest.raises(CorpusInputError, match="input_sha256"):
        score_file(str(src), str(out), model=str(tiny_model_dir), chunk_size=2, quiet=True, resume=True)


def test_two_workers_give_the_same_rows(tiny_model_dir, tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", DOCS * 2)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    score_file(str(src), str(a), model=str(tiny_model_dir), quiet=True)
    score_file(str(src), str(b), model=str(tiny_model_dir), quiet=True, workers=2)
    assert a.read_bytes() == b.read_bytes()


def test_stdin_input_through_the_cli(tiny_model_dir, tmp_path):
    out = tmp_path / "o.jsonl"
    payload = "".join(json.dumps(d) + "\n" for d in DOCS).encode()
    r = subprocess.run(
        [sys.executable, "-m", "stance", "score", "-", "-o", str(out), "--model", str(tiny_model_dir)],
        input=payload,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    assert "documents 5" in r.stderr.decode()
    assert len(list(read_rows(out))) > 0
    r = subprocess.run(
        [sys.executable, "-m", "stance", "score", "-", "-o", str(out), "--model", str(tiny_model_dir), "--resume"],
        input=b"",
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    assert r.returncode == 2 and b"cannot resume from standard input" in r.stderr


def test_wilson_interval():
    lo, hi = wilson(8, 10)
    assert (round(lo, 3), round(hi, 3)) == (0.490, 0.943)
    assert wilson(0, 5)[0] == 0.0


def test_report_tables_and_plots(tiny_model_dir, tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", DOCS * 2)
    out = tmp_path / "scored.jsonl"
    score_file(str(src), str(out), model=str(tiny_model_dir), date_col="date", meta_cols=["outlet"], quiet=True)
    rows = list(read_rows(out))
    groups, ungrouped = group_shares(rows, by="year", labels=["hostile", "conditional", "neutral"])
    assert ungrouped == 0 and sum(g.n for g in groups) == len(rows)
    assert all(abs(sum(g.shares.values()) - 1) < 1e-9 for g in groups)
    written = write_corpus_report(out, tmp_path / "rep", by=["year", "outlet", "month"])
    md = written["report"].read_text()
    assert "## stance by year" in md and "## sentiment by outlet" in md and "Wilson" in md
    assert (tmp_path / "rep" / "stance_by_year.csv").read_text().startswith("year,n,hostile_count")
    for name in ("stance_share_by_year", "stance_top_outlet", "stance_top_speaker", "sentiment_share_by_month"):
        assert written[name].read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(CorpusInputError, match="score with --meta-cols country"):
        write_corpus_report(out, tmp_path / "rep2", by=["country"])


def test_ray_engine_matches_the_local_engine(tiny_model_dir, tmp_path):
    pytest.importorskip("ray")
    src = _write_jsonl(tmp_path / "in.jsonl", DOCS * 2, [b"broken\n"])
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    score_file(str(src), str(local), model=str(tiny_model_dir), meta_cols=["outlet"], chunk_size=4, quiet=True)
    s = score_file(
        str(src), str(remote), model=str(tiny_model_dir), meta_cols=["outlet"], chunk_size=4, quiet=True, engine="ray", workers=2
    )
    assert s.engine == "ray" and s.errors == 1
    assert remote.read_bytes() == local.read_bytes()
    assert (tmp_path / "ray.errors.jsonl").read_bytes() == (tmp_path / "local.errors.jsonl").read_bytes()
