"""Setu's performance harness (see README: `python -m benchmarks --n 100000`)."""
