"""The saved queries written for speed (subqueries that Oxigraph hash-joins, sort keys bound
before ORDER BY) answer exactly as their plain forms (tests/reference_queries, the queries as
they were before) on a store of the dev texts: the same rows, in the same order of the ORDER BY
keys, both evaluated and as `kg query --store` gives them (from the store's materialized views).
Rows whose keys tie may come in another order: SPARQL leaves it open and Oxigraph's sort is not
stable, so only the order of the keys is compared. The views themselves are the evaluation's
rows, term for term (datatypes, unbound values) and in its order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg import api, query, store

from .conftest import ROOT, needs_shared

pytestmark = needs_shared

REFERENCE = ROOT / "tests" / "reference_queries"
# each rewritten query's ORDER BY, as variables: those not selected are added to the projection
ORDER = {
    "evidence": ["sentence", "subject"],
    "resolutions": ["resolution"],
    "said-by": ["who", "b"],
    "statements": ["speaker", "b"],
}


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory, dev_outcomes: list[api.Outcome]) -> Path:
    db = tmp_path_factory.mktemp("speed") / "db"
    with store.Ingest(db) as ing:
        for o in dev_outcomes:
            ing.add(o)
    assert ing.summary.failed == [] and ing.summary.added > 10
    return db


def _with_keys(text: str, keys: list[str]) -> str:
    """The query with its hidden ORDER BY variables also selected (the outer SELECT begins a line)."""
    head, sep, tail = text.partition("\nSELECT ")
    assert sep
    return head + sep + "".join(f"?{k} " for k in keys) + tail


def _answer(text: str, db: Path, binds: list[str] | None = None) -> tuple[list[str], list[list[str]]]:
    return query.rows(query.run(text, store=db, binds=binds))


def _evaluated(text: str, db: Path, binds: list[str] | None = None) -> tuple[list[str], list[list[str]]]:
    """The query evaluated by Oxigraph, never read from the views."""
    subs = query.substitutions(binds)
    return query.rows(store.open_store(db, read_only=True).query(text, substitutions=subs))


def _same(
    saved: str, plain: str, keys: list[str], db: Path, binds: list[str] | None = None, *, evaluate: bool = False
) -> int:
    answer = _evaluated if evaluate else _answer
    names, rows = answer(saved, db, binds)
    ref_names, ref_rows = _answer(plain, db, binds)
    assert names == ref_names
    assert Counter(map(tuple, rows)) == Counter(map(tuple, ref_rows))
    # the order: the keys, row by row, with the hidden ones selected too
    hidden = [k for k in keys if k not in names]
    if hidden:
        names, rows = answer(_with_keys(saved, hidden), db, binds)
        ref_names, ref_rows = _answer(_with_keys(plain, hidden), db, binds)
        assert Counter(map(tuple, rows)) == Counter(map(tuple, ref_rows))
    at = [names.index(k) for k in keys]
    assert [[r[i] for i in at] for r in rows] == [[r[i] for i in at] for r in ref_rows]
    return len(rows)


def test_every_rewritten_query_has_its_plain_form() -> None:
    saved = query.saved_queries()
    assert sorted(p.stem for p in REFERENCE.glob("*.rq")) == sorted(ORDER)
    assert set(ORDER) <= set(saved)


@pytest.mark.parametrize("name", sorted(ORDER))
def test_saved_query_answers_as_its_plain_form(name: str, dev_store: Path) -> None:
    saved = query.saved_queries()[name].read_text(encoding="utf-8")
    plain = (REFERENCE / f"{name}.rq").read_text(encoding="utf-8")
    assert saved != plain
    assert _same(saved, plain, ORDER[name], dev_store, evaluate=True) > 0
    assert _same(saved, plain, ORDER[name], dev_store) > 0  # as kg query gives it: from the views


@pytest.mark.parametrize("name", sorted(query.saved_queries()))
def test_the_view_is_the_evaluation_term_for_term(name: str, dev_store: Path) -> None:
    text = query.saved_queries()[name].read_text(encoding="utf-8")
    db = store.open_store(dev_store, read_only=True)
    view = store.materialized(db, text)
    assert view is not None
    got = [tuple(sol) for sol in view]
    assert got and got == [tuple(sol) for sol in db.query(text)]  # type: ignore[union-attr]
    assert [v.value for v in view.variables] == [v.value for v in db.query(text).variables]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "bind"), [("said-by", 'who="Ilham Aliyev"'), ("statements", "speaker=António Guterres")]
)
def test_bound_speaker_answers_as_the_plain_form(name: str, bind: str, dev_store: Path) -> None:
    saved = query.saved_queries()[name].read_text(encoding="utf-8")
    plain = (REFERENCE / f"{name}.rq").read_text(encoding="utf-8")
    assert _same(saved, plain, ORDER[name], dev_store, [bind]) > 0  # a --bind is evaluated, never from the views
