"""Practice sets, mock tests, question papers and mains answers, with UPSC marking.

- `grading` — marking one response: options, statements, pairs, typed answers (`grade`).
- `selection` — what a set or paper draws from and the draw itself: `Criteria`,
  `count_matching`, `pick_prompts` (spread over areas, with a paper's difficulty mix),
  `area_choices`, the types and filters the builders offer.
- `marking` — UPSC marks as exact fractions (`marks_for`, `paper_score`, `format_marks`).
- `records` — a set or test as stored and what both kinds share (`load_quiz`, `visit`,
  `set_marked`, `spend_time`, `discard`, `QuizView`, `QuizError`).
- `practice` — practice sets graded prompt by prompt (`start_practice`,
  `answer_practice`, `finish_practice`).
- `mocks` — timed mock tests (`start_mock`, `set_response`, `set_confidence`,
  `submit_mock`, `mock_result`) and every mock submitted (`MockAttempt`,
  `mock_history`).
- `pending` — the mock test left in progress (`unfinished_mock`, `pending_mock`), read
  at start-up without SQLAlchemy.
- `papers` — fixed papers to sit and re-sit (`make_full_paper`, `sit_paper`,
  `attempts_of`: the `MockAttempt`s at a paper).
- `analysis` — a mock by type, difficulty, time and confidence, and the break-even
  advice on guessing (`analyse`, `break_even_advice`).
- `mains` — written answers: drafts, submission, self-assessment (`start_answer`,
  `save_draft`, `submit_answer`, `self_assess`).
- `keypoints` — key-point hints for a mains answer (`key_point_hints`).
"""
