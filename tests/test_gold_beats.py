"""Quality floors on tests/gold_beats, the held-out gold set from other beats and languages (issue 10).

54 articles from six sites the extractor was never tuned on (Spanish politics, a German leadership
blog, four English tech blogs), labelled blind (tests/gold_beats/README.md). They are scored in
process, exactly as `benchmarks/extraction_quality.py` scores them: each site read whole first, as
`import` reads it, with the registry in docs/; entities compared by canonical name per type (a
registered alias counts as its entity), actors = people + states + organizations, dates by value.

GOAL (issue 10, the whole set): actors F1 >= 0.90, organizations >= 0.80, places >= 0.85, mentioned
dates >= 0.90. FLOORS are what holds today: the F1 after the first round of tuning (first contact is
in BENCHMARKS.md, "Entities on unseen beats: first contact"), rounded down to 2 decimals; the scoring
is deterministic (the same figures under any PYTHONHASHSEED), so no margin is taken off. A change that lowers an F1 below its floor
fails; when tuning raises the scores, raise the floors with them (never lower one to let a change
through, and never change a label to match the extractor's output).

Only the whole set is held to floors here; the `slice: confirm` files are part of it but their
errors are not to be read until the end of tuning (the benchmark's --verbose hides them).
"""
from __future__ import annotations

import sys

import pytest

from .conftest import REPO

GOLD = REPO / "tests" / "gold_beats"

# Issue 10's targets on this set: all four met since the sixth round.
TARGETS = {"actors": 0.90, "organizations": 0.80, "places": 0.85, "dates": 0.90}

# After the sixth round of tuning for issue 10 (a .org its name's initials spell; a linked service is no
# company; spellings with and without a particle are one person; a body one letter from a known body's
# name, a body's short name extended by the site's one longer name; a surname written once spelt as the
# article writes it more often; see BENCHMARKS.md), F1 on all 54 files, rounded down.
# First contact was actors 0.571, people 0.761, states 0.772, organizations 0.065, places 0.226, dates
# 0.476; the first round reached 0.701, 0.787, 0.808, 0.530, 0.696, 0.726; the second 0.729, 0.798,
# 0.876, 0.570, 0.750, 0.756; the third 0.795, 0.856, 0.876, 0.687, 0.848, 0.822; the fourth 0.876,
# 0.870, 0.964, 0.838, 0.871, 0.930; the fifth 0.892, 0.896, 0.964, 0.853, 0.871, 0.930.
FLOORS = {
    "actors": 0.90,         # P 0.941  R 0.875  F1 0.907
    "people": 0.90,         # P 0.962  R 0.855  F1 0.905
    "states": 0.96,         # P 0.964  R 0.964  F1 0.964
    "organizations": 0.87,  # P 0.908  R 0.853  F1 0.880
    "places": 0.87,         # P 0.898  R 0.846  F1 0.871
    "dates": 0.93,          # P 0.952  R 0.909  F1 0.930
}


@pytest.fixture(scope="module")
def quality():
    from .conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); the gold articles are read from it")
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import extraction_quality
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    golds = extraction_quality.load_gold(GOLD)
    return golds, extraction_quality.score_ours(golds, REPO / "docs", verbose=False)


def test_the_set_is_whole_and_split_into_its_two_slices(quality):
    golds, scores = quality
    assert len(golds) == 54
    assert {g["file"]: g["slice"] for g in golds if g["slice"] == "confirm"}.keys() == {
        name for index, name in enumerate(sorted(g["file"] for g in golds), start=1) if index % 4 == 0}
    assert {g["slice"] for g in golds} == {"tune", "confirm"}
    assert {"all", "slice: tune", "slice: confirm"} <= scores.keys()


@pytest.mark.parametrize("field", list(FLOORS))
def test_f1_on_unseen_beats_holds_its_floor(quality, field):
    _, scores = quality
    score = scores["all"][field]
    assert score.f1 >= FLOORS[field], (
        f"{field} F1 on tests/gold_beats fell to {score.f1:.3f} (floor {FLOORS[field]:.2f}, issue-10 target "
        f"{TARGETS.get(field, '-')}): {score.row()}")


def test_floors_and_targets_are_f1_values():
    """The floors say what holds, the targets what is wanted; a met target's floor may pass it
    (organizations, places and dates are above theirs), but any value outside (0, 1] is a typo."""
    assert all(0 < value <= 1 for value in (*FLOORS.values(), *TARGETS.values()))
