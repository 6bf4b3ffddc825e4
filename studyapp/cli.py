"""The `studyapp` command: the GUI by default, subcommands for headless work."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp import APP_NAME, __version__
from studyapp.core.errors import Problem, UserFacingError
from studyapp.core.storage.failures import describe_storage_error
from studyapp.core.wording import counted, figure

if TYPE_CHECKING:
    from studyapp.core.storage.db import Database
    from studyapp.core.storage.lock import FolderLock
    from studyapp.core.storage.paths import DataDir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studyapp",
        description=f"{APP_NAME}: study India–Japan relations for the UPSC examinations.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder for the database, backups and logs (default: the platform's "
        "per-user data folder; also STUDYAPP_DATA_DIR)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("gui", help="open the application window (the default)")

    validate = sub.add_parser("validate", help="check content files and report every problem")
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to check (default: all bundled content)",
    )

    content = sub.add_parser("content", help="print every reference section and prompt")
    content.add_argument("--json", action="store_true", required=True, help="as JSON")

    stats = sub.add_parser(
        "stats", help="print today's figures, the streak, mastery, retention and reviews due"
    )
    stats.add_argument("--json", action="store_true", help="as JSON")

    due = sub.add_parser(
        "due", help="print what is due today: reviews, learning steps and new prompts"
    )
    due.add_argument("--json", action="store_true", help="as JSON")

    search = sub.add_parser("search", help="search sections, prompts and notes")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--json", action="store_true", help="as JSON")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits")

    imp = sub.add_parser(
        "import", help="import your own prompts from a CSV file or an Anki package"
    )
    imp.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="a CSV file of front,back,tags rows, or an Anki .apkg/.colpkg",
    )

    export = sub.add_parser(
        "export", help="export an Anki package, printable revision notes or a question paper"
    )
    kinds = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    apkg = kinds.add_parser("apkg", help="prompts as an Anki package")
    apkg.add_argument("file", type=Path, metavar="FILE.apkg")
    apkg.add_argument("--area", metavar="ID", help="only this area's prompts")
    apkg.add_argument(
        "--with-scheduling",
        action="store_true",
        help="include your FSRS memory state, due dates and review history",
    )
    notes = kinds.add_parser("notes", help="the reference as printable revision notes (PDF)")
    notes.add_argument("file", type=Path, metavar="FILE.pdf")
    scope = notes.add_mutually_exclusive_group()
    scope.add_argument("--area", metavar="ID", help="only this area")
    scope.add_argument("--bookmarked", action="store_true", help="only bookmarked sections")
    paper = kinds.add_parser("paper", help="a printable question paper with its key (PDF)")
    paper.add_argument("file", type=Path, metavar="FILE.pdf")
    paper.add_argument("--prompts", type=_count, default=25, metavar="N", help="how many (25)")
    paper.add_argument("--area", metavar="ID", help="only this area")
    paper.add_argument("--mains", action="store_true", help="a mains answer-writing paper")

    sub.add_parser("backup", help="make a verified backup of the database now")
    sub.add_parser("backups", help="list the backups with their date, size, answers and prompts")
    restore = sub.add_parser(
        "restore", help="replace the database with a backup (the current one is backed up first)"
    )
    restore.add_argument(
        "backup", metavar="FILE|latest", help="a backup file, or latest for the newest good one"
    )
    sub.add_parser(
        "check", help="check the database, rebuild its derived tables, and report what was fixed"
    )

    shots = sub.add_parser("screenshots", help="render every screen to PNG files")
    shots.add_argument("out_dir", type=Path, metavar="OUTDIR")

    return parser


def _count(text: str) -> int:
    """A command-line count: a whole number, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("it must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    handler = _COMMANDS[command]

    from studyapp.core.storage.inspect import DatabaseRefused

    try:
        status = handler(args)
        sys.stdout.flush()  # (a reader gone away shows here, not on the way out)
        return status
    except DatabaseRefused as exc:
        _say(f"{exc} Nothing was changed.")
        print(_recovery_hint(args, exc.kind), file=sys.stderr)
        return 2
    except UserFacingError as exc:
        _say(str(exc))
        return 2
    except BrokenPipeError:
        # Whatever read the output stopped reading (`studyapp content | head`): stop
        # quietly, as other command-line tools do. Standard output now goes nowhere,
        # or Python would complain again when it flushes it on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _say(message: str) -> None:
    """A problem on standard error, after the program's name unless the sentence
    already starts with it ("Setu could not write …")."""
    said = message if message.startswith(f"{APP_NAME} ") else f"{APP_NAME}: {message}"
    print(said, file=sys.stderr)


def _recovery_hint(args: argparse.Namespace, kind: str) -> str:
    folder = f" --data-dir {shlex.quote(args.data_dir)}" if args.data_dir else ""
    hint = f"To go back to the newest good backup: studyapp{folder} restore latest"
    if kind == "damaged":
        hint += f"\nTo try repairing it in place (a copy is kept): studyapp{folder} check"
    return hint


def _claim_folder(data: DataDir) -> FolderLock:
    """The data-folder lock, for a command that writes; refused while Setu runs."""
    from studyapp.core.storage.lock import FolderLock

    lock = FolderLock(data.root)
    if not lock.acquire():
        raise UserFacingError(
            f"The data folder {data.root} is in use by the Setu window or another command; "
            f"close it and try again (in the window: File › Backups… and Tools › Check database)."
        )
    return lock


def _gui(args: argparse.Namespace) -> int:
    from studyapp.gui.app import run

    return run(args.data_dir)


def _validate(args: argparse.Namespace) -> int:
    from studyapp.core.content.loader import (
        content_root_for,
        display_name,
        expand_paths,
        load_content,
    )
    from studyapp.core.storage.paths import ContentDirs, bundled_content

    problems = []
    if not args.paths:
        bundle = load_content(bundled_content())
        problems = bundle.problems
        checked = [bundle]
    else:
        # Each file is checked within its own content tree (so its links resolve
        # against its neighbours); a stray file is checked against the bundled content.
        checked = []
        groups: dict[ContentDirs, list[Path]] = {}
        for path in expand_paths(args.paths):
            if not path.exists():
                problems.append(Problem(str(path), 1, "file", "not found"))
                continue
            groups.setdefault(content_root_for(path) or bundled_content(), []).append(path)
        for dirs, files in groups.items():
            bundle = load_content(dirs, files)
            checked.append(bundle)
            asked = {display_name(f, dirs) for f in files}
            problems += [p for p in bundle.problems if p.file in asked]
    for problem in sorted(problems):
        print(problem)
    if problems:
        print(f"{counted(len(problems), 'problem')} found.", file=sys.stderr)
        return 1
    sections = sum(len(b.sections) for b in checked)
    prompts = sum(len(b.prompts) for b in checked)
    print(f"Content is valid: {sections} sections, {prompts} prompts.", file=sys.stderr)
    return 0


def _content(args: argparse.Namespace) -> int:
    from studyapp.core.content.export import content_as_dict
    from studyapp.core.content.loader import load_content
    from studyapp.core.errors import ContentError
    from studyapp.core.storage.paths import bundled_content

    bundle = load_content(bundled_content())
    if bundle.problems:
        raise ContentError(bundle.problems)
    json.dump(content_as_dict(bundle), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _open_database(args: argparse.Namespace) -> Database:
    from studyapp.core.startup import open_study_database

    db, _ = open_study_database(_data(args))
    return db


def _stats(args: argparse.Namespace) -> int:
    from studyapp.core.clock import utc_now
    from studyapp.core.stats.progress import progress_summary
    from studyapp.core.stats.summary import stats_summary

    db = _open_database(args)
    try:
        with db.begin() as session:
            now = utc_now()
            summary = {**stats_summary(session, now), **progress_summary(session, now)}
    finally:
        db.close()
    if args.json:
        json.dump(summary, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(stats_text(summary))
    return 0


def stats_text(summary: dict[str, Any]) -> str:
    """The figures of `stats --json` as a student reads them: today (and when the next
    review falls due, when none is due today), each area, true retention by week, and
    the reviews due in the coming week."""
    minutes = round(summary["time_today_s"] / 60)
    lines = [
        f"Today: {figure(summary['due_today'])} due for review, "
        f"{figure(summary['new_available_today'])} new available, "
        f"{figure(summary['reviewed_today'])} reviewed ({counted(minutes, 'min', 'min')}).",
        f"{counted(summary['streak_days'], 'day')} in a row; "
        f"{counted(summary['prompts_available'], 'prompt')} in the bank.",
    ]
    if not summary["due_today"] and summary["next_due"]:
        when = datetime.fromisoformat(summary["next_due"]).astimezone()
        lines.append(f"Next review due {when:%a %d %b, %H:%M}.")
    width = max(len(m["title"]) for m in summary["mastery"]) if summary["mastery"] else 0
    lines += ["", f"{'Area':{width}}  {'prompts':>7}  {'seen':>5}  {'recall now':>10}"]
    for m in summary["mastery"]:
        seen = f"{m['seen'] / m['prompts']:.0%}" if m["prompts"] else "–"
        recall = "–" if m["recall"] is None else f"{m['recall']:.0%}"
        lines.append(f"{m['title']:{width}}  {m['prompts']:>7,}  {seen:>5}  {recall:>10}")
    weeks = [w for w in summary["retention"] if w["graded"]]
    lines += ["", "True retention by week (prompts you know, back for review):"]
    lines += [
        f"  week of {date.fromisoformat(w['week']):%d %b %Y}: {w['share']:.0%} "
        f"({figure(w['correct'])} of {figure(w['graded'])} right)"
        for w in weeks[-8:]
    ] or ["  none yet: it appears once prompts you know come back for review"]
    lines += ["", "Reviews due in the coming week:"]
    lines += [
        f"  {date.fromisoformat(d['date']):%a %d %b}  {figure(d['due']):>7}"
        for d in summary["forecast"][:7]
    ]
    return "\n".join(lines)


def _due(args: argparse.Namespace) -> int:
    """Today's counts on the start-up path alone: no ORM, no SQLAlchemy."""
    from studyapp.core.clock import utc_now
    from studyapp.core.srs.queue import count_queue

    db = _open_database(args)
    try:
        with db.read() as connection:
            counts = count_queue(connection, utc_now())
    finally:
        db.close()
    if args.json:
        figures = {"review": counts.review, "learning": counts.learning, "new": counts.new}
        json.dump({**figures, "total": counts.total}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(
            f"Due today: {figure(counts.review)} to review, {figure(counts.learning)} in "
            f"learning, {figure(counts.new)} new."
        )
    return 0


def _screenshots(args: argparse.Namespace) -> int:
    from studyapp.gui.screenshots import take_screenshots

    for path in take_screenshots(args.out_dir, args.data_dir):
        print(path)
    return 0


def _search(args: argparse.Namespace) -> int:
    from studyapp.core.content.search import HIT_END, HIT_START, plain_snippet, search

    db = _open_database(args)
    try:
        with db.begin() as session:
            hits = search(session, args.query, limit=max(1, args.limit))
    finally:
        db.close()
    if args.json:
        json.dump([h.as_dict() for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not hits:
        print("No results.")
    for hit in hits:
        snippet = plain_snippet(hit.snippet).replace(HIT_START, "[").replace(HIT_END, "]")
        print(f"{hit.kind:8} {hit.id:40} {hit.title[:60]}\n         {snippet[:110]}")
    return 0


def _data(args: argparse.Namespace) -> DataDir:
    from studyapp.core.logs import setup_logging
    from studyapp.core.storage.paths import resolve_data_dir

    data = resolve_data_dir(args.data_dir)
    problem = setup_logging(data.logs)
    if problem:
        _say(problem)
    return data


def _backup(args: argparse.Namespace) -> int:
    from studyapp.core.clock import utc_now
    from studyapp.core.storage.backup import make_backup
    from studyapp.core.storage.inspect import inspect_database

    data = _data(args)
    if inspect_database(data.database).is_new:
        raise UserFacingError(f"There is no database in {data.root} yet; nothing to back up.")
    path = make_backup(data.database, data.backups, "manual", utc_now())
    print(f"Backed up to {path}.")
    return 0


def _backups(args: argparse.Namespace) -> int:
    from studyapp.core.storage.backup import backup_info, list_backups

    data = _data(args)
    paths = list_backups(data.backups)
    if not paths:
        print(f"No backups yet in {data.backups}.")
        return 0
    print(f"{'taken':19}  {'kind':24} {'size':>9} {'answers':>8} {'prompts':>8}  file")
    for info in map(backup_info, paths):
        answers = "damaged" if info.answers is None else f"{info.answers:,}"
        prompts = "" if info.prompts is None else f"{info.prompts:,}"
        print(
            f"{info.taken_at.astimezone():%Y-%m-%d %H:%M:%S}  {info.reason:24} "
            f"{_size(info.size):>9} {answers:>8} {prompts:>8}  {info.path.name}"
        )
    return 0


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024**2 else f"{size / 1024**2:.1f} MB"


def _restore(args: argparse.Namespace) -> int:
    from studyapp.core.clock import utc_now
    from studyapp.core.storage.backup import newest_good_backup, restore_backup

    data = _data(args)
    with _claim_folder(data):
        if args.backup == "latest":
            chosen = newest_good_backup(data.backups)
            if chosen is None:
                raise UserFacingError(f"There is no usable backup in {data.backups}.")
        else:
            chosen = Path(args.backup)
            if not chosen.is_file():
                raise UserFacingError(f"There is no backup file {chosen}.")
        replaced = restore_backup(data.database, data.backups, chosen, utc_now())
    print(f"Restored {chosen.name} into {data.database}.")
    if replaced is not None:
        print(f"What it replaced is kept as {replaced}.")
    return 0


def _check(args: argparse.Namespace) -> int:
    from studyapp.core.clock import utc_now
    from studyapp.core.storage.check import check_file
    from studyapp.core.storage.inspect import inspect_database

    data = _data(args)
    with _claim_folder(data):
        if inspect_database(data.database, quick_check=False).is_new:
            raise UserFacingError(f"There is no database in {data.root} yet; nothing to check.")
        report = check_file(data.database, data.backups, utc_now())
    for line in report.lines():
        print(line)
    return 0 if report.sound else 1


@contextmanager
def _importing(args: argparse.Namespace) -> Iterator[Database]:
    """The database for an import: the folder claimed, a backup made first, and a
    failed write (a full disk) explained; nothing of a failed import is kept."""
    from sqlalchemy import exc as sa_exc

    from studyapp.core.clock import utc_now
    from studyapp.core.startup import open_study_database
    from studyapp.core.storage.backup import make_backup

    data = _data(args)
    with _claim_folder(data):
        db, _ = open_study_database(data)
        try:
            make_backup(db.path, data.backups, "before-import", utc_now())
            yield db
        except sa_exc.DBAPIError as exc:
            raise UserFacingError(
                f"Nothing was imported: {describe_storage_error(exc, db.path)}"
            ) from exc
        finally:
            db.close()


def _import(args: argparse.Namespace) -> int:
    if args.file.suffix.lower() in (".apkg", ".colpkg"):
        return _import_anki(args)
    from studyapp.core.exchange.csv_import import import_rows, read_csv

    rows = read_csv(args.file)  # refuses a malformed file before the database is touched

    def progress(done: int, total: int) -> bool:
        if total >= 20_000:
            print(f"\r  {done:,} / {total:,} rows", end="", file=sys.stderr, flush=True)
        return True

    with _importing(args) as db, db.write_many() as session:
        report = import_rows(session, rows, progress)
    print(
        f"Imported {counted(report.added, 'new prompt')} from {args.file} "
        f"({report.duplicates} already present).",
        file=sys.stderr,
    )
    return 0


def _import_anki(args: argparse.Namespace) -> int:
    from studyapp.core.exchange.anki_import import import_anki_notes, read_anki_package

    notes = read_anki_package(args.file)  # refuses a bad package before the database is touched
    with _importing(args) as db, db.write_many() as session:
        report = import_anki_notes(session, notes)
    media = f"; {counted(report.media, 'media file')} left out" if report.media else ""
    print(
        f"Imported {counted(report.added, 'new prompt')} from {args.file} "
        f"({report.duplicates} already present, "
        f"{counted(report.skipped, 'note')} not usable{media}).",
        file=sys.stderr,
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from studyapp.core.clock import utc_now

    db = _open_database(args)
    try:
        with db.begin() as session:
            now = utc_now()
            if args.export_kind == "apkg":
                from studyapp.core.exchange.anki_export import export_apkg, select_prompts

                ids = select_prompts(session, area=args.area)
                report = export_apkg(
                    session, ids, args.file, now, with_scheduling=args.with_scheduling
                )
                what = f"{counted(report.notes, 'note')} in {counted(report.decks, 'deck')}"
                if report.with_scheduling:
                    what += f" with {counted(report.reviews, 'review')} of history"
                print(f"Exported {what} to {args.file}.", file=sys.stderr)
                return 0
            from studyapp.core.exchange.printable import build_printable

            printable = build_printable(
                session,
                now,
                "mains" if args.export_kind == "paper" and args.mains else args.export_kind,
                area=args.area,
                bookmarked=getattr(args, "bookmarked", False),
                count=getattr(args, "prompts", 25),
            )
    finally:
        db.close()
    # Qt lays the pages out; no window is needed, so no display either.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from studyapp.gui.printing import write_pdf

    _app = QApplication.instance() or QApplication([])
    pages = write_pdf(printable, args.file)
    print(f"Wrote {counted(pages, 'page')} to {args.file}.", file=sys.stderr)
    return 0


_COMMANDS = {
    "gui": _gui,
    "validate": _validate,
    "content": _content,
    "stats": _stats,
    "due": _due,
    "screenshots": _screenshots,
    "search": _search,
    "import": _import,
    "backup": _backup,
    "backups": _backups,
    "restore": _restore,
    "check": _check,
    "export": _export,
}
