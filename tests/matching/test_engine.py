import numpy as np
import pytest

from putokaz.matching.blocking import candidate_pairs, person_keys
from putokaz.matching.cluster import average_linkage_clusters
from putokaz.matching.encoded import dice, encode_records
from putokaz.matching.engine import LinkageConfig, dedupe, explain_pair, link
from putokaz.matching.records import Record, prepare
from putokaz.matching.synthetic import demo_people, generate
from tests.matching.helpers import as_records, f1, truth_pairs

SECRET = b"shared-secret-of-the-network"


@pytest.fixture(scope="module")
def synthetic():
    regs = generate(people=1500, seed=7)
    return regs, as_records(regs)


def test_generator_is_seedable_and_has_ground_truth():
    a, b = generate(people=50, seed=3), generate(people=50, seed=3)
    assert a == b
    assert a != generate(people=50, seed=4)
    assert len({r.person for r in a}) < len(a)


def test_demo_people_have_both_scripts():
    people = demo_people(count=8, seed=1)
    assert len(people) == 8
    assert {
        "given_name",
        "family_name",
        "given_name_original",
        "year_of_birth",
        "sex",
        "nationality",
    } <= set(people[0])
    assert any(p["given_name_original"] for p in people)


def test_blocking_recall_on_synthetic_data(synthetic):
    regs, records = synthetic
    prep = prepare(records)
    ci, cj = candidate_pairs(person_keys(prep))
    found = {
        frozenset((prep.ids[a], prep.ids[b])) for a, b in zip(ci.tolist(), cj.tolist(), strict=True)
    }
    truth = truth_pairs(regs)
    recall = len(found & truth) / len(truth)
    assert recall >= 0.85
    # Work stays far from all pairs: close to linear in the number of records.
    assert len(ci) < 25 * len(records)


def the_case_from_the_issue():
    return [
        Record("a", "Mohammad Reza", "Ahmadi", "1998-01-01", "F", "Afghanistan"),
        Record("b", "Mohamad Reza", "Ahmady", "1998-03-12", "f", "AFG"),
        Record("c", "Ahmadi", "Mohammadreza", "12.03.1998", "", "AF"),
        Record("d", "", "", "1998-03-12", "F", "Avganistan", "", "محمدرضا", "احمدی"),
        Record("e", "Gulalai", "Popal", "1985-06-30", "F", "Afghanistan"),
        Record("f", "Abdul Karim", "Haddad", "1971-02-14", "M", "Syria"),
    ]


def test_explained_score_for_the_case_in_the_issue():
    rows = the_case_from_the_issue()
    result = dedupe(records=rows * 1)
    probability, parts = explain_pair(a=rows[1], b=rows[2], model=result.model)
    fields = {p.field: p for p in parts}
    assert fields["family_name"].level == "same pronunciation"
    assert fields["date_of_birth"].level == "same"
    assert sum(p.bits for p in parts) > 0
    assert 0.0 <= probability <= 1.0


def test_plain_dedupe_on_synthetic_data(synthetic):
    regs, records = synthetic
    result = dedupe(records=records)
    pred = {frozenset((p.left_id, p.right_id)) for p in result.pairs}
    assert f1(pred, truth_pairs(regs)) > 0.3
    assert all(0.0 <= p.score <= 1.0 for p in result.pairs)


def test_encodings_depend_on_the_secret_and_not_on_name_order():
    a = Record("1", "Mohammad", "Ahmadi", "1998-03-12")
    b = Record("2", "Ahmadi", "Mohammad", "1998-03-12")
    ea, eb = encode_records(records=[a, b], secret=SECRET)
    assert dice(ea.clk, eb.clk) == 1.0
    (other,) = encode_records(records=[a], secret=b"another-network-secret")
    assert dice(ea.clk, other.clk) < 0.3
    assert not set(ea.block_keys) & set(other.block_keys)
    assert SECRET not in ea.clk and b"Ahmadi" not in b"".join(ea.block_keys)


def test_secret_must_be_long_enough():
    with pytest.raises(ValueError, match="16 bytes"):
        encode_records(records=[Record("1", "Ali")], secret=b"short")


def test_clustering_does_not_chain_through_a_weak_link():
    # A~B strongly, B~C weakly but above threshold, A and C clearly different people.
    scores = {(0, 1): 0.99, (1, 2): 0.6, (0, 2): 0.02}

    def score(i, j):
        return np.array([scores[(a, b)] for a, b in zip(i.tolist(), j.tolist(), strict=True)])

    clusters, _ = average_linkage_clusters(
        n=3,
        i=np.array([0, 1]),
        j=np.array([1, 2]),
        prob=np.array([0.99, 0.6]),
        threshold=0.5,
        score=score,
    )
    assert clusters == [[0, 1]]


def test_clustering_merges_a_coherent_group():
    scores = {(0, 1): 0.99, (1, 2): 0.9, (0, 2): 0.8}

    def score(i, j):
        return np.array([scores[(a, b)] for a, b in zip(i.tolist(), j.tolist(), strict=True)])

    clusters, _ = average_linkage_clusters(
        n=3,
        i=np.array([0, 1]),
        j=np.array([1, 2]),
        prob=np.array([0.99, 0.9]),
        threshold=0.5,
        score=score,
    )
    assert clusters == [[0, 1, 2]]


def test_link_reports_only_cross_pairs():
    left = [
        Record("L1", "Youssef", "El Amrani", "1990-05-04", "M", "Morocco"),
        Record("L2", "Hatice", "Yılmaz", "1988", "F", "Turkey"),
    ]
    right = [
        Record("R1", "Yusuf", "Elamrani", "04.05.1990", "m", "MAR"),
        Record("R2", "Zeynep", "Kaya", "2001-01-09", "F", "TR"),
    ]
    result = link(left=left * 1, right=right, config=LinkageConfig(threshold=0.5))
    assert all(p.left_id.startswith("L") and p.right_id.startswith("R") for p in result.pairs)
