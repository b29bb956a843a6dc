"""The command line's contract: exit codes (0 done, 1 failed at run time, 2 bad usage), one
line per StanceError, tracebacks for bugs, messages that say what happened, one row shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import stance
from stance import errors
from stance.cli import main

ROOT = Path(__file__).resolve().parent.parent
ONE = "The minister said the talks would resume in spring.\n"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_every_deliberate_error_is_a_stance_error():
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type):
            assert issubclass(obj, errors.StanceError), name
    # built-in bases kept for callers that catch them
    assert issubclass(errors.MissingInputError, FileNotFoundError) and issubclass(errors.SourceMissingError, FileNotFoundError)
    assert issubclass(errors.InputError, ValueError) and issubclass(errors.BaseWeightsError, RuntimeError)
    from stance.classify import BaseWeightsError, ModelFolderError
    from stance.data import DataFormatError
    from stance.extraction import DocumentTooLongError
    from stance.scoring import CorpusInputError

    for cls in (BaseWeightsError, ModelFolderError, DataFormatError, DocumentTooLongError, CorpusInputError):
        assert issubclass(cls, errors.StanceError)


def test_exit_code_convention():
    assert errors.exit_code(errors.UsageError("x")) == 2
    assert errors.exit_code(errors.MissingInputError("x")) == 2
    assert errors.exit_code(errors.ModelFolderError("x")) == 2
    assert errors.exit_code(errors.BaseWeightsError("x")) == 1
    assert errors.exit_code(errors.SourceMissingError("x")) == 1
    assert errors.exit_code(errors.StanceError("x")) == 1


@pytest.mark.parametrize("command", ["extract", "analyze"])
def test_a_directory_or_a_missing_file_is_bad_usage(command, tmp_path, capsys):
    rc, _, err = _run(capsys, command, str(tmp_path))
    assert rc == 2 and err.count("\n") == 1
    assert "is a directory" in err and "stance score" in err
    rc, _, err = _run(capsys, command, str(tmp_path / "absent.txt"))
    assert rc == 2 and "no such file" in err
    rc, _, err = _run(capsys, command)
    assert rc == 2 and "--example" in err


def test_argparse_errors_exit_2():
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--no-such-option"])
    assert exc.value.code == 2


def test_run_time_failures_exit_1(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STANCE_SHARED_DATA", str(tmp_path))
    rc, _, err = _run(capsys, "eval", "--data", "ruw", "--baseline", "majority", "--out", str(tmp_path / "o"))
    assert rc == 1 and "STANCE_SHARED_DATA" in err and err.startswith("stance: ")


def test_a_bug_shows_its_traceback(monkeypatch):
    import stance.cli as cli

    def broken(args):
        raise KeyError("a bug")

    monkeypatch.setattr(cli, "cmd_extract", broken)
    with pytest.raises(KeyError, match="a bug"):
        cli.main(["extract", "--example"])  # not swallowed into one line


def test_broken_pipe_is_quiet():
    r = subprocess.run(
        f"{sys.executable} -m stance extract --example --format jsonl | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert r.stdout.count("\n") == 1 and json.loads(r.stdout)["text"]
    assert "Broken pipe" not in r.stderr and "Traceback" not in r.stderr


def test_counts_have_the_right_number(tmp_path, capsys):
    f = tmp_path / "one.txt"
    f.write_text(ONE, encoding="utf-8")
    rc, out, _ = _run(capsys, "extract", str(f), "--format", "table")
    assert rc == 0 and f"{f}: 1 statement\n" in out


def test_extract_and_analyze_rows_have_one_shape(tmp_path, tiny_model_dir, capsys):
    f = tmp_path / "one.txt"
    f.write_text(ONE, encoding="utf-8")
    _, ex_out, _ = _run(capsys, "extract", str(f), "--format", "jsonl")
    _, an_out, _ = _run(capsys, "analyze", str(f), "--format", "jsonl", "--model", str(tiny_model_dir))
    ex, an = json.loads(ex_out), json.loads(an_out)
    assert list(an)[: len(ex)] == list(ex) and {k: an[k] for k in ex} == ex
    assert {"speaker_start", "speaker_end", "sentence", "stance", "stance_scores", "truncated"} <= set(an)


def test_target_has_help():
    from stance.cli import build_parser

    for command in ("analyze", "score"):
        sub = build_parser()._subparsers._group_actions[0].choices[command]  # noqa: SLF001
        (target,) = [a for a in sub._actions if a.dest == "target"]  # noqa: SLF001
        assert target.help and "target" in target.help


def test_eval_uses_the_default_model_and_names_the_sets(tmp_path, capsys):
    rc, _, err = _run(capsys, "eval", "--data", "nosuchdata", "--out", str(tmp_path))
    assert rc == 2 and "corpus, real-news, real-news-full, newsmtsc, unscon, ruw, polnear, gold-articles" in err


def test_eval_extraction_on_an_empty_folder_is_an_error(tmp_path, capsys):
    rc, out, err = _run(capsys, "eval-extraction", "--gold", str(tmp_path))
    assert rc == 2 and "holds no articles" in err and "F1" not in out


def _scored_file(tmp_path: Path, tiny_model_dir: Path) -> Path:
    from stance.scoring import score_file

    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": f"d{i}", "text": t, "date": d}) for i, (t, d) in enumerate([(ONE, "2019-01-05"), (ONE, "2019-04-02")])),
        encoding="utf-8",
    )
    out = tmp_path / "scored.jsonl"
    score_file(str(src), str(out), model=str(tiny_model_dir), date_col="date", quiet=True)
    return src


def test_report_says_what_is_wrong_with_its_input(tmp_path, tiny_model_dir, capsys):
    src = _scored_file(tmp_path, tiny_model_dir)
    rc, _, err = _run(capsys, "report", str(tmp_path), "--out", str(tmp_path / "r"))
    assert rc == 2 and "is a directory" in err
    rc, _, err = _run(capsys, "report", str(src), "--out", str(tmp_path / "r"))  # the unscored corpus
    assert rc == 2 and "not a scored file" in err and "stance_<label>" in err and "stance score" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text((tmp_path / "scored.jsonl").read_text(encoding="utf-8") + '{"doc_id": "x", "text": "tab\there"}\n', encoding="utf-8")
    rc, _, err = _run(capsys, "report", str(bad), "--out", str(tmp_path / "r"))
    n = bad.read_text(encoding="utf-8").count("\n")
    assert rc == 2 and str(bad) in err and f"line {n}" in err and "at at" not in err
    txt = tmp_path / "notes.txt"
    txt.write_text("hello", encoding="utf-8")
    rc, _, err = _run(capsys, "report", str(txt), "--out", str(tmp_path / "r"))
    assert rc == 2 and "not a scored file" in err and "output format" not in err
    rc, out, _ = _run(capsys, "report", str(tmp_path / "scored.jsonl"), "--by", "month", "--out", str(tmp_path / "r"), "--no-plots")
    assert rc == 0 and "| 2019-02 | 0 |" not in out  # tables list the months that have statements


def test_error_rows_number_records_from_one(tmp_path):
    from stance.scoring import read_records

    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a", "text": "fine"}\n{"text": "bad\x01control"}\n{"text": "no id"}\n')
    recs = list(read_records(str(src)))
    assert [r.id for r in recs] == ["a", "2", "3"]  # the fallback id is the record number, counted from 1
    assert recs[1].error.startswith("invalid JSON (Invalid control character at column") and "at at" not in recs[1].error


def test_resume_twice_is_success(tmp_path, tiny_model_dir, capsys):
    _scored_file(tmp_path, tiny_model_dir)
    for _ in range(2):
        rc, _, err = _run(
            capsys, "score", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "scored.jsonl"), "--model", str(tiny_model_dir),
            "--date-col", "date", "--resume",
        )  # fmt: skip
        assert rc == 0 and "nothing to do" in err


def test_custom_label_order_and_training_options_reach_the_model(tmp_path, tiny_base, capsys):
    """`stance train --data` honours every option, and a model whose heads are listed
    sentiment first still scores (its primary head is stance)."""
    rows = [json.loads(x) for x in (ROOT / "tests" / "data" / "eu_stance.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    mood = {"favor": "positive", "against": "negative", "none": "neutral"}
    data = tmp_path / "eu.jsonl"
    data.write_text("\n".join(json.dumps({**r, "sentiment": mood[r["stance"]]}) for r in rows), encoding="utf-8")
    out = tmp_path / "eu_model"
    argv = ["train", "--data", str(data), "--out", str(out), "--base", str(tiny_base), "--target", "EU", "--epochs", "2"]
    argv += ["--stop-after", "1", "--lr", "0.002", "--lora-r", "2", "--lora-layers", "1", "--max-length", "40"]
    argv += ["--sentiment-weight", "2", "--batch-size", "8", "--labels", "sentiment=negative,neutral,positive", "stance=favor,against,none"]
    rc, _, _ = _run(capsys, *argv)
    assert rc == 0
    cfg = json.loads((out / "config.json").read_text(encoding="utf-8"))
    tc = cfg["train_config"]
    assert (tc["lr"], tc["lora_r"], tc["lora_layers"], tc["max_length"], tc["batch_size"], tc["epochs"], tc["stop_after"]) == (
        0.002,
        2,
        [1],
        40,
        8,
        2,
        1,
    )
    assert tc["head_weights"] == {"sentiment": 2.0} and cfg["lora_r"] == 2 and cfg["max_length"] == 40
    assert list(cfg["heads"]) == ["sentiment", "stance"] and len(cfg["training"]["history"]) == 1
    rows = list(stance.score_corpus(["Brussels said it would not give up its powers."], model=str(out), target="EU"))
    assert rows and rows[0]["stance"] in ("favor", "against", "none") and rows[0]["sentiment"] in ("negative", "neutral", "positive")
    assert {"stance_favor", "sentiment_positive"} <= set(rows[0])
