"""Regression guard for the article scorer: the pipeline's scores on the project's own example
gold readings (always present) and on the shared seed article (skipped when absent) must not
drop below the floors recorded here. Each floor sits a little under the figure measured when it
was set (in the comment beside it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from procopius.evaluation.articles import score_files
from procopius.pipeline import process
from procopius.readers import read_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "gold"
SEED = ROOT / ".." / "shared" / "gold" / "articles"

# measured with `procopius eval articles tests/gold`
EXAMPLE_FLOORS = {
    ("events", "f1"): 0.90,  # 0.95
    ("events", "type_accuracy"): 0.95,  # 1.00
    ("events", "date_accuracy"): 0.95,  # 0.99
    ("claims", "f1"): 0.85,  # 0.90
    ("claims", "value_accuracy"): 0.93,  # 0.98
    ("claims", "claimant_accuracy"): 0.80,  # 0.85
}
# measured with `procopius eval articles ../shared/gold/articles`
SEED_FLOORS = {
    ("events", "f1"): 0.95,  # 1.00
    ("events", "type_accuracy"): 0.95,  # 1.00
    ("events", "date_accuracy"): 0.95,  # 1.00
    ("events", "location_accuracy"): 0.95,  # 1.00
    ("claims", "f1"): 0.95,  # 1.00
    ("claims", "claimant_accuracy"): 0.95,  # 1.00
    ("claims", "value_accuracy"): 0.95,  # 1.00
    ("profile", "aliases", "recall"): 0.95,  # 1.00
    ("profile", "people", "recall"): 0.95,  # 1.00
    ("profile", "parents", "recall"): 1.0,  # 1.00
    ("profile", "founded", "recall"): 1.0,  # 1.00
}


def _run(text: str, published: str | None, name: str) -> list[dict]:
    return process(read_text(text, source=name, published=published, fmt="plain")).to_dicts()


def _get(result: dict, path: tuple[str, ...]) -> float:
    value = result["overall"]
    for key in path:
        value = value[key]
    return value


@pytest.mark.parametrize(
    ("folder", "floors"),
    [(EXAMPLES, EXAMPLE_FLOORS), (SEED, SEED_FLOORS)],
    ids=["examples", "seed"],
)
def test_article_scores_stay_above_their_floors(folder: Path, floors: dict) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    result = score_files([folder], _run)
    low = {
        ".".join(path): (_get(result, path), floor)
        for path, floor in floors.items()
        if _get(result, path) < floor
    }
    assert not low, f"scores under their floors: {low}"
