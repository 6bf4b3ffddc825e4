"""The `studyapp` command line, called as a student or a script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp import __version__
from studyapp.cli import main
from studyapp.core.storage import paths
from studyapp.core.storage.paths import ContentDirs


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"Setu {__version__}"


def test_validate_clean_tree(content: ContentDirs, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(content.resources.parent)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Content is valid: 3 sections, 4 prompts." in captured.err


def test_validate_reports_each_problem_as_file_line_field(
    content: ContentDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    trade = content.questions / "trade.yaml"
    trade.write_text(
        trade.read_text()
        .replace("difficulty: easy", "difficulty: trivial", 1)
        .replace("area: links", "area: ships")
    )
    assert main(["--data-dir", str(content.resources.parent / "data"), "validate", str(trade)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "questions/trade.yaml:10: difficulty: Input should be 'easy', 'medium' or 'hard'"
    )
    assert lines[1] == "questions/trade.yaml:31: area: unknown area 'ships'"
    assert len(lines) == 2


def test_content_json_has_every_field(
    content: ContentDirs, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(paths, "bundled_content", lambda: content)
    assert main(["content", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in data["sources"]] == ["alpha", "beta"]
    gap = next(s for s in data["sections"] if s["id"] == "trade.gap")
    assert gap["body"].startswith("## Why it matters")
    assert gap["disagreements"][0]["views"][1] == {"source": "beta", "says": "Twelve billion."}
    stmts = next(q for q in data["questions"] if q["id"] == "q.trade.0002")
    assert stmts["options"] == ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"]
    assert stmts["answer"] == "a" and stmts["answer_index"] == 0
    assert stmts["statements"][1] == {"text": "It has closed.", "correct": False}
    for field in ("type", "stem", "explanation", "sections", "sources", "area", "difficulty"):
        assert field in stmts
    mains = next(q for q in data["questions"] if q["type"] == "mains")
    assert mains["word_limit"] == 150 and len(mains["key_points"]) == 4


def test_output_its_reader_stops_taking_ends_quietly(tmp_path: Path) -> None:
    """`studyapp content --json | head`: no traceback when the reader goes away."""
    env = {**os.environ, "STUDYAPP_DATA_DIR": str(tmp_path / "data")}
    with subprocess.Popen(
        [sys.executable, "-m", "studyapp", "content", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        # The study pack's JSON is far larger than a pipe holds: Setu is still writing.
        assert child.stdout.read(100).startswith(b"{")
        child.stdout.close()
        errors = child.stderr.read().decode()
        assert child.wait(timeout=120) == 1
    assert errors == ""


def test_content_json_refuses_broken_content(
    content: ContentDirs, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(paths, "bundled_content", lambda: content)
    (content.questions / "trade.yaml").write_text("- id: nope\n  type: mcq\n")
    assert main(["content", "--json"]) == 2
    err = capsys.readouterr().err
    assert "questions/trade.yaml:1: id: String should match pattern" in err
    assert "questions/trade.yaml:1: stem: missing" in err


def test_unusable_data_dir_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "f"
    blocker.write_text("")
    assert main(["--data-dir", str(blocker), "stats", "--json"]) == 2
    assert "cannot use the data folder" in capsys.readouterr().err


@pytest.fixture
def one_answer(content: ContentDirs, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose one answered prompt (q.trade.0003, area Links) was answered
    20 minutes ago: its next learning step is already due."""
    from datetime import timedelta

    from sqlalchemy import select

    from studyapp.core import startup
    from studyapp.core.clock import utc_now
    from studyapp.core.models import Question
    from studyapp.core.srs.scheduler import Rating, answer
    from studyapp.core.startup import open_study_database

    monkeypatch.setattr(startup, "bundled_content", lambda: content)
    data = content.resources.parent / "data"
    db, _ = open_study_database(paths.resolve_data_dir(data), content)
    with db.begin() as s:
        qid = s.scalars(select(Question.id).where(Question.key == "q.trade.0003")).one()
        answer(s, qid, Rating.GOOD, utc_now() - timedelta(minutes=20), correct=True, fuzz=False)
    db.close()
    return data


def test_stats_json_has_today_and_the_progress_figures(
    one_answer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = one_answer
    assert main(["--data-dir", str(data), "stats", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {"due_today", "new_available_today", "reviewed_today", "time_today_s"} <= set(summary)
    assert {"prompts_available", "streak_days", "next_due"} <= set(summary)
    assert summary["prompts_available"] == 4 and summary["due_today"] == 1
    assert summary["mastery"] == [
        {"id": "trade", "title": "Trade", "prompts": 3, "seen": 0, "recall": None},
        {"id": "links", "title": "Links", "prompts": 1, "seen": 1, "recall": 1.0},
    ]
    assert len(summary["retention"]) == 26
    assert summary["retention"][-1]["graded"] == 0  # a first answer is not a mature one
    assert summary["retention"][-1]["share"] is None
    assert set(summary["retention"][0]) == {"week", "graded", "correct", "share"}
    assert len(summary["forecast"]) == 30
    assert summary["forecast"][0]["due"] == 1
    assert sum(day["due"] for day in summary["forecast"]) == 1


def test_stats_reads_as_text_without_json(
    one_answer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(one_answer), "stats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Today: 1 due for review, 3 new available, 1 reviewed (0 min)."
    assert lines[1] == "1 day in a row; 4 prompts in the bank."
    header = next(i for i, line in enumerate(lines) if line.startswith("Area"))
    assert lines[header].split() == ["Area", "prompts", "seen", "recall", "now"]
    table = lines[header + 1 : header + 3]
    assert [line.split() for line in table] == [
        ["Trade", "3", "0%", "–"],
        ["Links", "1", "100%", "100%"],
    ]
    # A first answer is a learning step, not a review of a prompt already known.
    assert "  none yet: it appears once prompts you know come back for review" in lines
    coming = lines[lines.index("Reviews due in the coming week:") + 1 :]
    assert len(coming) == 7 and coming[0].split()[-1] == "1"
    assert [line.split()[-1] for line in coming[1:]] == ["0"] * 6


def test_stats_text_says_when_the_next_review_falls_due_on_a_day_with_none() -> None:
    from datetime import UTC, datetime

    from studyapp.cli import stats_text

    due_at = datetime(2026, 12, 4, 3, 30, tzinfo=UTC)
    summary = {
        "due_today": 0,
        "new_available_today": 0,
        "reviewed_today": 12,
        "time_today_s": 150,
        "prompts_available": 1,
        "streak_days": 3,
        "next_due": due_at.isoformat(),
        "mastery": [],
        "retention": [{"week": "2026-11-23", "graded": 8, "correct": 6, "share": 0.75}],
        "forecast": [],
    }
    lines = stats_text(summary).splitlines()
    assert lines[0] == "Today: 0 due for review, 0 new available, 12 reviewed (2 min)."
    assert lines[1] == "3 days in a row; 1 prompt in the bank."
    assert lines[2] == f"Next review due {due_at.astimezone():%a %d %b, %H:%M}."
    assert "  week of 23 Nov 2026: 75% (6 of 8 right)" in lines


def test_export_and_import_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("anki.collection", reason="Anki's library is not installed")
    data = str(tmp_path / "data")
    apkg = tmp_path / "friction.apkg"
    assert main(["--data-dir", data, "export", "apkg", str(apkg), "--area", "friction"]) == 0
    exported = capsys.readouterr().err
    assert exported.startswith("Exported ") and f"to {apkg}." in exported and apkg.is_file()
    assert main(["--data-dir", data, "export", "notes", str(tmp_path / "n.pdf")]) == 0
    assert " pages to " in capsys.readouterr().err
    assert (tmp_path / "n.pdf").read_bytes().startswith(b"%PDF")
    paper = ["export", "paper", str(tmp_path / "p.pdf"), "--prompts", "8", "--area", "summit"]
    assert main(["--data-dir", data, *paper]) == 0
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
    # Setu's own export read back in: its notes are basic cards, already present or new.
    assert main(["--data-dir", str(tmp_path / "other"), "import", str(apkg)]) == 0
    assert "new prompt" in capsys.readouterr().err


def test_bad_export_and_import_requests_get_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert (
        main(["--data-dir", data, "export", "apkg", str(tmp_path / "x.apkg"), "--area", "mars"])
        == 2
    )
    err = capsys.readouterr().err.strip()
    assert err.startswith("Setu: There is no area called 'mars'; the areas are summit, vision, ")
    assert "\n" not in err
    assert (
        main(["--data-dir", data, "export", "notes", str(tmp_path / "n.pdf"), "--bookmarked"]) == 2
    )
    assert "No section is bookmarked yet" in capsys.readouterr().err
    fake = tmp_path / "deck.apkg"
    fake.write_text("not a zip")
    assert main(["--data-dir", data, "import", str(fake)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"Setu: {fake} is not an Anki package (.apkg or .colpkg)." and "\n" not in err
    assert not (tmp_path / "x.apkg").exists() and not (tmp_path / "n.pdf").exists()


def test_bad_print_requests_get_one_sentence(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Read at the file descriptors, so that Qt's own warnings would show too."""
    data = str(tmp_path / "data")
    paper = tmp_path / "p.pdf"
    assert main(["--data-dir", data, "export", "paper", str(paper), "--area", "mars"]) == 2
    assert capfd.readouterr().err.startswith("Setu: There is no area called 'mars'; the areas")
    assert main(["--data-dir", data, "export", "notes", str(paper), "--area", "mine"]) == 2
    err = capfd.readouterr().err
    assert err == "Setu: The area 'My prompts' has no reference sections to print.\n"
    nowhere = tmp_path / "missing" / "p.pdf"
    assert main(["--data-dir", data, "export", "paper", str(nowhere)]) == 2
    err = capfd.readouterr().err
    assert err == f"Setu could not write {nowhere}: No such file or directory.\n"
    with pytest.raises(SystemExit) as refused:
        main(["--data-dir", data, "export", "paper", str(paper), "--prompts", "0"])
    assert refused.value.code == 2
    assert "argument --prompts: it must be at least 1" in capfd.readouterr().err
    assert not paper.exists() and not nowhere.parent.exists()
