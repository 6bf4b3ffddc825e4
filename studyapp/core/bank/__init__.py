"""The question bank: every prompt with its card, filtered, sorted and searched in SQL;
the student's actions on a selection; authoring their own prompts; filing imported
ones under real study areas."""
