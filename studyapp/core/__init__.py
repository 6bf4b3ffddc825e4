"""Setu's engine: storage, content, scheduling, quizzes, search and statistics.

Nothing in this package imports Qt, so the same functions serve the GUI, the command
line, the tests and the benchmarks.
"""
