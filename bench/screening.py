"""Score 100,000 synthetic screenings and report screenings per second.

    .venv/bin/python bench/screening.py [--count N] [--seed S]

Indicator sets are drawn at random (fixed seed) from all four ILO/EC lists, with a few flags,
so the run covers every outcome. Generating the inputs is not timed; scoring is, including the
full explanation, because that is what every real screening produces. One core, one process.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from putokaz.screening.catalogue import default_registry
from putokaz.screening.engine import score


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args(argv)

    registry = default_registry()
    rng = random.Random(args.seed)
    catalogues = [registry.catalogue(cid) for cid in registry.catalogue_ids()]
    prepared = []
    for catalogue in catalogues:
        flag_sets = registry.flag_sets_for(catalogue)
        ids = [indicator.id for indicator in catalogue.indicators]
        flag_ids = [flag.id for flag_set in flag_sets for flag in flag_set.flags]
        prepared.append((catalogue, flag_sets, ids, flag_ids))
    inputs = []
    for _ in range(args.count):
        catalogue, flag_sets, ids, flag_ids = rng.choice(prepared)
        present = rng.sample(ids, rng.randint(0, 14))
        flags = rng.sample(flag_ids, rng.randint(0, 2))
        inputs.append((catalogue, flag_sets, present, flags))

    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for catalogue, flag_sets, present, flags in inputs:
        result = score(catalogue=catalogue, present=present, flags=flags, flag_sets=flag_sets)
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    elapsed = time.perf_counter() - started

    print(f"screenings: {args.count}")
    print(f"total seconds: {elapsed:.3f}")
    print(f"screenings per second: {args.count / elapsed:,.0f}")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
