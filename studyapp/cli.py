"""The `studyapp` command: the GUI by default, subcommands for headless work."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from studyapp import APP_NAME, __version__


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
        "paths", nargs="*", type=Path, metavar="PATH",
        help="files or folders to check (default: all bundled content)",
    )

    content = sub.add_parser("content", help="print every reference section and prompt")
    content.add_argument("--json", action="store_true", required=True, help="as JSON")

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    handler = _COMMANDS[command]
    from studyapp.core.errors import UserFacingError

    try:
        return handler(args)
    except UserFacingError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return 2


def _gui(args: argparse.Namespace) -> int:
    from studyapp.gui.app import run

    return run(args.data_dir)


def _validate(args: argparse.Namespace) -> int:
    from studyapp.core.content.loader import expand_paths, load_content
    from studyapp.core.paths import bundled_content

    dirs = bundled_content()
    extra = expand_paths(args.paths)
    bundle = load_content(dirs, extra)
    problems = bundle.problems
    if args.paths:
        # Report only what is wrong in the files asked about.
        from studyapp.core.content.loader import _display

        asked = {_display(p, dirs.resources.parent) for p in extra}
        problems = [p for p in problems if p.file in asked]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(
        f"Content is valid: {len(bundle.sections)} sections, {len(bundle.prompts)} prompts, "
        f"{len(bundle.sources)} sources.",
        file=sys.stderr,
    )
    return 0


def _content(args: argparse.Namespace) -> int:
    from studyapp.core.content.export import content_as_dict
    from studyapp.core.content.loader import load_content
    from studyapp.core.errors import ContentError
    from studyapp.core.paths import bundled_content

    bundle = load_content(bundled_content())
    if bundle.problems:
        raise ContentError(bundle.problems)
    json.dump(content_as_dict(bundle), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


_COMMANDS = {
    "gui": _gui,
    "validate": _validate,
    "content": _content,
}
