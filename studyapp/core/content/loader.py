"""Read the content files, validate them, and return them as plain records.

Problems are collected, not raised one by one, so `studyapp validate` can list every
problem in one run; each is located to a file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from studyapp.core.content.files import DOC_FILES, _display, content_files, digest_of
from studyapp.core.content.located_yaml import Located, YamlSyntaxError, parse_yaml
from studyapp.core.content.schema import (
    AreaDoc,
    PromptDoc,
    SectionDoc,
    SourceDoc,
)
from studyapp.core.errors import Problem
from studyapp.core.storage.paths import ContentDirs

SECTION_LINK = re.compile(r"\]\(section:([^)\s]*)\)")


@dataclass(frozen=True)
class SectionRecord:
    doc: SectionDoc
    body: str
    file: str
    lines: dict[str, int]  # line of each front-matter field

    def line(self, field_name: str) -> int:
        return self.lines.get(field_name, 2)


@dataclass(frozen=True)
class PromptRecord:
    doc: Any  # one of the prompt models in `schema`
    file: str
    lines: dict[str, int]

    def line(self, field_name: str = "") -> int:
        return self.lines.get(field_name, self.lines[""])


@dataclass
class ContentBundle:
    sources: list[SourceDoc] = field(default_factory=list)
    areas: list[AreaDoc] = field(default_factory=list)
    sections: list[SectionRecord] = field(default_factory=list)
    prompts: list[PromptRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""
    # (target id, file, line) of every section: link, checked once all files are read
    links: list[tuple[str, str, int]] = field(default_factory=list)
    # (file, id) -> line of each source and area entry
    item_lines: dict[tuple[str, str], int] = field(default_factory=dict)


_PROMPT = TypeAdapter(PromptDoc)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            result += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".md", ".yaml", ".yml") and p.name not in DOC_FILES
            )
        else:
            result.append(path)
    return result


def content_root_for(path: Path) -> ContentDirs | None:
    """The content tree (`resources/` + `questions/`) that `path` belongs to, if any."""
    for folder in (path.resolve(), *path.resolve().parents):
        if (folder / "resources" / "sources.yaml").is_file():
            return ContentDirs(resources=folder / "resources", questions=folder / "questions")
        if (folder / "_content" / "resources" / "sources.yaml").is_file():
            return ContentDirs(folder / "_content" / "resources", folder / "_content" / "questions")
    return None


def display_name(path: Path, dirs: ContentDirs) -> str:
    """How a file is named in problem reports: relative to its content tree."""
    return _display(path, dirs.resources.parent)


def load_content(dirs: ContentDirs, extra: Sequence[Path] = ()) -> ContentBundle:
    """Load and check the bundled content (plus `extra` files being validated)."""
    root = dirs.resources.parent
    files = content_files(dirs)
    known = {f.resolve() for f in files}
    files += [p for p in extra if p.resolve() not in known]
    bundle = ContentBundle(digest=digest_of(files, root))
    for path in files:
        _load_file(path, _display(path, root), bundle)
    _check_references(bundle)
    return bundle


def _load_file(path: Path, name: str, bundle: ContentBundle) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        bundle.problems.append(Problem(name, 1, "file", "not found"))
        return
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        bundle.problems.append(Problem(name, line, "file", "is not UTF-8 text"))
        return
    except OSError as exc:
        bundle.problems.append(Problem(name, 1, "file", exc.strerror or str(exc)))
        return
    if path.suffix == ".md":
        _load_section(text, name, bundle)
    elif path.name == "sources.yaml":
        _load_list(text, name, bundle, "sources", SourceDoc, bundle.sources)
    elif path.name == "areas.yaml":
        _load_list(text, name, bundle, "areas", AreaDoc, bundle.areas)
    else:
        prompts: list[Any] = []
        _load_list(text, name, bundle, "prompts", None, prompts)


def _parse(text: str, name: str, bundle: ContentBundle, offset: int = 0) -> Located | None:
    try:
        located = parse_yaml(text)
    except YamlSyntaxError as exc:
        bundle.problems.append(Problem(name, exc.line + offset, "yaml", exc.message))
        return None
    located.line_offset = offset
    return located


def _load_list(
    text: str,
    name: str,
    bundle: ContentBundle,
    what: str,
    model: type[SourceDoc] | type[AreaDoc] | None,
    into: list[Any],
) -> None:
    located = _parse(text, name, bundle)
    if located is None:
        return
    if located.data is None:
        return
    if not isinstance(located.data, list):
        bundle.problems.append(
            Problem(name, 1, what, "the file must be a YAML list (items start with -)")
        )
        return
    fields = _item_field_lines(located) if model is None else {}
    for index, item in enumerate(located.data):
        try:
            if model is None:
                prompt = _PROMPT.validate_python(item)
                lines = {"": located.line_of((index,)), **fields.get(index, {})}
                bundle.prompts.append(PromptRecord(prompt, name, lines))
            else:
                entry = model.model_validate(item)
                into.append(entry)
                bundle.item_lines[(name, entry.id)] = located.line_of((index,))
        except ValidationError as exc:
            bundle.problems += _problems(exc, located, (index,), name, item)


def _load_section(text: str, name: str, bundle: ContentBundle) -> None:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        bundle.problems.append(
            Problem(name, 1, "front matter", "the file must start with a --- line")
        )
        return
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        bundle.problems.append(Problem(name, 1, "front matter", "no closing --- line"))
        return
    located = _parse("".join(lines[1:end]), name, bundle, offset=1)
    if located is None:
        return
    if not isinstance(located.data, dict):
        bundle.problems.append(Problem(name, 2, "front matter", "must be a YAML mapping"))
        return
    try:
        doc = SectionDoc.model_validate(located.data)
    except ValidationError as exc:
        bundle.problems += _problems(exc, located, (), name, located.data)
        return
    body = "".join(lines[end + 1 :]).strip("\n")
    body_start = end + 2
    for number, body_line in enumerate(body.splitlines()):
        for match in SECTION_LINK.finditer(body_line):
            bundle.links.append((match.group(1), name, body_start + number))
    bundle.sections.append(SectionRecord(doc, body, name, _field_lines(located, ())))


def _item_field_lines(located: Located) -> dict[int, dict[str, int]]:
    """Lines of the top-level fields of every item of a list, by item: one pass over
    the file's lines (asking `_field_lines` item by item would scan them all for
    each item)."""
    by_item: dict[int, dict[str, int]] = {}
    for path, line in located.lines.items():
        if len(path) == 2 and isinstance(path[0], int):
            by_item.setdefault(path[0], {})[str(path[1])] = line + located.line_offset
    return by_item


def _field_lines(located: Located, base: tuple[str | int, ...]) -> dict[str, int]:
    """Lines of the top-level fields of one item ("" is the item itself)."""
    lines = {"": located.line_of(base)}
    for path, line in located.lines.items():
        if len(path) == len(base) + 1 and path[: len(base)] == base:
            lines[str(path[-1])] = line + located.line_offset
    return lines


def _problems(
    exc: ValidationError, located: Located, base: tuple[str | int, ...], name: str, item: Any
) -> list[Problem]:
    problems = []
    item_type = item.get("type") if isinstance(item, dict) else None
    for error in exc.errors():
        loc = list(error["loc"])
        # Discriminated unions prefix the location with the type tag.
        if loc and loc[0] == item_type:
            loc = loc[1:]
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "union_tag_invalid":
            loc, message = (
                ["type"],
                f"unknown type {item_type!r}; expected one of "
                + ("mcq, statements, match, assertion, true_false, fill_blank, mains"),
            )
        elif error["type"] == "union_tag_not_found":
            loc, message = ["type"], "missing (mcq, statements, match, assertion, true_false, …)"
        field_name, _, rest = message.partition(": ")
        if not loc and rest and re.fullmatch(r"[a-z_0-9]+", field_name):
            loc, message = [field_name], rest
        if error["type"] == "missing":
            message = "missing"
        path = (*base, *loc)
        problems.append(Problem(name, located.line_of(path), _field_label(loc), message))
    return problems


def _field_label(loc: list[str | int]) -> str:
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part + 1}]"
        else:
            label += f".{part}" if label else str(part)
    return label.replace("options_", "options") or "item"


def _check_references(bundle: ContentBundle) -> None:
    problems = bundle.problems
    sources = _unique(bundle.sources, problems, "sources")
    areas = _unique(bundle.areas, problems, "areas")
    sections = _first_by_id(bundle.sections, problems, lambda rec: f"in {rec.file}")
    _first_by_id(bundle.prompts, problems, lambda rec: f"at {rec.file}:{rec.line()}")

    def need(ids: Iterable[str], known: Any, file: str, line: int, fld: str, what: str) -> None:
        for ref in ids:
            if ref not in known:
                problems.append(Problem(file, line, fld, f"unknown {what} {ref!r}"))

    for (file, item_id), line in bundle.item_lines.items():
        area = next((a for a in bundle.areas if a.id == item_id), None)
        if file.endswith("areas.yaml") and area is not None and area.section:
            need([area.section], sections, file, line, "section", "section")
    for rec in bundle.sections:
        doc, f, at = rec.doc, rec.file, rec.line
        if doc.parent:
            need([doc.parent], sections, f, at("parent"), "parent", "section")
        need(doc.related, sections, f, at("related"), "related", "section")
        need(doc.sources, sources, f, at("sources"), "sources", "source")
        figure_sources = [k.source for k in doc.key_figures]
        need(figure_sources, sources, f, at("key_figures"), "key_figures", "source")
        partner_sources = [p.source for p in doc.partnerships]
        need(partner_sources, sources, f, at("partnerships"), "partnerships", "source")
        view_sources = [v.source for d in doc.disagreements for v in d.views]
        need(view_sources, sources, f, at("disagreements"), "disagreements", "source")
    for target, file, line in bundle.links:
        if target not in sections:
            problems.append(Problem(file, line, "body", f"link to unknown section {target!r}"))
    _check_cycles(sections, problems)
    for prompt in bundle.prompts:
        for fld, message in unknown_references(prompt.doc, sections, sources, areas):
            problems.append(Problem(prompt.file, prompt.line(fld), fld, message))


def unknown_references(
    doc: Any, sections: Container[str], sources: Container[str], areas: Container[str]
) -> list[tuple[str, str]]:
    """(field, message) for each section, source or area a prompt names that does not
    exist — for the content files and for the student's own prompts alike."""
    found = [
        ("sections", f"unknown section {ref!r}") for ref in doc.sections if ref not in sections
    ]
    found += [("sources", f"unknown source {ref!r}") for ref in doc.sources if ref not in sources]
    if doc.area not in areas:
        found.append(("area", f"unknown area {doc.area!r}"))
    return found


def check_prompt(item: dict[str, Any], name: str) -> tuple[Any | None, list[Problem]]:
    """Validate one prompt exactly as `studyapp validate` does a prompt in a file: the
    same rules and the same messages naming the field (`name` stands for the file)."""
    try:
        return _PROMPT.validate_python(item), []
    except ValidationError as exc:
        return None, _problems(exc, Located(data=item), (), name, item)


def _unique(items: Sequence[Any], problems: list[Problem], what: str) -> set[str]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            problems.append(Problem(f"resources/{what}.yaml", 1, "id", f"duplicate id {item.id!r}"))
        seen.add(item.id)
    return seen


_Record = TypeVar("_Record", SectionRecord, PromptRecord)


def _first_by_id(
    records: Sequence[_Record], problems: list[Problem], where: Callable[[_Record], str]
) -> dict[str, _Record]:
    """Each id's first record; a later record with the same id is a problem that says
    `where` the first one is."""
    first: dict[str, _Record] = {}
    for rec in records:
        earlier = first.setdefault(rec.doc.id, rec)
        if earlier is not rec:
            message = f"duplicate id {rec.doc.id!r} (also {where(earlier)})"
            problems.append(Problem(rec.file, rec.line("id"), "id", message))
    return first


def _check_cycles(sections: dict[str, SectionRecord], problems: list[Problem]) -> None:
    for start, rec in sections.items():
        seen = {start}
        parent = rec.doc.parent
        while parent and parent in sections:
            if parent in seen:
                problems.append(
                    Problem(
                        rec.file,
                        rec.line("parent"),
                        "parent",
                        f"sections form a loop at {parent!r}",
                    )
                )
                break
            seen.add(parent)
            parent = sections[parent].doc.parent
