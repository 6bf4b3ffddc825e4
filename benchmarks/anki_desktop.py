"""Anki desktop's cold start on the same collection, for the GUI figure beside Setu's.

    python -m benchmarks.anki_desktop --anki ANKI_VENV/bin/anki \\
        --collection history.anki2 [--runs 5] [--work DIR]

Needs Anki desktop installed in a virtual environment of its own (`pip install
aqt[qt6] anki`, the same release as the peer's library) and a display (Xvfb will do).
It sets up a profile folder whose collection is a copy of `--collection` (the peer's
100 000-card history state: `anki_peer.py --child history_build …`), with a small
add-on that notes the moment the deck list has been rendered with its counts (Anki's
`deck_browser_did_render` hook, its Home) and then ends the process. The figure is
the median, over `--runs` fresh processes on a warm file cache, of process start to
that moment: what `gui.cold_start_s` measures for Setu.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROFILE = "User 1"

# Run inside Anki's interpreter: the profile folder, without the first-run dialogs.
SETUP = """
import sys
import anki.lang
anki.lang.set_lang("en_US")
from aqt.profiles import ProfileManager
pm = ProfileManager(ProfileManager.get_created_base_folder(sys.argv[1]))
pm.setupMeta()
pm.create(sys.argv[2])
pm.meta["firstRun"] = False
pm.meta["defaultLang"] = "en_US"  # else the language is asked for first
pm.load(sys.argv[2])
pm.save()
print(pm.profileFolder())
"""

ADDON = """
import json, os, time
from aqt import gui_hooks
from aqt.qt import QTimer

def _rendered(*_args):
    with open(os.environ["SETU_BENCH_OUT"], "w") as out:
        json.dump({"deck_browser_rendered_at": time.time()}, out)
    QTimer.singleShot(0, lambda: os._exit(0))

gui_hooks.deck_browser_did_render.append(_rendered)
"""


def prepare(anki: Path, collection: Path, base: Path) -> None:
    python = anki.with_name("python")
    folder = subprocess.run(
        [str(python), "-c", SETUP, str(base), PROFILE],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    shutil.copy2(collection, Path(folder) / "collection.anki2")
    addon = base / "addons21" / "setu_bench"
    addon.mkdir(parents=True, exist_ok=True)
    (addon / "__init__.py").write_text(ADDON, encoding="utf-8")


def cold_start(anki: Path, base: Path, out: Path) -> float:
    out.unlink(missing_ok=True)
    env = dict(os.environ, SETU_BENCH_OUT=str(out), QTWEBENGINE_DISABLE_SANDBOX="1")
    started = time.time()
    subprocess.run(
        [str(anki), "-b", str(base), "-p", PROFILE],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    if not out.exists():
        raise RuntimeError("Anki ended without rendering its deck list")
    rendered: float = json.loads(out.read_text())["deck_browser_rendered_at"]
    return rendered - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anki", type=Path, required=True, help="Anki desktop's launcher")
    parser.add_argument("--collection", type=Path, required=True, help="an .anki2 collection")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="where to keep the profile folder")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="anki-desktop-"))
    base = work / "base"
    shutil.rmtree(base, ignore_errors=True)
    prepare(args.anki, args.collection, base)
    cold_start(args.anki, base, work / "first.json")  # warms the file cache
    runs = [round(cold_start(args.anki, base, work / "run.json"), 3) for _ in range(args.runs)]
    print(json.dumps({"cold_start_s": statistics.median(runs), "cold_start_s_all": runs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
