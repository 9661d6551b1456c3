"""Ground truth and scoring for tests on the synthetic generator's registrations."""

import itertools


def as_records(regs):
    return [r.record() for r in regs]


def truth_pairs(regs):
    by_person = {}
    for r in regs:
        by_person.setdefault(r.person, []).append(r.id)
    return {frozenset(p) for ids in by_person.values() for p in itertools.combinations(ids, 2)}


def f1(pred, truth):
    tp = len(pred & truth)
    return 2 * tp / (len(pred) + len(truth)) if tp else 0.0
