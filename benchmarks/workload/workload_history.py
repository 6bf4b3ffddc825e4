#!/usr/bin/env python3
"""Deterministic synthetic review history for the benchmark's second state
(standard library only, so that every harness can import it).

For card i (i = 0..n-1 is the CSV data-row order, i.e. the order the notes
were imported) it produces `per_card` (default 10) review-log rows and the
card's resulting review state:

* rows 0-1: two learning steps on the card's first day (type 0, Good,
  ivl -600 s then 1 day);
* rows 2..9: reviews (type 1) at SM-2-like growing intervals (30 % of them
  1-3 days late); answer mix 10 % Again, 10 % Hard, 70 % Good, 10 % Easy;
  intervals capped at 365 days;
* final state: review card with interval `ivl`; exactly round(n * 0.2) cards
  are due today (0-7 days overdue), the others are due 1..ivl-1 days from
  today.  Every historical row lies before today.

Usage from a harness:

    from workload_history import synthetic_history
    h = synthetic_history(n_cards, today_start)
    # h["revlog"]: (id_ms, card_index, ease, ivl, last_ivl, factor, time_ms, type)
    # h["cards"]:  (card_index, due_in_days_from_today, ivl, factor, reps, lapses)

`today_start` is the epoch second at which the harness's "today" began
(Anki: col.sched.day_cutoff - 86400).  Revlog ids are epoch milliseconds,
unique.  The same (n_cards, today_start, seed) gives the same rows; with a
different today_start only the absolute timestamps move.
"""

from __future__ import annotations

import random


def synthetic_history(
    n_cards: int, today_start: int, seed: int = 7, per_card: int = 10, due_fraction: float = 0.2
) -> dict:
    rng = random.Random(seed)
    due_set = set(rng.sample(range(n_cards), round(n_cards * due_fraction)))
    used: set[int] = set()
    revlog = []
    cards = []
    max_days_ago = 0
    for idx in range(n_cards):
        entries = [(0, 3, -600, -60, 0, 0), (0, 3, 1, -600, 2500, 0)]  # learning steps
        d, ivl, factor, lapses = 0, 1, 2500, 0
        for _ in range(per_card - 2):
            d += ivl + (rng.randint(1, 3) if rng.random() < 0.3 else 0)
            r = rng.random()
            if r < 0.10:
                ease, new_ivl = 1, max(1, int(ivl * 0.2))
                lapses += 1
                factor = max(1300, factor - 200)
            elif r < 0.20:
                ease, new_ivl = 2, max(ivl + 1, int(ivl * 1.2))
                factor = max(1300, factor - 150)
            elif r < 0.90:
                ease, new_ivl = 3, max(ivl + 1, int(ivl * factor / 1000))
            else:
                ease, new_ivl = 4, max(ivl + 1, int(ivl * factor / 1000 * 1.3))
                factor += 150
            new_ivl = min(new_ivl, 365)
            entries.append((d, ease, new_ivl, ivl, factor, 1))
            ivl = new_ivl
        if idx in due_set:
            rel_due = -rng.randint(0, 7)
        else:
            if ivl < 2:
                ivl = 2
                e = entries[-1]
                entries[-1] = (e[0], e[1], 2, e[3], e[4], e[5])
            rel_due = rng.randint(1, ivl - 1)
        shift = (rel_due - ivl) - d  # last review lands on day rel_due - ivl <= -1
        first_sec = 0
        for k, (doff, ease, e_ivl, last_ivl, fac, typ) in enumerate(entries):
            rel = doff + shift
            if k == 0:
                first_sec = rng.randrange(8 * 3600, 21 * 3600)
                sec = first_sec
            elif k == 1:
                sec = first_sec + 600
            else:
                sec = rng.randrange(8 * 3600, 22 * 3600)
            ms = (today_start + rel * 86400 + sec) * 1000 + rng.randrange(1000)
            while ms in used:
                ms += 1
            used.add(ms)
            revlog.append((ms, idx, ease, e_ivl, last_ivl, fac, rng.randint(2000, 20000), typ))
        max_days_ago = max(max_days_ago, -(entries[0][0] + shift))
        cards.append((idx, rel_due, ivl, factor, per_card, lapses))
    return {
        "revlog": revlog,
        "cards": cards,
        "due_today": len(due_set),
        "max_days_ago": max_days_ago,
    }


if __name__ == "__main__":
    import argparse
    import hashlib
    import json

    ap = argparse.ArgumentParser(description="print a digest of the synthetic history")
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--today-start", type=int, default=1_800_000_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    h = synthetic_history(a.n, a.today_start, a.seed)
    dig = hashlib.sha256(repr((h["revlog"], h["cards"])).encode()).hexdigest()
    print(
        json.dumps(
            {
                "revlog_rows": len(h["revlog"]),
                "cards": len(h["cards"]),
                "due_today": h["due_today"],
                "max_days_ago": h["max_days_ago"],
                "sha256": dig,
            }
        )
    )
