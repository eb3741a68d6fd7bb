"""Corpus builds: serial, parallel and Dask builds give the same graph; a dead worker loses no
other article; nothing is lost (names, bad inputs, JSON Lines, violating facts); the store's
corpus layout (each entity once, no claim as a bare fact, exact replacement, honest counts)."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from kg import api, article, inputs, query, rdf, store
from kg.cli import main
from kg.model import Entity, EntityType, Evidence, Extraction, Mention, Relation, Sentence
from kg.namespace import KGO

from .conftest import DEV, RUN_TIME, SEED, needs_shared

DEV_FILES = sorted(DEV.glob("*.json"))[1:3] if DEV.is_dir() else []


def _iso(a: Graph, b: Graph) -> None:
    ia, ib = to_isomorphic(a), to_isomorphic(b)
    if ia != ib:
        _, only_a, only_b = graph_diff(ia, ib)
        lines = sorted(f"- {t}" for t in only_a)[:10] + sorted(f"+ {t}" for t in only_b)[:10]
        raise AssertionError("graphs differ:\n" + "\n".join(lines))


def _same_dataset(a: Dataset, b: Dataset) -> None:
    names_a = {str(g.identifier) for g in a.graphs() if len(g)}
    names_b = {str(g.identifier) for g in b.graphs() if len(g)}
    assert names_a == names_b
    for name in names_a:
        _iso(a.graph(URIRef(name)) if name != str(a.default_graph.identifier) else a.default_graph,
             b.graph(URIRef(name)) if name != str(b.default_graph.identifier) else b.default_graph)  # fmt: skip


@pytest.fixture(scope="module")
def serial_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "db"
    s = store.add_articles(db, inputs.iter_items([SEED, *DEV_FILES]), jobs=1, run_time=RUN_TIME)
    assert s.failed == [] and s.rejected == []
    return db


def test_parallel_store_is_the_serial_store(serial_store: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    s = store.add_articles(db, inputs.iter_items([SEED, *DEV_FILES]), jobs=2, batch=3, run_time=RUN_TIME)
    assert s.added == 1 + len(DEV_FILES)
    _same_dataset(store.export_dataset(serial_store), store.export_dataset(db))


@pytest.mark.slow
def test_dask_store_is_the_serial_store(serial_store: Path, tmp_path: Path) -> None:
    from kg import distributed

    with distributed.connect("local", workers=2) as client:
        s = distributed.build_store(
            client, inputs.iter_items([SEED, *DEV_FILES]), tmp_path / "db", partition=2, run_time=RUN_TIME
        )
        assert (s.added, s.failed) == (1 + len(DEV_FILES), [])
        files = list(distributed.outcomes(client, inputs.iter_items([SEED]), api.Options(run_time=RUN_TIME)))
    _same_dataset(store.export_dataset(serial_store), store.export_dataset(tmp_path / "db"))
    assert [o.name for o in files] == [str(SEED)] and files[0].ttl
    assert not list(tmp_path.glob(".kg-shards-*")), "shards are removed after loading"


def _items(tmp_path: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        p = tmp_path / "in" / f"a{i}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_text(
            f"Report {i}\nAzerbaijani President Ilham Aliyev met Turkish President Recep Tayyip Erdogan in Baku on day {i}.\n"
        )
        paths.append(p)
    return paths


def _killer(marker_dir: Path, victim: str, always: bool):  # type: ignore[no-untyped-def]
    real = api.process

    def process(item: inputs.Item, opts: api.Options = api.Options(), *, doc: Any = None) -> api.Outcome:  # noqa: B008
        if item.name.endswith(victim):
            marker = marker_dir / f"killed-{os.getpid()}"
            if always or not any(marker_dir.glob("killed-*")):
                marker.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        return real(item, opts, doc=doc)

    return process


def test_a_killed_worker_loses_no_other_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _items(tmp_path, 6)
    monkeypatch.setattr(api, "process", _killer(tmp_path, "a2.txt", always=False))
    opts = api.Options(run_time=RUN_TIME)
    got = list(api.outcomes(inputs.iter_items(paths), opts, jobs=2, chunk=2))
    assert list(tmp_path.glob("killed-*")), "the worker was killed"
    assert [o.name for o in got] == [str(p) for p in paths]
    assert all(o.kept for o in got), [o.error for o in got]
    monkeypatch.undo()
    serial = list(api.outcomes(inputs.iter_items(paths), opts, jobs=1))
    assert [o.trig for o in got] == [o.trig for o in serial]


def test_an_article_that_kills_every_worker_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _items(tmp_path, 4)
    monkeypatch.setattr(api, "process", _killer(tmp_path, "a1.txt", always=True))
    got = list(api.outcomes(inputs.iter_items(paths), api.Options(), jobs=2, chunk=2))
    assert [o.kept for o in got] == [True, False, True, True]
    assert got[1].error == f"{paths[1]}: the worker building it died twice; left out"


def test_two_files_with_one_name_in_two_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for d, who in (("f1", "Ilham Aliyev"), ("f2", "Nikol Pashinyan")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(f"Title\n{who} spoke in Baku.\n")
    code = main(["build", "f1/a.txt", "f2/a.txt", "-o", "out", "-j", "1"])
    assert code == 0
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.ttl"))
    assert written == ["a.ttl", "f2/a.ttl"]
    # in a store too: two sources, two articles, neither replacing the other
    s = store.add_articles(tmp_path / "db", inputs.iter_items(["f1/a.txt", "f2/a.txt"]))
    assert (s.added, s.replaced, s.store["articles"]) == (2, 0, 2)
    assert inputs.default_source(Path("f2/a.txt")) == "f2/a.txt"


def test_a_bad_input_is_reported_and_the_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _items(tmp_path, 2)
    empty = tmp_path / "in" / "empty.txt"
    empty.write_text("")
    jl = tmp_path / "in.jsonl"
    jl.write_text(json.dumps({"source": "s1", "text": "Armenia and Azerbaijan signed a ceasefire."}) + "\n{bad\n")
    code = main(["build", str(good[0]), str(empty), str(jl), str(good[1]), "-o", str(tmp_path / "out"), "-j", "2"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"kg: {empty}: the article is empty" in err
    assert f"kg: {jl}:2: is not valid JSON" in err
    assert out.rstrip().splitlines()[-1] == f"3 articles built; 2 failed: {empty}, {jl}:2"
    assert sorted(p.name for p in (tmp_path / "out").glob("*.ttl")) == ["a0.ttl", "a1.ttl", "in.jsonl-1.ttl"][:2] + [
        "in-1.ttl"
    ]


def test_json_lines_without_store_is_one_article_per_line(tmp_path: Path) -> None:
    jl = tmp_path / "two.jsonl"
    jl.write_text(
        json.dumps({"title": "One", "source": "s1", "text": "Armenia accused Azerbaijan."})
        + "\n"
        + json.dumps({"title": "Two", "source": "s2", "text": "Russia supports Armenia."})
        + "\n"
    )
    built = api.build([jl])
    assert [b.article.title for b in built] == ["One", "Two"]


def _looping_places() -> Extraction:
    text = "Stepanakert is in Shusha and Shusha is in Stepanakert, Armenia said."
    art = article.from_text(text, title="Loop", source="hand-made")
    s = [Sentence(0, 0, len(text), text)]

    def ent(key: str, typ: EntityType, label: str, start: int) -> Entity:
        return Entity(key, typ, label, mentions=[Mention(start, start + len(label), label, 0, "test")])

    ents = {
        "settlement/stepanakert": ent("settlement/stepanakert", EntityType.SETTLEMENT, "Stepanakert", 0),
        "settlement/shusha": ent("settlement/shusha", EntityType.SETTLEMENT, "Shusha", 18),
        "state/ARM": ent("state/ARM", EntityType.STATE, "Armenia", 55),
    }
    ev = Evidence(0, 0, len(text), "test", 0.9)
    rels = [
        Relation("settlement/stepanakert", "located_in", "settlement/shusha", ev),
        Relation("settlement/shusha", "located_in", "settlement/stepanakert", ev),
        Relation("settlement/shusha", "located_in", "state/ARM", ev),
    ]
    return Extraction(article=art, sentences=s, entities=ents, relations=rels)


def test_violating_facts_are_taken_out_and_the_article_kept() -> None:
    x = _looping_places()
    ds, merged, report, removed = api.graph_of(x, run_time=RUN_TIME)
    assert report.conforms
    assert sorted((r.what, r.violation.focus, r.violation.message) for r in removed) == [
        ("relation", "<https://w3id.org/kg-news/id/settlement/shusha>", "a place is located in a State or a Region"),
        (
            "relation",
            "<https://w3id.org/kg-news/id/settlement/stepanakert>",
            "a place is located in a State or a Region",
        ),
    ]
    shusha, arm = rdf.entity_iri("settlement/shusha"), rdf.entity_iri("state/ARM")
    located = {(s, o) for s, _, o in merged.triples((None, KGO.locatedIn, None))}
    assert located == {(shusha, arm)}  # the one good fact is kept
    assert len(list(merged.subjects(RDF.type, KGO.Assertion))) == 1
    assert len(list(merged.subjects(RDF.type, KGO.Mention))) == 3


def test_violating_article_in_a_parallel_build_is_treated_as_in_a_serial_one(monkeypatch: pytest.MonkeyPatch) -> None:
    x = _looping_places()
    monkeypatch.setattr(api.pipeline, "extract", lambda art, model=None, doc=None: x)
    items = [inputs.Item(f"loop{i}", x.article) for i in range(3)]
    serial = list(api.outcomes(items, api.Options(run_time=RUN_TIME), jobs=1))
    par = list(api.outcomes(items, api.Options(run_time=RUN_TIME), jobs=2, chunk=1))
    assert [o.messages() for o in serial] == [o.messages() for o in par]
    assert serial[0].messages()[0].startswith("loop0: relation https://w3id.org/kg-news/id/settlement/")
    assert [o.trig for o in serial] == [o.trig for o in par]


def test_store_layout_each_entity_once_and_no_bare_claims(serial_store: Path) -> None:
    q = """PREFIX kgo: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?e (COUNT(?l) AS ?n) WHERE { ?e kgo:mentionCount ?c ; rdfs:label ?l } GROUP BY ?e HAVING (COUNT(?l) > 1)"""
    assert query.rows(query.run(q, store=serial_store))[1] == []
    g = store.export_graph(serial_store)
    aze = URIRef("https://w3id.org/kg-news/id/state/AZE")
    assert len(list(g.objects(aze, RDFS.label))) == 1
    assert len(list(g.objects(aze, KGO.mentionCount))) == 1
    assert len(list(g.objects(aze, KGO.mentionedIn))) >= 2
    _no_bare_claims(store.export_dataset(serial_store))


def _no_bare_claims(ds: Dataset) -> None:
    """Every relation triple of the default graph is one some narrator states."""
    narrated: set[tuple[object, object, object]] = set()
    for ctx in ds.graphs():
        if str(ctx.identifier).endswith("/narrator"):
            narrated.update(ctx)
    preds = set(rdf.IRI_PREDICATE)
    bare = {t for t in ds.default_graph if t[1] in preds}
    assert bare and bare <= narrated, sorted(bare - narrated)[:5]
    claims = {t for ctx in ds.graphs() if str(ctx.identifier).endswith("/claims") for t in ctx}
    assert claims, "claim graphs are there, reachable with GRAPH"


def test_mention_counts_add_up_and_replacement_is_exact(tmp_path: Path) -> None:
    db = tmp_path / "db"
    a = {"source": "wire/a", "text": "Azerbaijan and Armenia. Azerbaijan again."}
    b = {"source": "wire/b", "text": "Azerbaijan said so."}
    jl = tmp_path / "1.jsonl"
    jl.write_text(json.dumps(a) + "\n" + json.dumps(b) + "\n")
    store.add_articles(db, inputs.iter_items([jl]))
    aze = "<https://w3id.org/kg-news/id/state/AZE>"
    count = f"PREFIX kgo: <https://w3id.org/kg-news/ontology#> SELECT ?c WHERE {{ {aze} kgo:mentionCount ?c }}"
    assert query.rows(query.run(count, store=db))[1] == [["3"]]
    before = store.stats(db)
    edited = tmp_path / "2.jsonl"
    edited.write_text(
        json.dumps({"source": "wire/a", "text": "Azerbaijan and Armenia. Azerbaijan again. Azerbaijan."}) + "\n"
    )
    s = store.add_articles(db, inputs.iter_items([edited]))
    assert s.replaced == 1
    assert query.rows(query.run(count, store=db))[1] == [["4"]]
    after = store.stats(db)
    assert (after["articles"], after["entities"]) == (before["articles"], before["entities"])
    # a clean build of the same two articles is the same store
    clean = tmp_path / "clean"
    jl2 = tmp_path / "3.jsonl"
    jl2.write_text(edited.read_text() + json.dumps(b) + "\n")
    store.add_articles(clean, inputs.iter_items([jl2]), run_time=RUN_TIME)
    strip = "https://w3id.org/kg-news/id/run/"
    ga = Graph()
    gb = Graph()
    for g, d in ((ga, db), (gb, clean)):
        for t in store.export_graph(d):
            if not str(t[0]).startswith(strip):
                g.add(t)
    _iso(ga, gb)


def test_stats_and_summary_count_the_store(serial_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    st = store.stats(serial_store)
    assert st["articles"] == 1 + len(DEV_FILES)
    by_type = st["entities_by_type"]
    assert isinstance(by_type, dict) and by_type["State"] >= 5
    assert sum(st["facts_by_predicate"].values()) == st["facts"]  # type: ignore[attr-defined]
    assert st["disk_bytes"] > 0  # type: ignore[operator]
    assert main(["stats", "--store", str(serial_store)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"articles: {st['articles']}\nentities: {st['entities']}\n")


@needs_shared
def test_no_claim_becomes_a_bare_fact_through_store_and_endpoint(
    tmp_path: Path, dev_outcomes: list[api.Outcome]
) -> None:
    from kg import serve

    db = tmp_path / "db"
    with store.Ingest(db) as ing:
        for o in dev_outcomes:
            ing.add(o)
    assert ing.summary.failed == [] and ing.summary.added == len(list(DEV.glob("*.json")))
    _no_bare_claims(store.export_dataset(db))
    # the endpoint serves the same default graph: every bare relation is a narrator's
    import socket
    import urllib.parse
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    srv = serve.start(db, port=port)
    try:
        q = """PREFIX kgo: <https://w3id.org/kg-news/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(kgo:)))
          FILTER(?p IN (kgo:occupies, kgo:captures, kgo:attacks, kgo:supports, kgo:demands, kgo:leaderOf, kgo:locatedIn, kgo:partOf,
                        kgo:memberOf, kgo:issuedBy, kgo:inConflictWith, kgo:negotiatesWith, kgo:capitalOf, kgo:resolutionAbout))
          FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } ?g a kgo:NarratorGraph } }"""
        url = f"{srv.url}/query?{urllib.parse.urlencode({'query': q})}"
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            data = json.load(resp)
        assert data["results"]["bindings"][0]["n"]["value"] == "0"
    finally:
        srv.stop()


@needs_shared
def test_the_text_path_writes_what_the_graph_path_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build checks a conforming article from its quads' N-Triples forms and writes them as they
    are; an article with something to report, or the reference engine, goes through the rdflib
    Dataset. Both give the same bytes and counts (the sample and three dev articles of other
    genres), and the forms are the dataset's own."""
    items = [inputs.Item("seed", article.read_article(SEED))] + [
        inputs.Item(p.name, article.read_article(p))
        for p in sorted(DEV.glob("*.json"))
        if p.name.startswith(("09-", "13-", "35-"))
    ]
    opts = api.Options(run_time=RUN_TIME, files=True, nquads=True, store_layout=True)
    fast = api.process_many(items, opts)
    monkeypatch.setenv("KG_SHACL_ENGINE", "pyshacl")
    slow = api.process_many(items, opts)
    assert len(fast) == 4
    for f, s in zip(fast, slow, strict=True):
        assert f.kept and s.kept, (f.messages(), s.messages())
        assert (f.ttl, f.trig, f.nquads, f.counts, f.mention_counts) == (
            s.ttl,
            s.trig,
            s.nquads,
            s.counts,
            s.mention_counts,
        )
        assert f.counts["entities"] > 5 and f.counts["relations"] > 0
    made = rdf.article_rdf(api.extract(article.read_article(SEED)), run_time=RUN_TIME)
    ds = made.dataset()
    assert made.forms().nquads() == rdf.to_nquads(ds)
    assert set(made.merged_graph()) == set(rdf.merged_view(ds))
