"""A section as HTML for the reading pane (QTextBrowser's rich-text subset): the key
figures set apart, the body, a "sources disagree" callout, related sections and the
sources cited at the end."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt

from studyapp.core.content.reference import SectionView
from studyapp.gui.theme import Colors

_MARKDOWN = MarkdownIt("commonmark").enable("table")
KIND_LABELS = {
    "overview": "Overview",
    "summit_outcome": "Summit outcome",
    "vision_pillar": "Joint Vision pillar",
    "cooperation_area": "Area of cooperation",
    "friction_area": "Area of friction",
    "measure": "Measure",
    "sub_national": "State–prefecture diplomacy",
    "timeline_event": "Timeline",
    "glossary_term": "Glossary",
    "figure": "Key figures",
}
_STATUS = {
    "established": "established",
    "in_motion": "in motion",
    "proposed": "proposed",
    "framework": "framework",
}


def markdown_html(text: str) -> str:
    return str(_MARKDOWN.render(text))


def highlight(html_text: str, words: Sequence[str], c: Colors) -> str:
    """Mark whole words (and word prefixes) in the text parts of `html_text`."""
    terms = [re.escape(w) for w in words if w.strip()]
    if not terms:
        return html_text
    pattern = re.compile(r"\b(" + "|".join(terms) + r")\w*", re.IGNORECASE)
    parts = re.split(r"(<[^>]+>)", html_text)
    style = f"background-color:{c.accent};color:{c.accent_text};"
    for i, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[i] = pattern.sub(lambda m: f'<span style="{style}">{m.group(0)}</span>', part)
    return "".join(parts)


def _source(view: SectionView, source_id: str) -> str:
    return html.escape(view.source_titles.get(source_id, source_id))


def section_html(view: SectionView, c: Colors, words: Sequence[str] = ()) -> str:
    out: list[str] = []
    crumbs = KIND_LABELS.get(view.kind, view.kind)
    if view.parent:
        crumbs = f"<a href='section:{view.parent[0]}'>{html.escape(view.parent[1])}</a> · {crumbs}"
    out.append(f"<p style='color:{c.muted}'>{crumbs}</p>")
    out.append(f"<h1>{html.escape(view.title)}</h1>")
    if view.date_label or view.date:
        when = html.escape(view.date_label or view.date or "")
        out.append(f"<p style='color:{c.muted}'><b>{when}</b></p>")
    if view.summary:
        out.append(f"<p><i>{html.escape(view.summary)}</i></p>")
    if view.key_figures:
        rows = "".join(
            f"<tr><td style='padding:4px 10px'>{html.escape(f['label'])}</td>"
            f"<td style='padding:4px 10px'><b>{html.escape(f['value'])}</b></td>"
            f"<td style='padding:4px 10px;color:{c.muted}'>{_source(view, f['source'])}</td></tr>"
            for f in view.key_figures
        )
        out.append(
            f"<table width='100%' cellspacing=0 style='background-color:{c.window};"
            f"border:1px solid {c.border}'><tr><td colspan=3 style='padding:6px 10px'>"
            f"<b>Key figures</b></td></tr>{rows}</table>"
        )
    out.append(markdown_html(view.body))
    if view.partnerships:
        items = "".join(
            f"<li><b>{html.escape(p['india'])} – {html.escape(p['japan'])}</b> "
            f"({_STATUS.get(p['status'], p['status'])})"
            + (f": {html.escape(p['focus'])}" if p.get("focus") else "")
            + "</li>"
            for p in view.partnerships
        )
        out.append(f"<h3>Partnerships</h3><ul>{items}</ul>")
    for d in view.disagreements:
        views = "".join(
            f"<li><b>{_source(view, v['source'])}:</b> {html.escape(v['says'])}</li>"
            for v in d["views"]
        )
        out.append(
            f"<table width='100%' cellspacing=0 style='background-color:{c.warn_bg};"
            f"border-left:4px solid {c.accent}'><tr><td style='padding:8px 12px'>"
            f"<b>Sources disagree — {html.escape(d['topic'])}</b><ul>{views}</ul>"
            "</td></tr></table><p></p>"
        )
    if view.children:
        links = "".join(
            f"<li><a href='section:{k}'>{html.escape(t)}</a></li>" for k, t in view.children
        )
        out.append(f"<h3>In this part</h3><ul>{links}</ul>")
    if view.related:
        links = " · ".join(f"<a href='section:{k}'>{html.escape(t)}</a>" for k, t in view.related)
        out.append(f"<p><b>Related:</b> {links}</p>")
    if view.sources:
        cited = "".join(
            f"<li><i>{html.escape(title)}</i> — {html.escape(publisher)}</li>"
            for _, title, publisher in view.sources
        )
        muted = f"style='color:{c.muted}'"
        out.append(f"<hr><p {muted}><b>Sources</b></p><ol {muted}>{cited}</ol>")
    body = "".join(out)
    return highlight(body, words, c) if words else body
