"""Benchmark: Putokaz (plain, encoded, encoded record-level only) against splink and
recordlinkage.

Extra packages (benchmark only, never in the project's environment):

    python3 -m venv /work/bench-venv
    /work/bench-venv/bin/pip install splink recordlinkage numpy duckdb pandas
    /work/bench-venv/bin/python bench/linkage.py            # the full table
    /work/bench-venv/bin/python bench/linkage.py --million  # + 1M-record Putokaz dedupe

The repository root is put on sys.path, so Putokaz needs no installation there.  Each
(method, dataset) runs in its own subprocess, so peak memory (ru_maxrss) is per method;
seconds cover linkage only (not loading the data; encoding is included for the encoded
methods).  FEBRL3 is deduplicated, FEBRL4 linked,
both without soc_sec_id; the synthetic sets are deduplicated.  Scores are pairwise
precision, recall and F1 against the ground truth.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = b"benchmark-secret-shared-by-the-network"
FEBRL_EXTRA = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
DATASETS = ("febrl3", "febrl4", "synthetic-10k", "synthetic-100k")
METHODS = ("putokaz", "putokaz-encoded", "putokaz-encoded-record", "splink", "recordlinkage")
# Registrations per person average about 1.78, so this many people give ~N records.
PEOPLE = {"synthetic-10k": 5_620, "synthetic-100k": 56_200, "synthetic-1m": 562_000}


# ------------------------------------------------------------------------------ data


def _febrl_frame(df):  # type: ignore[no-untyped-def]
    df = df.drop(columns=["soc_sec_id"]).fillna("").astype(str)
    df = df.reset_index().rename(columns={"rec_id": "id", "surname": "family_name"})
    return df


def _iso(d: str) -> str:
    from putokaz.matching.dates import DateError, parse_date

    try:
        parsed = parse_date(d) if d else None
    except DateError:
        return ""  # FEBRL corrupts some dates into impossible ones; treated as missing
    return parsed.iso() if parsed else ""


def load(dataset: str):  # type: ignore[no-untyped-def]
    """(kind, frames, truth) with kind "dedupe" or "link"; truth as a set of frozensets."""
    if dataset.startswith("febrl"):
        from recordlinkage.datasets import load_febrl3, load_febrl4

        if dataset == "febrl3":
            df, links = load_febrl3(return_links=True)
            return "dedupe", [_febrl_frame(df)], {frozenset(p) for p in links}
        a, b, links = load_febrl4(return_links=True)
        return "link", [_febrl_frame(a), _febrl_frame(b)], {frozenset(p) for p in links}
    import pandas as pd

    from putokaz.matching.synthetic import generate

    regs = generate(people=PEOPLE[dataset], seed=2024)
    df = pd.DataFrame([r.__dict__ if hasattr(r, "__dict__") else _asdict(r) for r in regs])
    by_person: dict[str, list[str]] = {}
    for rid, person in zip(df["id"], df["person"], strict=True):
        by_person.setdefault(person, []).append(rid)
    truth = {frozenset(p) for ids in by_person.values() for p in itertools.combinations(ids, 2)}
    return "dedupe", [df.drop(columns=["person", "agency"])], truth


def _asdict(r):  # type: ignore[no-untyped-def]
    return {f: getattr(r, f) for f in r.__slots__}


# ------------------------------------------------------------------------------ methods


def _records(df, febrl: bool):  # type: ignore[no-untyped-def]
    from putokaz.matching.records import Record

    out = []
    cols = set(df.columns)
    for row in df.to_dict("records"):
        extra = tuple((k, row[k]) for k in FEBRL_EXTRA) if febrl else ()
        out.append(
            Record(
                id=row["id"],
                given_name=row.get("given_name", ""),
                family_name=row.get("family_name", ""),
                date_of_birth=_iso(row["date_of_birth"]) if febrl else row["date_of_birth"],
                sex=row.get("sex", "") if "sex" in cols else "",
                nationality=row.get("nationality", "") if "nationality" in cols else "",
                place_of_birth=row.get("place_of_birth", "") if "place_of_birth" in cols else "",
                given_name_original=row.get("given_name_original", ""),
                family_name_original=row.get("family_name_original", ""),
                extra=extra,
            )
        )
    return out


def run_putokaz(kind, frames, febrl, encoded, record_level=False):  # type: ignore[no-untyped-def]
    from putokaz.matching.encoded import (
        EncodingConfig,
        encode_records,
        encoded_dedupe,
        encoded_link,
    )
    from putokaz.matching.engine import LinkageConfig, dedupe, link

    extra = FEBRL_EXTRA if febrl else ()
    blocks = ("postcode",) if febrl else ()
    recs = [_records(f, febrl) for f in frames]
    start = time.perf_counter()
    if encoded:
        # Record-level only (version 2): the stronger frequency-attack guard.
        bits = {"field_filter_bits": 0} if record_level else {}
        cfg = EncodingConfig(extra_fields=extra, block_extras=blocks, **bits)
        encs = [encode_records(records=r, secret=SECRET, config=cfg) for r in recs]
        if kind == "dedupe":
            result = encoded_dedupe(encodings=encs[0])
        else:
            result = encoded_link(left=encs[0], right=encs[1])
    else:
        cfg = LinkageConfig(extra_fields=extra, block_extras=blocks)
        if kind == "dedupe":
            result = dedupe(records=recs[0], config=cfg)
        else:
            result = link(left=recs[0], right=recs[1], config=cfg)
    seconds = time.perf_counter() - start
    return {frozenset((p.left_id, p.right_id)) for p in result.pairs}, seconds


def run_splink(kind, frames, febrl):  # type: ignore[no-untyped-def]
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frames = [f.copy() for f in frames]
    for f in frames:
        f["year"] = f["date_of_birth"].str[:4]
    if febrl:
        comparisons = [
            cl.JaroWinklerAtThresholds("given_name", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("family_name", [0.9, 0.8]),
            cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("address_2", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
            cl.LevenshteinAtThresholds("postcode", [1]),
            cl.ExactMatch("state"),
        ]
        rules = [
            block_on("given_name", "family_name"),
            block_on("family_name", "year"),
            block_on("given_name", "year"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ]
    else:
        comparisons = [
            cl.JaroWinklerAtThresholds("given_name", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("family_name", [0.92, 0.8]),
            cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("place_of_birth"),
        ]
        rules = [
            block_on("given_name", "family_name"),
            block_on("family_name", "year"),
            block_on("given_name", "year"),
            block_on("date_of_birth"),
        ]
    start = time.perf_counter()
    db = DuckDBAPI()
    tables = [db.register(f, table_name=f"t{k}") for k, f in enumerate(frames)]
    settings = SettingsCreator(
        link_type="dedupe_only" if kind == "dedupe" else "link_only",
        unique_id_column_name="id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        retain_matching_columns=False,
    )
    linker = Linker(tables if kind == "link" else tables[0], settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match(rules, recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    pred = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    seconds = time.perf_counter() - start
    pairs = {frozenset((a, b)) for a, b in zip(pred["id_l"], pred["id_r"], strict=True)}
    return pairs, seconds


def run_recordlinkage(kind, frames, febrl):  # type: ignore[no-untyped-def]
    import pandas as pd
    import recordlinkage as rl

    frames = [f.set_index("id").copy() for f in frames]
    for f in frames:
        f["year"] = f["date_of_birth"].str[:4]
    start = time.perf_counter()
    if febrl:
        keys = [["given_name"], ["family_name"], ["date_of_birth"], ["postcode"]]
    else:
        # Single-field blocks on these names would pair every Mohammad with every Mohammad.
        keys = [["given_name", "family_name"], ["family_name", "year"], ["given_name", "year"],
                ["date_of_birth"]]  # fmt: skip
    index = None
    for key in keys:
        idx = rl.Index()
        idx.block(left_on=key, right_on=key) if kind == "link" else idx.block(key)
        got = idx.index(*frames)
        index = got if index is None else index.union(got)
    cmp = rl.Compare()
    if febrl:
        cmp.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
        cmp.string("family_name", "family_name", method="jarowinkler", threshold=0.85)
        cmp.exact("date_of_birth", "date_of_birth")
        cmp.exact("suburb", "suburb")
        cmp.exact("state", "state")
        cmp.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
        cmp.exact("postcode", "postcode")
        cmp.exact("street_number", "street_number")
    else:
        cmp.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
        cmp.string("family_name", "family_name", method="jarowinkler", threshold=0.85)
        cmp.exact("date_of_birth", "date_of_birth")
        cmp.exact("year", "year")
        cmp.exact("sex", "sex")
        cmp.exact("nationality", "nationality")
    features = cmp.compute(index, *frames)
    ecm = rl.ECMClassifier(binarize=0.5)
    matches = ecm.fit_predict(features)
    seconds = time.perf_counter() - start
    del pd
    return {frozenset(p) for p in matches.tolist()}, seconds


# ------------------------------------------------------------------------------ driver


def worker(method: str, dataset: str) -> dict:
    kind, frames, truth = load(dataset)
    febrl = dataset.startswith("febrl")
    if method == "putokaz":
        pred, seconds = run_putokaz(kind, frames, febrl, encoded=False)
    elif method == "putokaz-encoded":
        pred, seconds = run_putokaz(kind, frames, febrl, encoded=True)
    elif method == "putokaz-encoded-record":
        pred, seconds = run_putokaz(kind, frames, febrl, encoded=True, record_level=True)
    elif method == "splink":
        pred, seconds = run_splink(kind, frames, febrl)
    else:
        pred, seconds = run_recordlinkage(kind, frames, febrl)
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(truth) if truth else 0.0
    return {
        "method": method,
        "dataset": dataset,
        "records": sum(len(f) for f in frames),
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _run_child(method: str, dataset: str, timeout: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", method, dataset]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"method": method, "dataset": dataset, "error": f"timeout {timeout}s"}
    lines = [x for x in done.stdout.splitlines() if x.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"method": method, "dataset": dataset, "error": tail[:80]}
    return json.loads(lines[-1])


def _table(rows: list[dict]) -> str:
    out = [
        "| dataset | records | method | precision | recall | F1 | seconds | peak MB |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if "error" in r:
            out.append(f"| {r['dataset']} | | {r['method']} | | | | | {r['error']} |")
            continue
        out.append(
            f"| {r['dataset']} | {r['records']} | {r['method']} | {r['precision']:.4f} | "
            f"{r['recall']:.4f} | {r['f1']:.4f} | {r['seconds']:.1f} | {r['peak_mb']:.0f} |"
        )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", nargs=2, metavar=("METHOD", "DATASET"))
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--million", action="store_true", help="also 1M-record Putokaz dedupe")
    parser.add_argument("--timeout", type=int, default=1800)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0
    rows = []
    for dataset in args.datasets.split(","):
        for method in args.methods.split(","):
            row = _run_child(method, dataset, args.timeout)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    if args.million:
        rows.append(_run_child("putokaz", "synthetic-1m", args.timeout))
    print(_table(rows))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    raise SystemExit(main())
