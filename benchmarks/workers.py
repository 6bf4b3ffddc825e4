"""Measurements that must run in a process of their own (cold start, peak memory).

`python -m benchmarks.workers COMMAND ARGS…` prints one JSON object on its last line.
"""

from __future__ import annotations

import functools
import importlib
import json
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

T_START = time.perf_counter()

SEARCHES = ("semiconductor", "shinkansen", "okayama", "tariff subsidy", "semiconductor shinkansen")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _data(folder: str) -> Any:
    from studyapp.core.storage.paths import resolve_data_dir

    return resolve_data_dir(folder)


def warmed_up(window: Any, app: Any) -> tuple[float, float]:
    """Build the window's other screens as the app does once it is up (the libraries
    on a worker thread, then one screen per turn of the event loop,
    `MainWindow.warm_up`): the seconds that took, and the longest the window could
    not handle an event meanwhile (ms; a timer due every 5 ms measures the gaps)."""
    from PySide6.QtCore import QTimer

    gaps, last = [0.0], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    t = time.perf_counter()
    window.warm_up()
    while not all(window.screens.built(key) for key in window.screens):
        app.processEvents()
    seconds = time.perf_counter() - t
    timer.stop()
    return seconds, max(gaps) * 1000


def import_and_search(folder: str, csv_path: str) -> dict[str, Any]:
    """Fresh database + the app's own CSV import (one write unit, as File › Import
    runs it), then the five searches."""
    from studyapp.core.content.search import matching_question_ids
    from studyapp.core.exchange.csv_import import import_rows, read_csv
    from studyapp.core.settings import update_settings
    from studyapp.core.startup import open_study_database

    # The peer's clock starts with its modules loaded; so does this one. Opening a
    # new database loads a few of Setu's on first use (the study pack's loader, its
    # validation models, the schema script: about 0.15 s), which a running Setu has
    # loaded long before the student imports anything.
    importlib.import_module("studyapp.core.content.loader")
    importlib.import_module("studyapp.core.content.sync")
    importlib.import_module("studyapp.core.storage.schema")
    t0 = time.perf_counter()
    db, _ = open_study_database(_data(folder))
    t1 = time.perf_counter()
    with db.write_many() as session:
        rows = read_csv(Path(csv_path))
        t2 = time.perf_counter()
        import_rows(session, rows)
        t3 = time.perf_counter()
    t4 = time.perf_counter()
    del rows  # as before: the searches below run without the parsed rows held
    import_s = t4 - t0
    # Where the time went, as the peer reports its own (create, metadata, import).
    parts = {"create_s": t1 - t0, "read_csv_s": t2 - t1, "rows_s": t3 - t2, "commit_s": t4 - t3}
    with db.write() as session:
        # The workload's limits: 9 999 new prompts a day (due counts are never capped).
        update_settings(session, new_per_day=9999)
    searches = {}
    with db.begin() as session:
        for query in SEARCHES:
            times, hits = [], 0
            for _ in range(5):
                t = time.perf_counter()
                hits = len(matching_question_ids(session, query, origin="imported"))
                times.append((time.perf_counter() - t) * 1000)
            searches[query] = {
                "find_notes_ms": round(statistics.median(times), 3),
                "note_hits": hits,
            }
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {
        "import_s": round(import_s, 3),
        "breakdown_s": {k: round(v, 3) for k, v in parts.items()},
        "search_ms": searches,
        "rss_mb": peak_rss_mb(),
    }


def open_and_count(folder: str) -> dict[str, Any]:
    """Open the database the way the app does and count what is due today: the path
    of `studyapp due` (start-up without the ORM)."""
    from studyapp.core.clock import utc_now
    from studyapp.core.srs.queue import count_queue
    from studyapp.core.startup import open_study_database

    t0 = time.perf_counter()
    db, _ = open_study_database(_data(folder))
    with db.read() as connection:
        counts = count_queue(connection, utc_now())
    open_s = time.perf_counter() - t0
    db.close()
    return {
        "open_s": round(open_s, 4),
        "since_interpreter_s": round(time.perf_counter() - T_START, 4),
        "due": counts.review + counts.learning,
        "new": counts.new,
    }


def stats(folder: str) -> dict[str, Any]:
    from studyapp.core.clock import utc_now
    from studyapp.core.startup import open_study_database
    from studyapp.core.stats.daily import reviews_per_day

    db, _ = open_study_database(_data(folder))
    times, days = [], 0
    with db.begin() as session:
        for _ in range(5):
            t = time.perf_counter()
            days = len(reviews_per_day(session, utc_now(), days=365))
            times.append((time.perf_counter() - t) * 1000)
    db.close()
    return {"sql_reviews_per_day_ms": round(statistics.median(times), 3), "days_with_reviews": days}


def progress(folder: str) -> dict[str, Any]:
    """Everything the Progress screen shows (`progress_snapshot`), each time in a read
    transaction of its own as the screen does it; then the same narrowed to the area
    with the most prompts."""
    from studyapp.core.clock import utc_now
    from studyapp.core.startup import open_study_database
    from studyapp.core.stats.progress import progress_snapshot

    db, _ = open_study_database(_data(folder))

    def median_ms(area: str | None) -> tuple[float, Any]:
        times, snapshot = [], None
        for _ in range(5):
            t = time.perf_counter()
            with db.begin() as session:
                snapshot = progress_snapshot(session, utc_now(), area=area)
            times.append((time.perf_counter() - t) * 1000)
        return round(statistics.median(times), 3), snapshot

    all_ms, snapshot = median_ms(None)
    biggest = max(snapshot.mastery, key=lambda m: m.prompts).area if snapshot.mastery else None
    area_ms, _ = median_ms(biggest)
    db.close()
    return {
        "progress_snapshot_ms": all_ms,
        "progress_snapshot_area_ms": area_ms,
        "area": biggest,
        "areas": len(snapshot.mastery),
        "seen": sum(m.seen for m in snapshot.mastery),
        "streak_days": snapshot.activity.streak,
        "due_next_30_days": sum(d.due for d in snapshot.forecast),
    }


def review(folder: str, count: str) -> dict[str, Any]:
    """A study session as the review screen runs it, `count` times: fetch the next
    due prompt, compute its four outcomes (what the rating buttons show), answer it
    Good with them, and commit: each answer its own write unit (BEGIN IMMEDIATE, on
    the DB-API connection the review screen answers on, `Database.write_direct`),
    with the app's connection settings (synchronous=FULL: one fsync per answer). As
    on the review screen, the next prompt is found while the answer's commit is
    synced (`next_after_answer`, read alongside the commit); an answer's time ends
    when both are done, and then the prompt after it and its outcomes are known."""
    from studyapp.core.clock import utc_now
    from studyapp.core.settings import read_settings
    from studyapp.core.srs.queue import AnsweredCard, next_after_answer
    from studyapp.core.srs.scheduler import (
        Outcomes,
        Rating,
        answer,
        next_due_question,
        next_outcomes,
    )
    from studyapp.core.startup import open_study_database
    from studyapp.core.storage.alongside import ReadMeanwhile

    def following(answered: AnsweredCard, reader: sqlite3.Connection) -> Outcomes | None:
        now = utc_now()
        settings = read_settings(reader)
        qid = next_after_answer(reader, answered, now, settings=settings)
        return None if qid is None else next_outcomes(reader, qid, now, settings)

    db, _ = open_study_database(_data(folder))
    times = []
    answered = 0
    durability: dict[str, Any] = {}
    upcoming: Outcomes | None = None
    for _ in range(int(count)):
        t = time.perf_counter()
        meanwhile: ReadMeanwhile[Outcomes] = ReadMeanwhile()
        with db.write_direct(meanwhile) as connection:
            now = utc_now()
            outcomes = upcoming
            if outcomes is None:  # the first prompt, or one not found alongside
                settings = read_settings(connection)
                qid = next_due_question(connection, now, settings=settings)
                if qid is None:
                    break
                outcomes = next_outcomes(connection, qid, now, settings)
            result = answer(
                connection,
                outcomes.question_id,
                Rating.GOOD,
                now,
                correct=True,
                duration_ms=8000,
                outcomes=outcomes,
            )
            meanwhile.read = functools.partial(following, result.card)
        upcoming = meanwhile.result
        times.append((time.perf_counter() - t) * 1000)
        answered += 1
        if not durability:
            with db.write_direct() as connection:  # the same connection, after the timing
                sync = connection.execute("PRAGMA synchronous").fetchone()[0]
                journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
            names = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
            durability = {"synchronous": names.get(sync, str(sync)), "journal_mode": journal}
    db.close()
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(times), 4),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 4),
        "first_card_ms": round(times[0], 4),
        "answered": answered,
        "session_rss_mb": peak_rss_mb(),
        "durability": durability,
    }


def apply_history(folder: str, bench_dir: str) -> dict[str, Any]:
    sys.path.insert(0, bench_dir)
    from benchmarks.history import apply_synthetic_history

    return apply_synthetic_history(_data(folder))


def gui(folder: str) -> dict[str, Any]:
    """Cold start to the main window shown with Home's figures (Home reads them as it
    is built), the warm-up that then builds the other screens, and switching to every
    screen (its first visit: figures read as it is shown)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from studyapp.gui.app import application, open_main_window
    from studyapp.gui.main_window import SCREENS

    app = application()
    window = open_main_window(_data(folder))
    window.show()
    app.processEvents()
    shown = time.perf_counter() - T_START
    shown_at = time.time()  # the harness measures from the moment it started this process
    warm_up_s, longest_stall_ms = warmed_up(window, app)
    switches = {}
    for info in (*SCREENS[1:], SCREENS[0]):
        t = time.perf_counter()
        window.show_screen(info.key)
        app.processEvents()
        switches[info.key] = round((time.perf_counter() - t) * 1000, 2)
    window.close()
    window.ctx.db.close()
    return {
        "window_shown_since_interpreter_s": round(shown, 3),
        "window_shown_at": shown_at,
        "warm_up_s": round(warm_up_s, 3),
        "warm_up_longest_stall_ms": round(longest_stall_ms, 1),
        "switch_ms": switches,
    }


def bank(folder: str) -> dict[str, Any]:
    """The Question bank on the whole collection: opening the screen (ids in order,
    the first screenful of rows, painted), a filter or search change, going back to
    the whole bank, a sort (by the prompt's text: `sort_by_text_ms`), and scrolling
    page by page (one block of rows read per query; mean, median and slowest page).
    Medians of five."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt

    from studyapp.core.bank.query import BankFilter, bank_ids
    from studyapp.core.clock import utc_now
    from studyapp.gui.app import application, open_main_window
    from studyapp.gui.bank.bank_screen import BankScreen

    app = application()
    window = open_main_window(_data(folder))
    window.resize(1440, 900)
    window.show()
    app.processEvents()

    def median_ms(action: Any, undo: Any = None, repeat: int = 5) -> float:
        """The change and the repaint it causes; `undo` runs untimed before each."""
        times = []
        for _ in range(repeat):
            if undo is not None:
                undo()
                app.processEvents()
            t = time.perf_counter()
            action()
            app.processEvents()
            times.append((time.perf_counter() - t) * 1000)
        return round(statistics.median(times), 2)

    t = time.perf_counter()
    window.show_screen("bank")  # the first switch builds the table: ids, first rows, paint
    app.processEvents()
    open_ms = round((time.perf_counter() - t) * 1000, 2)
    screen = window.screens["bank"]
    assert isinstance(screen, BankScreen)
    rows = screen.model.rowCount()
    reopen_ms = median_ms(screen.refresh)

    def choose(combo: Any, value: Any) -> Any:
        return lambda: combo.setCurrentIndex(combo.findData(value))

    def whole_bank() -> None:
        for combo in screen.filter_combos():
            combo.setCurrentIndex(0)
        screen.search.clear()

    # Each change starts from the whole bank (every filter reset, untimed).
    filter_ms = {
        name: median_ms(choose(combo, value), whole_bank)
        for name, combo, value in (
            ("area", screen.area, screen.area.itemData(1)),
            ("type_mcq", screen.type, "mcq"),
            ("state_due", screen.state, "due"),
            ("state_leech", screen.state, "leech"),
            ("origin_imported", screen.origin, "imported"),
        )
    }
    for query in ("semiconductor", "sem", "tariff subsidy"):
        filter_ms[f"search_{query.replace(' ', '_')}"] = median_ms(
            lambda q=query: screen.search.setText(q), whole_bank
        )
    # … and back to the whole bank from a narrow filter.
    filter_ms["back_to_all"] = median_ms(whole_bank, choose(screen.type, "mcq"))
    whole_bank()
    # A sort from the order prompts arrived in, as after a change elsewhere (so no
    # list read before is reused): the header's click, the ids in order, the repaint.
    head = screen.table.horizontalHeader()

    def unsorted_and_changed() -> None:
        head.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        screen.refresh()

    sort_ms = {}
    for column, order in (
        ("prompt", Qt.SortOrder.AscendingOrder),
        ("prompt", Qt.SortOrder.DescendingOrder),
        ("due", Qt.SortOrder.AscendingOrder),
        ("recall", Qt.SortOrder.AscendingOrder),
        ("area", Qt.SortOrder.AscendingOrder),
        ("state", Qt.SortOrder.AscendingOrder),
    ):
        index = screen.model.columns.index(column)
        name = column if order == Qt.SortOrder.AscendingOrder else f"{column}_descending"
        sort_ms[name] = median_ms(
            lambda i=index, o=order: screen.table.sortByColumn(i, o), unsorted_and_changed
        )
    unsorted_and_changed()
    app.processEvents()
    # Paging down through the first 50 screenfuls: each page is the rows read (a block
    # query when a page reaches rows not read yet) and painted.
    scroll = screen.table.verticalScrollBar()
    before = screen.model.queries
    steps = 50
    pages = []
    for _ in range(steps):
        t = time.perf_counter()
        scroll.setValue(scroll.value() + scroll.pageStep())
        app.processEvents()
        pages.append((time.perf_counter() - t) * 1000)
    queries = screen.model.queries - before
    with window.ctx.read() as session:
        t = time.perf_counter()
        bank_ids(session, BankFilter(), utc_now())
        core_ids_ms = round((time.perf_counter() - t) * 1000, 2)
    window.close()
    window.ctx.db.close()
    return {
        "rows": rows,
        "open_ms": open_ms,
        "refresh_ms": reopen_ms,
        "core_ids_ms": core_ids_ms,
        "filter_ms": filter_ms,
        "sort_ms": sort_ms,
        "sort_by_text_ms": sort_ms["prompt"],
        "scroll_page_ms": round(statistics.mean(pages), 2),
        "scroll_page_median_ms": round(statistics.median(pages), 2),
        "scroll_page_max_ms": round(max(pages), 2),
        "scroll_queries_per_page": round(queries / steps, 2),
    }


READING_MS = 200  # a quick student's look at a prompt, in the paced answers


def gui_answers(folder: str, count: str, paced: str = "0") -> dict[str, Any]:
    """What a student feels while reviewing: the real main window (offscreen), driven
    with the keyboard only. Ctrl+3 opens Review; then, `count` times, Space reveals
    the answer and 3 (Good) rates it, one key straight after the other; then `paced`
    times more at a student's pace, READING_MS of reading (the event loop running)
    before each answer, in which the work Setu leaves for that moment can run.

    Each latency runs from just before the key event is sent to the focused widget to
    the return of `processEvents()` after it, by which time the window has repainted:
    the next prompt's stem is on screen (the review page received its Paint event,
    which is checked). The first-prompt figure is Ctrl+3 from Home to the first prompt
    painted, once the window has built its screens (`MainWindow.warm_up`)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from studyapp.gui.app import application, open_main_window
    from studyapp.gui.review.review_screen import ReviewScreen

    app = application()
    window = open_main_window(_data(folder))
    window.resize(1280, 820)
    window.show()
    app.processEvents()
    warmed_up(window, app)
    review = window.screens["review"]
    assert isinstance(review, ReviewScreen)

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and (
                watched is review or (isinstance(watched, QWidget) and review.isAncestorOf(watched))
            ):
                self.paints += 1
            return super().eventFilter(watched, event)

    counter = PaintCounter()
    app.installEventFilter(counter)

    def press(
        key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> float:
        target = QApplication.focusWidget() or window
        painted = counter.paints
        t = time.perf_counter()
        QTest.keyClick(target, key, modifiers)
        app.processEvents()
        elapsed = (time.perf_counter() - t) * 1000
        if counter.paints == painted:
            raise RuntimeError("the review page was not repainted after a key press")
        return elapsed

    first = press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    if window.current_screen() != "review":
        raise RuntimeError("Ctrl+3 did not open Review")
    focus = QApplication.focusWidget()
    keys_work = focus is review or (focus is not None and review.isAncestorOf(focus))
    if not keys_work:  # as a student would then do: click in the page
        QTest.mouseClick(review, Qt.MouseButton.LeftButton)
        app.processEvents()
    reveal: list[float] = []

    def answered(rate: list[float]) -> bool:
        view = review.view
        if view is None:
            return False
        if not review.prompt.locked:
            reveal.append(press(Qt.Key.Key_Space))
        rate.append(press(Qt.Key.Key_3))
        if review.view is not None and review.view.id == view.id and review.prompt.locked:
            raise RuntimeError("the rating key did not move on to the next prompt")
        return True

    rate: list[float] = []
    while len(rate) < int(count) and answered(rate):
        pass
    paced_rate: list[float] = []
    while len(paced_rate) < int(paced):
        QTest.qWait(READING_MS)
        if not answered(paced_rate):
            break
    app.removeEventFilter(counter)
    window.close()
    window.ctx.db.close()

    def summary(times: list[float]) -> dict[str, float]:
        ordered = sorted(times)
        return {
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
            "max_ms": round(ordered[-1], 2),
        }

    return {
        "first_prompt_ms": round(first, 2),
        "rate_to_next_prompt": summary(rate),
        "paced_rate_to_next_prompt": summary(paced_rate) if paced_rate else {},
        "reveal": summary(reveal) if reveal else {},
        "answered": len(rate) + len(paced_rate),
        "keys_work_after_ctrl3": keys_work,
    }


COMMANDS: dict[str, Callable[..., dict[str, Any]]] = {
    "import": import_and_search,
    "open": open_and_count,
    "stats": stats,
    "progress": progress,
    "review": review,
    "history": apply_history,
    "gui": gui,
    "bank": bank,
    "gui_answers": gui_answers,
}

if __name__ == "__main__":
    result = COMMANDS[sys.argv[1]](*sys.argv[2:])
    print(json.dumps(result), flush=True)
    if sys.argv[1] in ("gui", "bank", "gui_answers"):
        # PySide6 6.12.0 drops a reference to None on every Qt call that returns
        # nothing (`setText`, `repaint`, …; 6.11.3 does not). On Python 3.11, where
        # None is not immortal, a long drive of the window brings its count to zero and
        # the interpreter aborts while finalising. The figures are out, so leave now.
        import os

        os._exit(0)
