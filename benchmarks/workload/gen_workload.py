#!/usr/bin/env python3
"""Deterministic synthetic flashcard workload generator (standard library only).

Writes a CSV file with a header row ``front,back,tags`` followed by N data rows:

* front: an exam-style question of 15-30 words (a fixed English question stem
  followed by pseudo-words, ending in "?").
* back:  an answer of 5-40 words (pseudo-words, ending in ".").
* tags:  1-3 distinct topic tags out of 20, space separated (Anki convention).

Pseudo-words come from a fixed, seeded vocabulary of 5000 lowercase words
drawn with a Zipf-like (1/rank) frequency.  A few real "marker" words are
planted with exactly known row frequencies so that search results can be
checked by every harness:

    semiconductor  exactly N // 100   rows  (1 %)
    shinkansen     exactly N // 1000  rows  (0.1 %), half of them also
                                            contain 'semiconductor'
    okayama        exactly min(10, N) rows
    tariff         exactly N // 20    rows  (5 %)  \\ drawn independently, so
    subsidy        exactly N // 20    rows  (5 %)  /  'tariff subsidy' (AND)
                                                      hits ~0.25 %; the exact
                                                      count is in the .meta.json

Each marker occurs at most once per row, as a standalone lowercase token,
never first or last in its field, in either front or back (50/50).  No
pseudo-word, stem word or tag contains any marker word as a substring, so
substring search (Anki) and token search (FTS5 etc.) give identical hit
counts: the number of rows listed in the .meta.json.

The output is a pure function of (--n, --seed): same arguments, same bytes
(the sha256 is printed and stored in <out>.meta.json).

Usage:
    python gen_workload.py --n 100000 --out /tmp/wl100k.csv [--seed 20240601]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import random
import sys

VOCAB_SIZE = 5000

TAGS = [
    "defence",
    "economy",
    "friction",
    "energy",
    "climate",
    "trade",
    "transport",
    "health",
    "education",
    "housing",
    "labour",
    "finance",
    "technology",
    "agriculture",
    "diplomacy",
    "law",
    "welfare",
    "infrastructure",
    "demography",
    "environment",
]

QUESTION_STEMS = [
    "Explain why",
    "Describe how",
    "To what extent does",
    "Evaluate the claim that",
    "Assess the impact of",
    "Compare the role of",
    "Why did",
    "What role did",
    "Analyse the relationship between",
    "Discuss whether",
    "How far do you agree that",
    "Outline the main causes of",
]

# marker word -> function of n giving the exact number of rows containing it
MARKERS = ["semiconductor", "shinkansen", "okayama", "tariff", "subsidy"]

ONSETS = [
    "",
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "br",
    "cl",
    "dr",
    "fr",
    "gl",
    "pl",
    "pr",
    "st",
    "tr",
    "sk",
    "sp",
    "th",
    "sh",
    "ch",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"]
CODAS = ["", "", "", "n", "r", "l", "s", "t", "m", "x", "nd", "rk", "st"]


def marker_counts(n: int) -> dict[str, int]:
    return {
        "semiconductor": n // 100,
        "shinkansen": n // 1000,
        "okayama": min(10, n),
        "tariff": n // 20,
        "subsidy": n // 20,
    }


def build_vocab(rng: random.Random) -> list[str]:
    forbidden_sub = MARKERS
    reserved = set(TAGS) | {w.lower() for s in QUESTION_STEMS for w in s.split()}
    vocab: list[str] = []
    seen: set[str] = set()
    while len(vocab) < VOCAB_SIZE:
        syl = rng.randint(2, 4)
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syl)
        )
        if not (4 <= len(word) <= 12):
            continue
        if word in seen or word in reserved:
            continue
        if any(m in word for m in forbidden_sub):
            continue
        seen.add(word)
        vocab.append(word)
    return vocab


def check_no_marker_substrings(vocab: list[str]) -> None:
    others = list(vocab) + TAGS + [w.lower() for s in QUESTION_STEMS for w in s.split()]
    for m in MARKERS:
        for w in others:
            if m in w:
                raise SystemExit(f"marker {m!r} is a substring of {w!r}")
    # markers must not contain each other either
    for a, b in itertools.permutations(MARKERS, 2):
        if a in b:
            raise SystemExit(f"marker {a!r} inside {b!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100000, help="number of rows (default 100000)")
    ap.add_argument("--out", required=True, help="output CSV path")
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args()
    n = args.n
    if n < 10:
        raise SystemExit("--n must be >= 10")

    rng = random.Random(args.seed)
    vocab = build_vocab(rng)
    check_no_marker_substrings(vocab)
    cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(vocab))))

    counts = marker_counts(n)
    rows_idx = list(range(n))
    sets: dict[str, set[int]] = {}
    sets["semiconductor"] = set(rng.sample(rows_idx, counts["semiconductor"]))
    # half of the shinkansen rows also contain semiconductor (known AND overlap)
    k = counts["shinkansen"]
    k_both = k // 2
    semi_sorted = sorted(sets["semiconductor"])
    non_semi = [i for i in rows_idx if i not in sets["semiconductor"]]
    sets["shinkansen"] = set(rng.sample(semi_sorted, k_both)) | set(
        rng.sample(non_semi, k - k_both)
    )
    sets["okayama"] = set(rng.sample(rows_idx, counts["okayama"]))
    sets["tariff"] = set(rng.sample(rows_idx, counts["tariff"]))
    sets["subsidy"] = set(rng.sample(rows_idx, counts["subsidy"]))

    front_words_total = 0
    back_words_total = 0
    with open(args.out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["front", "back", "tags"])
        for i in range(n):
            stem = rng.choice(QUESTION_STEMS).split()
            flen = rng.randint(15, 30)
            blen = rng.randint(5, 40)
            front = stem + rng.choices(vocab, cum_weights=cum, k=flen - len(stem))
            back = rng.choices(vocab, cum_weights=cum, k=blen)
            # free positions: after the stem / not first, and never the last word
            free = {"front": list(range(len(stem), flen - 1)), "back": list(range(1, blen - 1))}
            for m in MARKERS:
                if i in sets[m]:
                    field = "front" if rng.random() < 0.5 else "back"
                    if not free[field]:
                        field = "back" if field == "front" else "front"
                    pos = free[field].pop(rng.randrange(len(free[field])))
                    (front if field == "front" else back)[pos] = m
            back[0] = back[0].capitalize()
            ntags = rng.randint(1, 3)
            tags = rng.sample(TAGS, ntags)
            front_words_total += len(front)
            back_words_total += len(back)
            w.writerow([" ".join(front) + "?", " ".join(back) + ".", " ".join(tags)])

    h = hashlib.sha256()
    with open(args.out, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)

    expected = {m: len(sets[m]) for m in MARKERS}
    expected["semiconductor shinkansen"] = len(sets["semiconductor"] & sets["shinkansen"])
    expected["tariff subsidy"] = len(sets["tariff"] & sets["subsidy"])
    meta = {
        "file": args.out,
        "rows": n,
        "seed": args.seed,
        "sha256": h.hexdigest(),
        "vocab_size": len(vocab),
        "tags": TAGS,
        "avg_front_words": round(front_words_total / n, 2),
        "avg_back_words": round(back_words_total / n, 2),
        "expected_hits": expected,
        "search_semantics": "rows whose front or back contains the word(s); "
        "multi-word queries are AND",
    }
    with open(args.out + ".meta.json", "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=2)
        fh.write("\n")
    json.dump(meta, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
