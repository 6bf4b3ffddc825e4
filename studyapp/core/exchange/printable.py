"""Printable revision notes and question papers, as HTML documents ready to be laid out
on pages (the GUI layer prints them to PDF with page numbers and a contents page).

The HTML keeps to the rich-text subset Qt's text engine lays out: tables, lists,
headings, `page-break-before`, inline styles.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from markdown_it import MarkdownIt
from sqlalchemy.orm import Session

from studyapp.core.bank.areas import named_area
from studyapp.core.content.prompt_body import (
    AssertionBody,
    MainsBody,
    MatchCodesBody,
    MatchPairsBody,
    StatementsBody,
)
from studyapp.core.content.prompts import LETTERS, PromptView, load_prompts
from studyapp.core.content.reference import TreeNode, bookmarked_keys, load_section, section_tree
from studyapp.core.errors import UserFacingError
from studyapp.core.quiz.marking import MARK_RIGHT, format_marks
from studyapp.core.quiz.mocks import SECONDS_PER_PROMPT
from studyapp.core.quiz.selection import PAPER_MIX, PRELIMS_TYPES, Criteria, pick_prompts
from studyapp.core.wording import matched_lists

_MARKDOWN = MarkdownIt("commonmark").enable("table")
# In-app links ([text](section:…)) mean nothing on paper: keep their text only.
_IN_APP_LINK = re.compile(r"<a href=\"(?:section|prompt):[^\"]*\">(.*?)</a>", re.S)
_BODY_HEADING = re.compile(r"<(/?)h([1-6])>")
_BREAK = "<div style='page-break-before: always'></div>"
_MUTED = "color:#555555"


@dataclass(frozen=True)
class Heading:
    level: int  # 1 = a part, 2 = a section under it
    anchor: str
    text: str


@dataclass(frozen=True)
class Printable:
    """A document to print: its title, the body, and the headings for a contents page."""

    title: str
    subtitle: str
    body: str
    headings: list[Heading] = field(default_factory=list)


def _esc(text: object) -> str:
    return html.escape(str(text))


def _markdown(text: str) -> str:
    rendered = _IN_APP_LINK.sub(r"\1", _MARKDOWN.render(text))
    # A section's own headings sit below the section title (h1/h2 in the notes).
    return _BODY_HEADING.sub(lambda m: f"<{m[1]}h{3 if int(m[2]) <= 2 else 4}>", rendered)


# --- revision notes --------------------------------------------------------------------


def _subtree(tree: dict[str, TreeNode], key: str) -> list[tuple[str, int]]:
    """The section `key` and everything under it in reading order, with depths."""
    out: list[tuple[str, int]] = []

    def walk(k: str, depth: int) -> None:
        node = tree[k]
        if k:
            out.append((k, depth))
        for child in node.children:
            walk(child, depth + 1)

    walk(key, 0 if key == "" else 1)
    return out


def revision_notes(
    session: Session,
    now: datetime,
    *,
    area: str | None = None,
    bookmarked: bool = False,
) -> Printable:
    """The reference as notes to print: the whole pack, one area, or the bookmarked
    sections; each section with its key figures, "sources disagree" boxes, its sources
    and the student's own note."""
    tree = section_tree(session)
    if bookmarked:
        keys = [(k, 1) for k in bookmarked_keys(session) if k in tree]
        if not keys:
            raise UserFacingError("No section is bookmarked yet; bookmark some to print them.")
        title, subtitle = "Revision notes", "Bookmarked sections"
    elif area is not None:
        row = named_area(session, area)
        if not row.section_key or row.section_key not in tree:
            raise UserFacingError(f"The area {row.title!r} has no reference sections to print.")
        keys = _subtree(tree, row.section_key)
        title, subtitle = "Revision notes", row.title
    else:
        keys = _subtree(tree, "")
        title, subtitle = "Revision notes", "India–Japan relations: the whole study pack"
    parts: list[str] = []
    headings: list[Heading] = []
    for key, depth in keys:
        view = load_section(session, key, now)
        level = 1 if depth <= 1 else 2
        anchor = "s-" + re.sub(r"[^a-z0-9]+", "-", key.lower())
        headings.append(Heading(level, anchor, view.title))
        if level == 1 and parts:
            parts.append(_BREAK)
        tag = "h1" if level == 1 else "h2"
        parts.append(f"<{tag}><a name='{anchor}'>{_esc(view.title)}</a></{tag}>")
        if view.date_label or view.date:
            parts.append(f"<p style='{_MUTED}'><b>{_esc(view.date_label or view.date)}</b></p>")
        if view.summary:
            parts.append(f"<p><i>{_esc(view.summary)}</i></p>")
        if view.key_figures:
            rows = "".join(
                f"<tr><td>{_esc(f['label'])}</td><td><b>{_esc(f['value'])}</b></td>"
                f"<td style='{_MUTED}'>{_esc(view.source_titles.get(f['source'], f['source']))}"
                "</td></tr>"
                for f in view.key_figures
            )
            parts.append(
                "<table width='100%' border='1' cellspacing='0' cellpadding='4' "
                "style='border-color:#999999; border-style:solid'>"
                f"<tr><th colspan='3' align='left'>Key figures</th></tr>{rows}</table>"
            )
        parts.append(_markdown(view.body))
        for d in view.disagreements:
            views = "".join(
                f"<li><b>{_esc(view.source_titles.get(v['source'], v['source']))}:</b> "
                f"{_esc(v['says'])}</li>"
                for v in d["views"]
            )
            parts.append(
                "<table width='100%' border='1' cellspacing='0' cellpadding='6' "
                "style='border-color:#b07d00; border-style:solid; background-color:#fff6dc'>"
                f"<tr><td><b>Sources disagree — {_esc(d['topic'])}</b><ul>{views}</ul>"
                "</td></tr></table>"
            )
        if view.sources:
            cited = "; ".join(f"<i>{_esc(t)}</i> ({_esc(p)})" for _, t, p in view.sources)
            parts.append(f"<p style='{_MUTED}; font-size:small'>Sources: {cited}</p>")
        if view.note.strip():
            parts.append(
                "<table width='100%' border='1' cellspacing='0' cellpadding='6' "
                "style='border-color:#2f6fb0; border-style:dashed'>"
                f"<tr><td><b>My note</b><br>{_esc(view.note).replace(chr(10), '<br>')}"
                "</td></tr></table>"
            )
    return Printable(title, subtitle, "".join(parts), headings)


# --- question papers ----------------------------------------------------------------------


def _prompt_block(number: int, prompt: PromptView) -> str:
    out = [f"<p><b>{number}.</b> {_esc(prompt.stem)}</p>"]
    match prompt.body:
        case StatementsBody(statements=statements):
            items = "".join(
                f"<tr><td valign='top'>{n}.</td><td>{_esc(s.text)}</td></tr>"
                for n, s in enumerate(statements, start=1)
            )
            out.append(f"<table cellpadding='2' style='margin-left:18px'>{items}</table>")
        case MatchCodesBody(list_1=list_1, list_2=list_2):
            rows = "".join(
                f"<tr><td>{_esc(a)}</td><td>{_esc(b)}</td></tr>"
                for a, b in matched_lists(list_1, list_2)
            )
            out.append(
                "<table border='1' cellspacing='0' cellpadding='4' style='margin-left:18px'>"
                f"<tr><th>List-I</th><th>List-II</th></tr>{rows}</table>"
            )
        case MatchPairsBody(pairs=pairs, header=header):
            left_head, right_head = header or ("", "")
            rows = "".join(
                f"<tr><td>{n}.</td><td>{_esc(p.left)}</td><td>{_esc(p.right)}</td></tr>"
                for n, p in enumerate(pairs, start=1)
            )
            out.append(
                "<table border='1' cellspacing='0' cellpadding='4' style='margin-left:18px'>"
                f"<tr><th></th><th>{_esc(left_head)}</th><th>{_esc(right_head)}</th></tr>"
                f"{rows}</table>"
            )
        case AssertionBody(statement_1=one, statement_2=two):
            out.append(
                f"<p style='margin-left:18px'><b>Statement-I:</b> {_esc(one)}</p>"
                f"<p style='margin-left:18px'><b>Statement-II:</b> {_esc(two)}</p>"
            )
    if prompt.question_line:
        out.append(f"<p style='margin-left:18px'>{_esc(prompt.question_line)}</p>")
    options = "".join(
        f"<tr><td>({LETTERS[i]})</td><td>{_esc(o)}</td></tr>" for i, o in enumerate(prompt.options)
    )
    out.append(f"<table cellpadding='2' style='margin-left:18px'>{options}</table>")
    return "".join(out)


def question_paper(
    session: Session, question_ids: Sequence[int], *, title: str = "Practice paper"
) -> Printable:
    """A prelims-style paper: instructions, the numbered prompts with options (a)–(d),
    an answer sheet to fill in by hand, then the key and the explanations."""
    loaded = load_prompts(session, question_ids)
    prompts = [p for p in loaded if p.type not in ("mains", "basic") and p.answer_index is not None]
    if not prompts:
        raise UserFacingError("No objective prompts match these choices; nothing to print.")
    n = len(prompts)
    minutes = round(n * SECONDS_PER_PROMPT / 60)
    parts = [
        f"<p><b>Time allowed:</b> {minutes} minutes &nbsp;&nbsp; "
        f"<b>Maximum marks:</b> {format_marks(MARK_RIGHT * n)}</p>",
        "<p style='font-size:small'>Each question carries 2 marks. One third of the marks "
        "of a question (0.67) is deducted for a wrong answer; a question left blank "
        "carries no penalty. Mark one answer per question on the answer sheet.</p><hr>",
    ]
    parts += [_prompt_block(i, p) for i, p in enumerate(prompts, start=1)]
    # A paper opens on its questions, as in the examination hall: no contents page.
    sheet = "".join(
        f"<tr><td align='right'><b>{i}</b></td>"
        + "".join(f"<td align='center'>○ {letter}</td>" for letter in LETTERS)
        + "</tr>"
        for i in range(1, n + 1)
    )
    parts.append(
        f"{_BREAK}<h1><a name='answer-sheet'>Answer sheet</a></h1>"
        "<p style='font-size:small'>Fill in one circle per question.</p>"
        f"<table cellpadding='3'>{sheet}</table>"
    )
    key_rows = "".join(
        f"<tr><td align='right'>{i}</td><td><b>({LETTERS[p.answer_index or 0]})</b></td></tr>"
        for i, p in enumerate(prompts, start=1)
    )
    explanations = "".join(
        f"<p><b>{i}. ({LETTERS[p.answer_index or 0]})</b> {_esc(p.explanation)}"
        + (
            f"<br><span style='{_MUTED}'>Sources: {_esc('; '.join(p.sources))}</span>"
            if p.sources
            else ""
        )
        + "</p>"
        for i, p in enumerate(prompts, start=1)
    )
    parts.append(
        f"{_BREAK}<h1><a name='key'>Answer key</a></h1>"
        f"<table border='1' cellspacing='0' cellpadding='3'>{key_rows}</table>"
        f"<h2>Explanations</h2>{explanations}"
    )
    body = "<h1><a name='questions'>Questions</a></h1>" + "".join(parts)
    return Printable(title, f"{n} questions · prelims pattern", body)


# Lines of space a handwritten answer needs: about ten words a line.
_LINES_FOR = {150: 18, 250: 28}


def mains_paper(
    session: Session, question_ids: Sequence[int], *, title: str = "Mains paper"
) -> Printable:
    """A mains paper: each prompt with its directive, word limit and marks, space to
    write, and the key points to check the answer against at the end."""
    prompts = [
        (p, p.body) for p in load_prompts(session, question_ids) if isinstance(p.body, MainsBody)
    ]
    if not prompts:
        raise UserFacingError("No mains prompts match these choices; nothing to print.")
    parts: list[str] = []
    for i, (p, mains) in enumerate(prompts, start=1):
        limit = mains.word_limit
        lines = "".join(
            "<tr><td style='border-bottom:1px solid #bbbbbb'>&nbsp;</td></tr>"
            for _ in range(_LINES_FOR.get(limit, 18))
        )
        parts.append(
            (_BREAK if i > 1 else "") + f"<p><b>{i}.</b> {_esc(p.stem)}</p>"
            f"<p style='{_MUTED}'>{_esc(mains.directive)} · answer in about "
            f"{limit} words · {mains.marks} marks</p>"
            f"<table width='100%' cellpadding='4'>{lines}</table>"
        )
    points = "".join(
        f"<p><b>{i}.</b></p><ul>"
        + "".join(f"<li>{_esc(k)}</li>" for k in mains.key_points)
        + "</ul>"
        for i, (_, mains) in enumerate(prompts, start=1)
    )
    parts.append(f"{_BREAK}<h1><a name='key-points'>Key points to check</a></h1>{points}")
    return Printable(title, f"{len(prompts)} questions · answer writing", "".join(parts))


def build_printable(
    session: Session,
    now: datetime,
    kind: str,
    *,
    area: str | None = None,
    bookmarked: bool = False,
    count: int = 25,
) -> Printable:
    """Revision notes ("notes"), or a prelims ("paper") or mains ("mains") paper of
    `count` prompts drawn as a mock test draws them."""
    if kind == "notes":
        return revision_notes(session, now, area=area, bookmarked=bookmarked)
    areas = (named_area(session, area).id,) if area else ()
    if kind == "mains":
        ids = pick_prompts(session, Criteria(areas=areas, types=("mains",)), count, now)
        return mains_paper(session, ids)
    if kind != "paper":
        raise ValueError(f"unknown printable {kind!r}")
    criteria = Criteria(areas=areas, types=PRELIMS_TYPES)
    return question_paper(session, pick_prompts(session, criteria, count, now, mix=PAPER_MIX))
