"""Key-point hints: a point said in other words is found, an absent one is not, and
the reason is shown."""

from __future__ import annotations

from decimal import Decimal

from studyapp.core.quiz.keypoints import distinctive_terms, key_point_hints, terms_of

STEM = "Discuss the trade gap and the rail link."
POINTS = ["The gap is wide", "Sources disagree on its size", "The rail link", "A way forward"]


def covered(answer: str) -> list[bool]:
    return [h.covered for h in key_point_hints(POINTS, answer, STEM)]


def test_points_said_in_other_words_are_found_and_absent_ones_are_not() -> None:
    answer = (
        "India's trade deficit with Japan remains large.\n\n"
        "The sources differ on how big the imbalance is."
    )
    hints = key_point_hints(POINTS, answer, STEM)
    assert [h.covered for h in hints] == [True, True, False, False]
    ((term, word),) = hints[0].found
    assert term == "wide" and word in {"large", "big"}
    assert ("disagree", "differ") in hints[1].found
    assert hints[1].why.startswith("Seems covered: 3 of its 3 terms found, 2 needed.")
    assert "“differ” for disagree" in hints[1].why
    assert hints[2].why == (
        "Seems missing: 0 of its 2 terms found, 1 needed. Not found: rail, link."
    )


def test_an_empty_answer_covers_nothing_and_a_plain_one_covers_what_it_says() -> None:
    assert covered("") == [False] * 4
    assert covered("The railway connection matters. Way forward: more flights.") == [
        False,
        False,
        True,
        True,
    ]


def test_typos_and_word_endings_still_match_but_short_lookalikes_do_not() -> None:
    points = ["Semiconductors and critical minerals", "ISRO lander and JAXA rover"]
    hints = key_point_hints(points, "Work on semicondutors and mineral supply; moving over.")
    assert hints[0].covered  # a typo and a singular
    assert not hints[1].covered  # "over" is not "rover"


def test_figures_match_by_value_however_they_are_written() -> None:
    point = "More than 500,000 people moving both ways in five years; 50,000 skilled workers"
    hints = key_point_hints([point], "About 5 lakh people over 5 years, 50000 of them skilled.")
    assert hints[0].covered
    assert (Decimal(500000), Decimal(500000)) in hints[0].found
    assert (Decimal(50000), Decimal(50000)) in hints[0].found
    assert "Found 500,000, people" in hints[0].why


def test_source_attributions_and_the_prompts_own_words_are_not_looked_for() -> None:
    point = "Investment target of ¥10 trillion over the next decade ('A Shared Past'; Drishti)"
    assert terms_of(point) == ["investment", "target", Decimal(10**13), "decade"]
    assert distinctive_terms("The trade gap is wide", [], STEM) == ["wide"]
    assert distinctive_terms("The rail link", [], STEM) == ["rail", "link"]  # nothing else left
