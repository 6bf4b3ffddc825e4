"""Every content problem is reported as FILE:LINE: field: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.core.content.loader import load_content
from studyapp.core.storage.paths import ContentDirs


def problems_for(content: ContentDirs) -> list[str]:
    return [str(p) for p in sorted(load_content(content).problems)]


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_fixture_content_is_valid(content: ContentDirs) -> None:
    bundle = load_content(content)
    assert bundle.problems == []
    assert {s.doc.id for s in bundle.sections} == {"trade", "trade.gap", "links.rail"}
    assert len(bundle.prompts) == 4


def test_bad_yaml_is_located(content: ContentDirs) -> None:
    write(content.questions / "broken.yaml", "- id: q.trade.0009\n  type: mcq\n  stem: [unclosed\n")
    (problem,) = problems_for(content)
    assert problem.startswith("questions/broken.yaml:")
    assert ": yaml: invalid YAML" in problem


def test_missing_field_names_field_and_line(content: ContentDirs) -> None:
    text = (content.questions / "trade.yaml").read_text()
    write(content.questions / "trade.yaml", text.replace("  difficulty: medium\n", ""))
    assert problems_for(content) == ["questions/trade.yaml:11: difficulty: missing"]


def test_unknown_type_is_reported(content: ContentDirs) -> None:
    text = (content.questions / "trade.yaml").read_text()
    write(content.questions / "trade.yaml", text.replace("type: true_false", "type: essay"))
    (problem,) = problems_for(content)
    assert problem.startswith("questions/trade.yaml:25: type: unknown type 'essay'")


def test_duplicate_id_points_at_both_places(content: ContentDirs) -> None:
    text = (content.questions / "trade.yaml").read_text()
    write(content.questions / "trade.yaml", text.replace("q.trade.0003", "q.trade.0001"))
    assert problems_for(content) == [
        "questions/trade.yaml:24: id: duplicate id 'q.trade.0001' (also at questions/trade.yaml:1)"
    ]


def test_a_duplicate_section_id_names_the_file_of_the_first(content: ContentDirs) -> None:
    sections = content.resources / "sections"
    write(sections / "zz-rail-again.md", (sections / "rail.md").read_text())
    assert problems_for(content) == [
        "resources/sections/zz-rail-again.md:2: id: duplicate id 'links.rail' "
        "(also in resources/sections/rail.md)"
    ]


def test_dangling_links_are_reported(content: ContentDirs) -> None:
    section = content.resources / "sections" / "trade.md"
    write(section, section.read_text().replace("section:links.rail", "section:links.road"))
    text = (content.questions / "trade.yaml").read_text()
    write(
        content.questions / "trade.yaml",
        text.replace("sections: [links.rail]", "sections: [links.sea]"),
    )
    assert problems_for(content) == [
        "questions/trade.yaml:29: sections: unknown section 'links.sea'",
        "resources/sections/trade.md:8: body: link to unknown section 'links.road'",
    ]


def test_statements_answer_must_match_truth_values(content: ContentDirs) -> None:
    text = (content.questions / "trade.yaml").read_text()
    write(
        content.questions / "trade.yaml",
        text.replace(
            "  answer: a\n  explanation: Statement", "  answer: c\n  explanation: Statement"
        ),
    )
    (problem,) = problems_for(content)
    assert problem.startswith("questions/trade.yaml:18: answer: c disagrees with the correct flags")


def test_unknown_field_is_a_typo_not_ignored(content: ContentDirs) -> None:
    text = (content.questions / "trade.yaml").read_text()
    write(
        content.questions / "trade.yaml",
        text.replace("  difficulty: easy\n", "  difficulty: easy\n  dificulty: easy\n", 1),
    )
    (problem,) = problems_for(content)
    assert problem == "questions/trade.yaml:11: dificulty: Extra inputs are not permitted"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "id: x\n",
            "resources/sections/bad.md:1: front matter: the file must start with a --- line",
        ),
        ("---\nid: x\n", "resources/sections/bad.md:1: front matter: no closing --- line"),
        (
            "---\nid: bad\ntitle: T\nkind: nonsense\nsources: [alpha]\n---\nBody\n",
            "resources/sections/bad.md:4: kind:",
        ),
    ],
)
def test_malformed_sections(content: ContentDirs, front: str, expected: str) -> None:
    write(content.resources / "sections" / "bad.md", front)
    (problem,) = problems_for(content)
    assert problem.startswith(expected)


def test_not_utf8_is_reported_with_line(content: ContentDirs) -> None:
    (content.questions / "latin1.yaml").write_bytes(b"- id: q.trade.0100\n  stem: caf\xe9\n")
    assert problems_for(content) == ["questions/latin1.yaml:2: file: is not UTF-8 text"]


def test_content_reached_through_a_link_is_named_and_fingerprinted_alike(
    content: ContentDirs, tmp_path: Path
) -> None:
    write(content.questions / "broken.yaml", "- id: q.trade.0009\n  stem: [unclosed\n")
    link = tmp_path / "linked"
    link.symlink_to(content.resources.parent)
    through_link = ContentDirs(resources=link / "resources", questions=link / "questions")
    direct, linked = load_content(content), load_content(through_link)
    assert linked.digest == direct.digest
    assert [str(p) for p in linked.problems] == [str(p) for p in direct.problems]
    assert str(linked.problems[0]).startswith("questions/broken.yaml:")
