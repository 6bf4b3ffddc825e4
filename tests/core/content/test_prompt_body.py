"""Every prompt type reaches the screens as its own typed body, read from the stored
JSON in one place; a damaged stored row is refused there with one sentence naming
the prompt, and a damaged prompt stays findable by search."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from studyapp.core.bank.authoring import save_front_back
from studyapp.core.content.prompt_body import (
    AssertionBody,
    DamagedPrompt,
    FillBlankBody,
    FrontBackBody,
    MainsBody,
    MatchCodesBody,
    MatchPairsBody,
    McqBody,
    PairItem,
    StatementItem,
    StatementsBody,
    TrueFalseBody,
    body_from_details,
)
from studyapp.core.content.prompts import load_prompt, load_prompt_by_key, load_prompts
from studyapp.core.content.search import matching_question_ids
from studyapp.core.models import Question
from studyapp.core.startup import open_study_database
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs, DataDir

# The fixture content has an MCQ, a statements, a true/false and a mains prompt; these
# add the remaining types as a content file would write them.
MORE_KINDS = """\
- id: q.kinds.0001
  type: match
  stem: Consider the following pairs of reports and their subjects.
  header: [Report, Subject]
  pairs:
    - {left: Alpha report, right: Trade gap, correct: true}
    - {left: Beta review, right: Rail link, correct: true}
    - {left: Gamma notes, right: Port deal, correct: false}
  answer: b
  explanation: Alpha covers the trade gap and Beta the rail link; Gamma covers no port.
  sections: [trade.gap]
  sources: [alpha]
  area: trade
  difficulty: medium
- id: q.kinds.0002
  type: match
  ask: codes
  stem: Match List-I with List-II.
  list_1: [Alpha report, Beta review, Gamma notes]
  list_2: [Trade gap, Rail link, Port deal]
  key: [1, 2, 3]
  options: [[1, 2, 3], [2, 1, 3], [3, 2, 1], [1, 3, 2]]
  answer: a
  explanation: Alpha is on trade, Beta on the rail link and Gamma on the port deal.
  sections: [trade.gap]
  sources: [alpha]
  area: trade
  difficulty: hard
- id: q.kinds.0003
  type: assertion
  stem: Consider the following statements.
  statement_1: The trade gap is wide.
  statement_2: Exports have grown more slowly than imports.
  statement_1_correct: true
  statement_2_correct: true
  explains: true
  answer: a
  explanation: Both are correct and slower export growth is why the gap is wide.
  sections: [trade.gap]
  sources: [alpha]
  area: trade
  difficulty: medium
- id: q.kinds.0004
  type: fill_blank
  stem: The rail link is studied in the ____ review.
  answer: Beta
  accept: [Beta review, 2]
  explanation: The Beta review is the one that studies the rail link in detail.
  sections: [links.rail]
  sources: [beta]
  area: links
  difficulty: easy
"""


@pytest.fixture
def db(data_dir: DataDir, content: ContentDirs) -> Iterator[Database]:
    (content.questions / "kinds.yaml").write_text(MORE_KINDS, encoding="utf-8")
    database, _ = open_study_database(data_dir, content)
    yield database
    database.close()


def test_every_prompt_type_loads_into_its_typed_body(db: Database) -> None:
    with db.begin() as s:
        front_back = save_front_back(s, "Capital of Gujarat?", "Gandhinagar", area="trade")
    with db.begin() as s:
        body = {key: load_prompt_by_key(s, key).body for key in EXPECTED}
        basic = load_prompt(s, front_back)
    assert body == EXPECTED
    assert (basic.type, basic.body) == ("basic", FrontBackBody(back="Gandhinagar"))


EXPECTED = {
    "q.trade.0001": McqBody(),
    "q.trade.0002": StatementsBody(
        statements=(
            StatementItem(text="It is wide.", correct=True),
            StatementItem(text="It has closed.", correct=False),
        ),
        ask="which",
    ),
    "q.trade.0003": TrueFalseBody(),
    "q.trade.0501": MainsBody(
        directive="Discuss",
        word_limit=150,
        marks=10,
        key_points=(
            "The gap is wide",
            "Sources disagree on its size",
            "The rail link",
            "A way forward",
        ),
        model_outline="Introduction, body, conclusion.",
    ),
    "q.kinds.0001": MatchPairsBody(
        pairs=(
            PairItem(left="Alpha report", right="Trade gap", correct=True),
            PairItem(left="Beta review", right="Rail link", correct=True),
            PairItem(left="Gamma notes", right="Port deal", correct=False),
        ),
        ask="how_many",
        header=("Report", "Subject"),
    ),
    "q.kinds.0002": MatchCodesBody(
        list_1=("Alpha report", "Beta review", "Gamma notes"),
        list_2=("Trade gap", "Rail link", "Port deal"),
        key=(1, 2, 3),
    ),
    "q.kinds.0003": AssertionBody(
        statement_1="The trade gap is wide.",
        statement_2="Exports have grown more slowly than imports.",
        statement_1_correct=True,
        statement_2_correct=True,
        explains=True,
    ),
    "q.kinds.0004": FillBlankBody(answer="Beta", accept=("Beta review", "2")),
}


def test_the_type_and_closing_line_follow_the_body(db: Database) -> None:
    with db.begin() as s:
        pairs, codes, fill = (
            load_prompt_by_key(s, k) for k in ("q.kinds.0001", "q.kinds.0002", "q.kinds.0004")
        )
    assert (pairs.type, codes.type, fill.type) == ("match", "match", "fill_blank")
    assert pairs.question_line == "How many of the pairs given above are correctly matched?"
    assert codes.question_line == "Select the correct answer using the code given below:"
    assert fill.key_text() == "Beta"


def damage(db: Database, key: str, details: str, qtype: str | None = None) -> int:
    with db.begin() as s:
        s.execute(
            text("UPDATE questions SET details = :d, type = coalesce(:t, type) WHERE key = :k"),
            {"d": details, "t": qtype, "k": key},
        )
        qid = s.scalars(select(Question.id).where(Question.key == key)).one()
    return qid


@pytest.mark.parametrize(
    ("key", "details", "qtype", "message"),
    [
        (
            "q.trade.0002",
            '{"ask": "which", "statements": [{"text": "It is wide."}]}',
            None,
            "The stored prompt q.trade.0002 cannot be shown because its statements data is "
            "damaged (statements.0.correct: field required); restoring an earlier backup "
            "brings it back.",
        ),
        (
            "q.trade.0501",
            '{"directive": "Discuss", "marks": 10, "key_points": [], "model_outline": ""}',
            None,
            "The stored prompt q.trade.0501 cannot be shown because its mains data is "
            "damaged (word_limit: field required); restoring an earlier backup brings it back.",
        ),
        (
            "q.trade.0001",
            '{"hint": "Alpha"}',
            None,
            "The stored prompt q.trade.0001 cannot be shown because its mcq data is "
            "damaged (hint: no such field); restoring an earlier backup brings it back.",
        ),
        (
            "q.trade.0003",
            '["True"]',
            None,
            "The stored prompt q.trade.0003 cannot be shown because its true_false data is "
            "damaged (details: not a JSON object); restoring an earlier backup brings it back.",
        ),
        (
            "q.trade.0003",
            "{}",
            "essay",
            "The stored prompt q.trade.0003 cannot be shown because its type 'essay' is not "
            "one Setu knows; restoring an earlier backup brings it back.",
        ),
    ],
)
def test_a_damaged_row_is_refused_in_one_sentence_naming_the_prompt(
    db: Database, key: str, details: str, qtype: str | None, message: str
) -> None:
    qid = damage(db, key, details, qtype)
    with db.begin() as s, pytest.raises(DamagedPrompt) as refused:
        load_prompts(s, [qid])
    assert str(refused.value) == message


def test_a_damaged_prompt_is_still_found_by_its_stem(db: Database) -> None:
    """Rebuilding the search index reads every prompt: one damaged row must not stop it."""
    from studyapp.core.content.search_index import index_questions

    qid = damage(db, "q.trade.0002", '{"statements": "none"}')
    with db.begin() as s:
        index_questions(s, s.scalars(select(Question).where(Question.id == qid)))
        assert qid in matching_question_ids(s, "trade gap")


def test_no_body_is_built_for_an_unknown_type_even_when_its_data_fits_another() -> None:
    with pytest.raises(DamagedPrompt) as refused:
        body_from_details("q.mine.0001", "essay", {"back": "Text"})
    assert refused.value.key == "q.mine.0001" and "'essay' is not one Setu knows" in str(
        refused.value
    )
