from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg import api, article, inputs
from kg.api import Built, Outcome

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
SEED = ROOT / "data" / "seed-article.txt"
RUN_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

needs_shared = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus/dev is not present")


@pytest.fixture(scope="session")
def seed_built() -> Built:
    return api.build_article(article.read_article(SEED), run_time=RUN_TIME)


@pytest.fixture(scope="session")
def dev_outcomes() -> list[Outcome]:
    """Every dev article built once (Turtle, TriG and N-Quads), in two processes, for the tests
    that look at the whole dev corpus through the store, the endpoint, push and the SHACL engines."""
    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev is not present")
    opts = api.Options(run_time=RUN_TIME, files=True, nquads=True)
    return list(api.outcomes(inputs.iter_items([DEV]), opts, jobs=2))
