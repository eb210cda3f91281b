"""Synthetic content for benchmarks: N counties of 16 homes x 6 teams x 4 members.

A thin entry point over the content factory (tests/factory/bench.py, parameters in
tests/factory/bench.yaml), kept because bench/run.py, the tests and the Hugo comparison
call `make(content, counties, seed)`. Deterministic from the seed (same seed and scale
-> byte-identical tree).

    python bench/make_content.py --counties 10 --seed 1 --out /tmp/sitegen-bench/c10
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from factory.bench import PARAMS, write_bench  # noqa: E402
from factory.images import photo_pool, unique_jpeg  # noqa: E402,F401  (tests use unique_jpeg)

HOMES_PER_COUNTY = PARAMS["homes_per_county"]
TEAMS_PER_HOME = PARAMS["teams_per_home"]
MEMBERS_PER_TEAM = PARAMS["members_per_team"]
YEAR = PARAMS["year"]


def make(out: Path, counties: int, seed: int = 1) -> dict:
    """Write `counties` counties into `out` (recreated); returns counts of what was written."""
    return write_bench(Path(out), counties, seed)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--counties", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="folder to (re)create; use /tmp")
    args = ap.parse_args(argv)
    stats = make(args.out, args.counties, args.seed)
    print(" ".join(f"{k}={v}" for k, v in stats.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
