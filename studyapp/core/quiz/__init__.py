"""Practice sets, mock tests, question papers and mains answers, with UPSC marking.

- `grading` — marking one response: options, statements, pairs, typed answers (`grade`).
- `sets` — practice sets and mock tests: `pick_prompts` by `Criteria`, `start_practice`,
  `start_mock`, `set_response`, `submit_mock`, `mock_result`, `mock_history`.
- `papers` — fixed papers to sit and re-sit (`make_full_paper`, `sit_paper`,
  `attempts_of`).
- `analysis` — a mock by type, difficulty, time and confidence, and the break-even
  advice on guessing (`analyse`, `break_even_advice`).
- `mains` — written answers: drafts, submission, self-assessment (`start_answer`,
  `save_draft`, `submit_answer`, `self_assess`).
- `keypoints` — key-point hints for a mains answer (`key_point_hints`).
"""
