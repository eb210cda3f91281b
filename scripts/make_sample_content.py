#!/usr/bin/env python3
"""Write the sample county (绥宁县, 16 work-team homes) into ``content/`` and check it.

The county is data: its tables live in tests/factory/sample/ (one row per home, team,
member, target, activity, honor and check; the prose in YAML; the clerk's notes in
layouts.yaml), and the content factory's one writer (tests/factory/writer.py) turns
them into records. After writing, the self-check loads the folder with sitegen's own
`load_county` and compares what the boards will show (activity totals, supervision
records, target progress, each home's ranking; see ``expect`` in county.yaml) with the
table. Running it twice writes byte-identical files.

Usage::

    .venv/bin/python scripts/make_sample_content.py            # (re)write content/ and check it
    .venv/bin/python scripts/make_sample_content.py --check    # only check an existing tree
    .venv/bin/python scripts/make_sample_content.py -o /tmp/c  # write somewhere else

All people, villages (except the real township names), phone numbers and events are
fictional; the portraits are drawn placeholders, not photos of anyone.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from factory.check import Mismatch, check  # noqa: E402
from factory.sample import tables, write_sample  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "content",
                    help="content folder to (re)write (default: content/ of the repo)")
    ap.add_argument("--check", action="store_true", help="only check an existing tree")
    args = ap.parse_args(argv)
    t = tables()
    if not args.check:
        print("written:", write_sample(args.out, t))
    try:
        got = check(args.out, t["county"]["expect"])
    except Mismatch as e:
        print(f"self-check FAILED:\n{e}", file=sys.stderr)
        return 1
    print("activity totals since 2023:", got["totals"])
    print("supervision checks:", got["checks"], "| bulletins:", got["bulletins"])
    print("homes", got["homes"], "teams", got["teams"], "members", got["members"],
          "| progress", got["progress"])
    print("self-check OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
