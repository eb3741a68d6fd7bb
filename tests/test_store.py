"""The corpus store: incremental builds, merging, replacement, locks, and queries both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from kg import article, query, store
from kg.errors import BadInput

from .conftest import ROOT, SEED

TEXT_A = "Azerbaijani President Ilham Aliyev said the Azerbaijani army liberated villages in Fuzuli."
TEXT_B = "Turkish President Recep Tayyip Erdogan reiterated Ankara's support for Azerbaijan."


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("store")
    src = _jsonl(tmp / "in.jsonl", [
        {"title": "A", "date": "2020-10-09", "source": "wire/a", "text": TEXT_A},
        {"title": "B", "date": "2020-10-10", "source": "wire/b", "text": TEXT_B},
    ])  # fmt: skip
    summary = store.add_articles(tmp / "db", store.iter_inputs([src]))
    assert (summary.articles, summary.added, summary.violations) == (2, 2, 0)
    return tmp


def test_same_articles_again_change_nothing(built_store: Path) -> None:
    before = store.stats(built_store / "db")
    summary = store.add_articles(built_store / "db", store.iter_inputs([built_store / "in.jsonl"]))
    assert (summary.unchanged, summary.added) == (2, 0)
    after = store.stats(built_store / "db")
    del before["disk_bytes"], after["disk_bytes"]  # RocksDB's files change when it compacts
    assert after == before


def test_entities_merge_across_articles(built_store: Path) -> None:
    q = """PREFIX kgo: <https://w3id.org/kg-news/ontology#>
    SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { <https://w3id.org/kg-news/id/state/AZE> kgo:mentionedIn ?a }"""
    names, rows = query.rows(query.run(q, store=built_store / "db"))
    assert rows == [["2"]]


def test_edited_article_replaces_its_facts(tmp_path: Path) -> None:
    db = tmp_path / "db"
    store.add_articles(db, store.iter_inputs([_jsonl(tmp_path / "1.jsonl", [{"source": "wire/a", "text": TEXT_A}])]))
    edited = TEXT_A.replace("Fuzuli", "Jabrayil")
    s = store.add_articles(
        db, store.iter_inputs([_jsonl(tmp_path / "2.jsonl", [{"source": "wire/a", "text": edited}])])
    )
    assert s.replaced == 1
    q = "SELECT ?o WHERE { ?s <https://w3id.org/kg-news/ontology#captures> ?o }"
    assert query.rows(query.run(q, store=db))[1] == []  # Aliyev's claim: not a plain fact of the store
    q = "SELECT ?o WHERE { GRAPH ?g { ?s <https://w3id.org/kg-news/ontology#captures> ?o } }"
    _, rows = query.rows(query.run(q, store=db))
    assert rows == [["https://w3id.org/kg-news/id/region/AZ-CAB"]]
    assert store.stats(db)["articles"] == 1


def test_bad_jsonl_line_is_reported_and_the_rest_proceeds(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"source": "wire/a", "text": TEXT_A}) + "\n{broken\n")
    items = list(store.iter_inputs([p]))
    assert [i.error for i in items] == [
        None,
        f"{p}:2: is not valid JSON (Expecting property name enclosed in double quotes); one article object per line",
    ]
    summary = store.add_articles(tmp_path / "db", items)
    assert (summary.added, summary.failed, summary.status) == (1, [f"{p}:2"], 2)


def test_store_in_use_by_server_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "db"
    db.mkdir()
    (db / store.LOCK).write_text(str(__import__("os").getpid()))
    with pytest.raises(BadInput, match="in use by `kg serve`"):
        store.open_store(db)


def test_missing_store_for_query(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no such store; build one with `kg build ARTICLES --store"):
        query.run("ASK {}", store=tmp_path / "none")


def _norm(cell: str) -> str:
    """GROUP_CONCAT's order is unspecified in SPARQL: compare its parts as a set."""
    return ", ".join(sorted(cell.split(", ")))


def test_saved_queries_same_results_in_oxigraph_and_rdflib() -> None:
    ttl = ROOT / "output" / "seed-article.ttl"
    g = rdflib.Graph().parse(ttl)
    assert len(query.saved_queries()) == 7
    for name, path in query.saved_queries().items():
        text = path.read_text()
        _, ox_rows = query.rows(query.run(text, [ttl]))
        rd_rows = [["" if v is None else str(v) for v in row] for row in g.query(text)]  # type: ignore[union-attr]
        assert sorted([_norm(c) for c in r] for r in ox_rows) == sorted([_norm(c) for c in r] for r in rd_rows), name


def test_query_timeout(tmp_path: Path) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(BadInput, match="ran longer than 1 s and was stopped"):
        query.run_with_timeout(slow, [ROOT / "output" / "seed-article.ttl"], store=None, timeout=1, fmt="csv")


def test_seed_file_exists() -> None:
    assert SEED.exists()


def test_damaged_store_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "db"
    db.mkdir()
    (db / "CURRENT").write_text("MANIFEST-999999\n")  # points at a manifest that does not exist
    with pytest.raises(BadInput, match="cannot open the store .*rebuild it from the articles"):
        store.open_store(db)
    assert (db / "CURRENT").read_text() == "MANIFEST-999999\n"  # nothing touched


def test_store_path_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(BadInput, match="is a file, not a store directory"):
        store.open_store(f)


def test_rdflib_api_over_oxigraph_gives_the_same_rows() -> None:
    ttl = ROOT / "output" / "seed-article.ttl"
    native = rdflib.Graph().parse(ttl)
    ox_backed = rdflib.Graph(store="Oxigraph")
    ox_backed.parse(ttl)
    for name, path in query.saved_queries().items():
        text = path.read_text()
        a = sorted(tuple(_norm(str(v)) for v in row) for row in native.query(text))  # type: ignore[union-attr]
        b = sorted(tuple(_norm(str(v)) for v in row) for row in ox_backed.query(text))  # type: ignore[union-attr]
        assert a == b, name


def test_saved_queries_on_the_store_layout_answer_as_on_the_merged_view(tmp_path: Path) -> None:
    """The store's default graph is the merged view: each saved query gives the same rows over
    the store as over the Turtle file, and claims are reached only with GRAPH."""
    db = tmp_path / "db"
    art = article.read_article(SEED, source="data/seed-article.txt")
    s = store.add_articles(db, [art])
    assert s.added == 1
    ttl = ROOT / "output" / "seed-article.ttl"
    for name, path in query.saved_queries().items():
        text = path.read_text()
        _, from_store = query.rows(query.run(text, store=db))
        _, from_file = query.rows(query.run(text, [ttl]))
        assert sorted(map(_norm_row, from_store)) == sorted(map(_norm_row, from_file)), name
    bare = "ASK { ?s <https://w3id.org/kg-news/ontology#captures> ?o }"
    assert bool(query.run(bare, store=db)) is False  # Aliyev's claims are not facts of the store
    in_graph = "ASK { GRAPH ?g { ?s <https://w3id.org/kg-news/ontology#captures> ?o } }"
    assert bool(query.run(in_graph, store=db)) is True


def _norm_row(row: list[str]) -> list[str]:
    return [_norm(c) for c in row]


def _evaluated(db: Path, text: str) -> list[tuple[object, ...]]:
    """A query's rows as Oxigraph evaluates it on the store (terms, in order), no view."""
    s = store.open_store(db, read_only=True)
    return [tuple(sol) for sol in s.query(text)]  # type: ignore[union-attr]


def _from_view(db: Path, text: str) -> list[tuple[object, ...]] | None:
    s = store.open_store(db, read_only=True)
    res = store.materialized(s, text)
    return None if res is None else [tuple(sol) for sol in res]


def _views_are_the_evaluation(db: Path) -> None:
    for name, path in query.saved_queries().items():
        text = path.read_text(encoding="utf-8")
        assert _from_view(db, text) == _evaluated(db, text), name
        assert [tuple(sol) for sol in query.run(text, store=db)] == _evaluated(db, text), name  # type: ignore[union-attr]


def test_views_follow_the_articles_added_replaced_and_again(tmp_path: Path) -> None:
    """Each build leaves the saved queries' results in the views graph, the rows evaluation
    gives, in its order: after adding, adding the same again (nothing rewritten), replacing."""
    db = tmp_path / "db"
    one = _jsonl(tmp_path / "1.jsonl", [{"source": "wire/a", "text": TEXT_A}])
    store.add_articles(db, store.iter_inputs([one]))
    _views_are_the_evaluation(db)
    said = query.saved_queries()["said-by"].read_text(encoding="utf-8")
    assert [str(r[0].value) for r in _from_view(db, said) or []] == ["Ilham Aliyev"]  # type: ignore[attr-defined]
    two = _jsonl(tmp_path / "2.jsonl", [{"source": "wire/b", "text": TEXT_B}])
    s = store.add_articles(db, store.iter_inputs([two]))
    assert s.added == 1 and s.views_seconds > 0
    _views_are_the_evaluation(db)
    assert {str(r[0].value) for r in _from_view(db, said) or []} == {"Ilham Aliyev", "Recep Tayyip Erdogan"}  # type: ignore[attr-defined]
    before = store.stats(db)
    s = store.add_articles(db, store.iter_inputs([one, two]))
    assert (s.unchanged, s.views_seconds) == (2, 0.0)  # the views are those of these articles: not rewritten
    after = store.stats(db)
    del before["disk_bytes"], after["disk_bytes"]
    assert after == before
    edited = _jsonl(tmp_path / "3.jsonl", [{"source": "wire/b", "text": TEXT_B.replace("Erdogan", "Erdoğan")}])
    s = store.add_articles(db, store.iter_inputs([edited]))
    assert s.replaced == 1
    _views_are_the_evaluation(db)


def test_a_store_without_views_or_with_stale_ones_is_evaluated(tmp_path: Path) -> None:
    """A store changed since its views were taken (an article taken out; a build stopped
    half-way), or built by an older kg (no views graph), is answered by evaluating the query."""
    db = tmp_path / "db"
    src = _jsonl(tmp_path / "in.jsonl", [{"source": "wire/a", "text": TEXT_A}, {"source": "wire/b", "text": TEXT_B}])
    store.add_articles(db, store.iter_inputs([src]))
    said = query.saved_queries()["said-by"].read_text(encoding="utf-8")
    assert _from_view(db, said) is not None
    s = store.open_store(db)
    arts = sorted(q.subject.value for q in s.quads_for_pattern(None, store.RDF_TYPE, store.NEWS_ARTICLE, store.DEFAULT))  # type: ignore[union-attr]
    store.remove_article(s, store.ox.NamedNode(arts[0]))
    del s
    assert _from_view(db, said) is None
    assert [tuple(sol) for sol in query.run(said, store=db)] == _evaluated(db, said)  # type: ignore[union-attr]
    store.add_articles(db, store.iter_inputs([src]))  # the next build puts it back and rewrites the views
    _views_are_the_evaluation(db)
    # a build that stops half-way: its first batch written, the views not rewritten
    more = _jsonl(tmp_path / "more.jsonl", [{"source": "wire/c", "text": TEXT_A.replace("Fuzuli", "Jabrayil")}])
    with pytest.raises(KeyboardInterrupt), store.Ingest(db, batch=1) as ing:
        from kg import api

        for o in api.outcomes(ing.filter(store.iter_inputs([more])), api.Options(files=False, nquads=True)):
            ing.add(o)
        raise KeyboardInterrupt
    assert _from_view(db, said) is None
    assert [tuple(sol) for sol in query.run(said, store=db)] == _evaluated(db, said)  # type: ignore[union-attr]
    s = store.open_store(db)  # a store built by an older kg: no views graph
    s.remove_graph(store.VIEWS)
    del s
    for name, path in query.saved_queries().items():
        text = path.read_text(encoding="utf-8")
        assert _from_view(db, text) is None
        assert [tuple(sol) for sol in query.run(text, store=db)] == _evaluated(db, text), name  # type: ignore[union-attr]
    s = store.open_store(db)  # the next build writes them (here: no new article)
    assert store.refresh_views(s) is True and store.refresh_views(s) is False
    del s
    _views_are_the_evaluation(db)


def test_a_kg_without_views_would_refuse_the_store_and_a_layout_one_manifest_spoils_them(tmp_path: Path) -> None:
    """kg before the views refused a store holding <id/manifest> (layout 1): the views' guard is
    there, so such a kg never writes behind the views' back; this kg builds on. A manifest
    of kg <= 0.1 written there makes the views stale and the store refused."""
    db = tmp_path / "db"
    src = _jsonl(tmp_path / "in.jsonl", [{"source": "wire/a", "text": TEXT_A}])
    store.add_articles(db, store.iter_inputs([src]))
    s = store.open_store(db)
    assert s.contains_named_graph(store.OLD_MANIFEST)  # what an older kg's build checks, and refuses
    del s
    assert store.add_articles(db, store.iter_inputs([src])).unchanged == 1
    said = query.saved_queries()["said-by"].read_text(encoding="utf-8")
    assert _from_view(db, said) is not None
    s = store.open_store(db)
    m = store.OLD_MANIFEST
    s.add(store.ox.Quad(m, store.ox.NamedNode("https://w3id.org/kg-news/ontology#article"), store.ox.Literal("x"), m))
    del s
    assert _from_view(db, said) is None
    with pytest.raises(BadInput, match="older kg"):
        store.add_articles(db, store.iter_inputs([src]))


def test_views_are_no_part_of_the_merged_view_or_exports(built_store: Path) -> None:
    """The views graph holds only kgv: terms and results as literals, in its own named graph:
    nothing of it in the default graph, in export_graph or export_dataset; a --bind is evaluated."""
    db = built_store / "db"
    s = store.open_store(db, read_only=True)
    assert s.contains_named_graph(store.VIEWS)
    preds = {q.predicate.value for q in s.quads_for_pattern(None, None, None, store.VIEWS)}
    assert preds and all(p.startswith(store.VIEW_NS) for p in preds)
    assert not list(s.quads_for_pattern(None, store.VIEW_RESULT, None, store.DEFAULT))
    assert not any(str(p).startswith(store.VIEW_NS) for p in store.export_graph(db).predicates())
    ds = store.export_dataset(db)
    graphs = {str(g.identifier) for g in ds.graphs()}
    assert store.VIEWS.value not in graphs and store.OLD_MANIFEST.value not in graphs
    assert not any(str(p).startswith(store.VIEW_NS) for _, p, _, _ in ds.quads())
    del s
    said = query.saved_queries()["said-by"].read_text(encoding="utf-8")
    _, rows = query.rows(query.run(said, store=db, binds=['who="Ilham Aliyev"']))
    assert rows and {r[0] for r in rows} == {"Ilham Aliyev"}


def test_bound_saved_queries_from_the_views_are_the_evaluation(built_store: Path) -> None:
    """--bind on a saved query reads the view's rows holding the bound term: for every column of every
    saved query and every value it takes in the store (and one it never takes), exactly the rows
    Oxigraph gives with the variable bound, in order."""
    import pyoxigraph as ox

    db = built_store / "db"
    s = store.open_store(db, read_only=True)
    checked = 0
    for name, path in query.saved_queries().items():
        text = path.read_text(encoding="utf-8")
        full = store.materialized(s, text)
        assert full is not None, name
        variables = list(full.variables)
        rows = [tuple(sol) for sol in full]
        required = store.required_variables(text)
        for i, var in enumerate(variables):
            if var.value not in required:  # bound inside OPTIONAL or made by AS: evaluated, not filtered
                assert store.materialized(s, text, {var: ox.Literal("x")}) is None, (name, var)
                continue
            values = list(dict.fromkeys(r[i] for r in rows if r[i] is not None))[:6] + [ox.Literal("no such value")]
            for value in values:
                subs = {var: value}
                evaluated = [tuple(sol) for sol in s.query(text, substitutions=subs)]  # type: ignore[union-attr]
                view = store.materialized(s, text, subs)  # type: ignore[arg-type]
                assert view is not None, (name, var)
                assert [tuple(sol) for sol in view] == evaluated, (name, var, value)
                checked += 1
    assert checked > 40
    assert "who" in store.required_variables(query.saved_queries()["said-by"].read_text(encoding="utf-8"))
