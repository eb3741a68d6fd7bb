from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg import api, article
from kg.api import Built

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
SEED = ROOT / "data" / "seed-article.txt"
RUN_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

needs_shared = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus/dev is not present")


@pytest.fixture(scope="session")
def seed_built() -> Built:
    return api.build_article(article.read_article(SEED), run_time=RUN_TIME)
