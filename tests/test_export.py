"""Exports read back by independent readers (networkx, igraph, pydot, ElementTree, rdflib, PyLD),
with the node and edge counts of the projection, the named graphs of the dataset, and the
details each tool needs (unique edge ids, viz:color, Kumu IDs, Neo4j labels)."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx
import pydot
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg import export, rdf
from kg.api import Built
from kg.errors import BadInput
from kg.io import read_rdf

from .conftest import ROOT

TTL = ROOT / "output" / "seed-article.ttl"
ALIYEV = "https://w3id.org/kg-news/id/person/ilham-aliyev"
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz's dot is not installed (scripts/test.sh installs it as root)"
)


@pytest.fixture(scope="module")
def dataset(seed_built: Built) -> Dataset:
    return seed_built.dataset


@pytest.fixture(scope="module")
def graph(seed_built: Built) -> Graph:
    return seed_built.graph


@pytest.fixture(scope="module")
def projected(graph: Graph) -> nx.MultiDiGraph:
    return export.to_networkx(graph)


def test_projection_counts_and_attributes(projected: nx.MultiDiGraph) -> None:
    types = [a["type"] for _, a in projected.nodes(data=True)]
    assert types.count("Statement") == 17
    assert len(types) - types.count("Statement") == 21  # the 21 entities (the NTV interview is an occasion, no entity)
    aliyev = projected.nodes[ALIYEV]
    assert (aliyev["label"], aliyev["type"], aliyev["labels"], aliyev["mention_count"], aliyev["article_count"]) == (
        "Ilham Aliyev",
        "Leader",
        "Leader;Person",
        8,
        1,
    )
    occ = [
        a
        for _, _, a in projected.edges(data=True)
        if a["predicate"] == "occupies" and a["claimed_by"] == "Ilham Aliyev"
    ]
    assert len(occ) == 3 and all("liberated 6 more villages" in a["evidence"] for a in occ)
    ids = [a["id"] for _, _, a in projected.edges(data=True)]
    assert len(ids) == len(set(ids)) == projected.number_of_edges()


def test_projection_is_the_same_from_the_dataset_and_the_merged_view(dataset: Dataset, graph: Graph) -> None:
    a, b = export.to_networkx(dataset), export.to_networkx(graph)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_options_leave_out(graph: Graph) -> None:
    full = export.to_networkx(graph)
    no_st = export.to_networkx(graph, export.Options(statements=False))
    assert no_st.number_of_nodes() == 21
    narrator_only = export.to_networkx(graph, export.Options(statements=False, claims=False))
    assert all(a["narrator"] for _, _, a in narrator_only.edges(data=True))
    assert narrator_only.number_of_edges() < no_st.number_of_edges() < full.number_of_edges()
    high = export.to_networkx(graph, export.Options(statements=False, min_confidence=0.85))
    assert all(a["confidence"] >= 0.85 for _, _, a in high.edges(data=True))


def _counts(g: nx.MultiDiGraph) -> tuple[int, int]:
    return g.number_of_nodes(), g.number_of_edges()


def test_graphml_read_by_networkx_and_igraph(graph: Graph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    export.export(graph, "graphml", out)
    back = nx.read_graphml(out)
    assert _counts(back) == _counts(projected)
    node = back.nodes["https://w3id.org/kg-news/id/state/AZE"]
    assert (node["type"], node["wikidata"], node["mention_count"]) == ("State", "Q227", 12)
    ig = igraph.Graph.Read_GraphML(str(out))
    assert (ig.vcount(), ig.ecount()) == _counts(projected)
    assert sorted(ig.es["predicate"]) == sorted(a["predicate"] for _, _, a in projected.edges(data=True))
    # Gephi Lite and sigma.js key edges on their id: every id once
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = [e.get("id") for e in ET.parse(out).getroot().iterfind(".//g:edge", ns)]
    assert len(ids) == len(set(ids)) == projected.number_of_edges()


def test_gexf_has_a_name_colors_and_edge_ids(graph: Graph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "g.gexf"
    export.export(graph, "gexf", out, title="Seed article")
    assert _counts(nx.read_gexf(out)) == _counts(projected)
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    root = ET.parse(out).getroot()
    assert root.find("g:graph", ns).get("name") == "Seed article"  # type: ignore[union-attr]
    nodes = root.findall(".//g:node", ns)
    colors = {n.get("id"): n.find("viz:color", ns) for n in nodes}
    assert all(c is not None for c in colors.values())
    aze = colors["https://w3id.org/kg-news/id/state/AZE"]
    assert aze is not None and (aze.get("r"), aze.get("g"), aze.get("b")) == ("31", "119", "180")  # State #1f77b4
    ids = [e.get("id") for e in root.findall(".//g:edge", ns)]
    assert len(ids) == len(set(ids)) == projected.number_of_edges()


def test_dot_read_by_pydot(graph: Graph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    export.export(graph, "dot", tmp_path / "g.dot")
    graphs = pydot.graph_from_dot_file(str(tmp_path / "g.dot"))
    assert graphs is not None
    (parsed,) = graphs
    nodes = [n for n in parsed.get_nodes() if n.get_name() not in ("node", "edge", "graph")]  # the defaults
    assert len(nodes) == projected.number_of_nodes()
    assert len(parsed.get_edges()) == projected.number_of_edges()
    assert {n.get("fillcolor") for n in nodes if n.get("type") == "State"} == {'"#1f77b4"'}
    assert {n.get("iri").strip('"') for n in nodes} == set(projected.nodes)
    styles = {e.get("style") for e in parsed.get_edges()}
    assert styles == {"solid", "dashed"}


def test_neo4j_csv_keeps_labels_and_statements(graph: Graph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes, edges = export.export(graph, "csv", tmp_path / "g.csv")
    with nodes.open() as fh:
        rows = {r["id:ID"]: r for r in csv.DictReader(fh)}
    assert len(rows) == projected.number_of_nodes()
    assert rows[ALIYEV][":LABEL"] == "Leader;Person"
    statements = [r for r in rows.values() if r[":LABEL"] == "Statement"]
    assert len(statements) == 17 and all(r["content"] and r["speaker"] and r["evidence"] for r in statements)
    with edges.open() as fh:
        erows = list(csv.DictReader(fh))
    assert len(erows) == projected.number_of_edges() and {":START_ID", ":END_ID", ":TYPE", "evidence"} <= set(erows[0])
    assert {r[":START_ID"] for r in erows} | {r[":END_ID"] for r in erows} <= set(rows)
    assert {r["narrator:boolean"] for r in erows} == {"true", "false"}


def test_kumu_ids_keep_equal_labels_and_parallel_connections_apart(tmp_path: Path) -> None:
    """Two entities named alike and two claims of one fact: Kumu sees two elements, two connections."""
    g = Graph()
    g.parse(
        data="""@prefix kgo: <https://w3id.org/kg-news/ontology#> . @prefix kg: <https://w3id.org/kg-news/id/> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:georgia-state> a kgo:State ; rdfs:label "Georgia" .
        <urn:georgia-region> a kgo:Region ; rdfs:label "Georgia" .
        <urn:russia> a kgo:State ; rdfs:label "Russia" .
        <urn:alice> a kgo:Person ; rdfs:label "Alice" .
        <urn:art> a kgo:NewsArticle .
        <urn:a1> a kgo:Assertion ; rdf:subject <urn:russia> ; rdf:predicate kgo:occupies ; rdf:object <urn:georgia-region> ;
            kgo:claimedBy <urn:art> ; kgo:confidence 0.9 .
        <urn:a2> a kgo:Assertion ; rdf:subject <urn:russia> ; rdf:predicate kgo:occupies ; rdf:object <urn:georgia-region> ;
            kgo:claimedBy <urn:alice> ; kgo:confidence 0.7 .
        <urn:a3> a kgo:Assertion ; rdf:subject <urn:russia> ; rdf:predicate kgo:attacks ; rdf:object <urn:georgia-state> ;
            kgo:claimedBy <urn:art> ; kgo:confidence 0.9 .""",
        format="turtle",
    )
    elements, connections = export.export(g, "kumu", tmp_path / "k.csv")
    assert elements.name == "k-elements.csv"
    with elements.open() as fh:
        els = list(csv.DictReader(fh))
    with connections.open() as fh:
        conns = list(csv.DictReader(fh))
    assert [r["Label"] for r in els].count("Georgia") == 2
    assert list(els[0])[:3] == ["ID", "Label", "Type"] and list(conns[0])[:3] == ["ID", "From", "To"]
    ids = {r["ID"] for r in els}
    assert all(r["From"] in ids and r["To"] in ids for r in conns)
    occupies = sorted((r["To"], r["Claimed by"]) for r in conns if r["Type"] == "occupies")
    assert occupies == [("urn:georgia-region", "Alice"), ("urn:georgia-region", "narrator")]
    assert len({r["ID"] for r in conns}) == len(conns) == 3


def test_cytoscape_json(graph: Graph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    export.export(graph, "cytoscape", tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text())
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert (len(nodes), len(edges)) == _counts(projected)
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    back = nx.cytoscape_graph(data)  # networkx's own reader of the format
    assert _counts(back) == _counts(projected)


def _graphs(ds: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@pytest.mark.parametrize("fmt", ["trig", "nquads", "json-ld"])
def test_rdf_formats_keep_every_named_graph(dataset: Dataset, fmt: str, tmp_path: Path) -> None:
    """TriG, N-Quads and JSON-LD carry every graph: the speakers' claims stay in their graphs."""
    out = tmp_path / f"g.{export.RDF_FORMATS[fmt]}"
    export.export(dataset, fmt, out)
    back = read_rdf(out)
    want, got = _graphs(dataset), _graphs(back)
    assert len(want) == 8 and set(got) == set(want)
    for name, g in want.items():
        assert isomorphic(g, got[name]), name


def test_turtle_and_ntriples_hold_the_merged_view(dataset: Dataset, graph: Graph, tmp_path: Path) -> None:
    for fmt in ("turtle", "nt"):
        out = tmp_path / f"g.{export.RDF_FORMATS[fmt]}"
        export.export(dataset, fmt, out)
        assert isomorphic(Graph().parse(out), graph), fmt


def test_conventional_prefixes(dataset: Dataset, tmp_path: Path) -> None:
    export.export(dataset, "trig", tmp_path / "g.trig")
    export.export(dataset, "turtle", tmp_path / "g.ttl")
    for name in ("g.trig", "g.ttl"):
        text = (tmp_path / name).read_text()
        assert "@prefix kgo: <https://w3id.org/kg-news/ontology#> ." in text, name
        assert "@prefix wd: <http://www.wikidata.org/entity/> ." in text and "wd:Q227" in text, name
        assert "ns1:" not in text, name


def test_json_ld_is_compact_with_kgs_context_and_read_by_pyld(dataset: Dataset, tmp_path: Path) -> None:
    from pyld import jsonld

    out = tmp_path / "g.jsonld"
    export.export(dataset, "json-ld", out)
    doc = json.loads(out.read_text())
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text())
    assert doc["@context"] == shipped["@context"] == rdf.jsonld_context()
    assert set(shipped["@context"].items()) <= {(k, v) for k, v in rdf.PREFIXES.items()}
    ids = [n["@id"] for n in doc["@graph"]]
    assert "kg:state/AZE" in ids  # compacted
    named = [n for n in doc["@graph"] if "@graph" in n]
    assert len(named) == 7  # the narrator's graph and six claim graphs
    # PyLD, the JSON-LD reference implementation, reads it back to the same quads
    quads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    back = Dataset().parse(data=quads, format="nquads")
    assert len(back) == len(dataset) and len(list(back.quads())) == len(list(dataset.quads()))


@needs_dot
def test_svg_laid_out_by_graphviz(graph: Graph, tmp_path: Path) -> None:
    opts = export.Options(statements=False)
    export.export(graph, "svg", tmp_path / "a.svg", opts)
    export.export(graph, "svg", tmp_path / "b.svg", opts)
    text = (tmp_path / "a.svg").read_text()
    assert text == (tmp_path / "b.svg").read_text()  # the same graph, the same file
    assert "Generated by graphviz" not in text  # no tool version in the file
    root = ET.fromstring(text.split("\n", 3)[3])  # after the XML declaration and DOCTYPE
    ns = {"s": "http://www.w3.org/2000/svg"}
    nodes = [g for g in root.iterfind(".//s:g", ns) if g.get("class") == "node"]
    assert len(nodes) == 21
    texts = {t.text for t in root.iterfind(".//s:text", ns)}
    assert {"Ilham Aliyev", "Armenia", "Fuzuli"} <= texts and any("a speaker's claim" in (t or "") for t in texts)
    # no two node boxes overlap (Graphviz's dot guarantees it; checked on the drawn polygons)
    boxes = []
    for g in nodes:
        path = g.find(".//s:path", ns)  # a rounded box: M x,y C x,y x,y ...
        assert path is not None
        nums = [float(x) for x in path.get("d", "").replace("M", " ").replace("C", " ").replace(",", " ").split()]
        xs, ys = nums[0::2], nums[1::2]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_svg_without_graphviz_falls_back(graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import graphviz

    def missing(*args: object, **kwargs: object) -> bytes:
        raise graphviz.ExecutableNotFound(("dot",))

    monkeypatch.setattr(graphviz.Digraph, "pipe", missing)
    export.export(graph, "svg", tmp_path / "g.svg", export.Options(statements=False))
    svg = (tmp_path / "g.svg").read_text()
    assert svg.startswith("<svg") and svg.count("<circle") >= 21
    export.export(graph, "svg", tmp_path / "h.svg", export.Options(statements=False))
    assert (tmp_path / "h.svg").read_text() == svg


def test_html_without_graphviz_lays_out_in_the_browser(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graphviz

    def missing(*args: object, **kwargs: object) -> bytes:
        raise graphviz.ExecutableNotFound(("dot",))

    monkeypatch.setattr(graphviz.Digraph, "pipe", missing)
    export.export(graph, "html", tmp_path / "g.html")
    page = (tmp_path / "g.html").read_text()
    assert '"px":' not in page and "name: 'cose'" in page  # no positions: the page's own layout


def test_an_empty_graph_exports_everywhere(tmp_path: Path) -> None:
    for fmt in export.FORMATS:
        written = export.export(Graph(), fmt, tmp_path / f"empty.{fmt}")
        assert all(p.exists() for p in written), fmt


def test_html_is_self_contained(graph: Graph, tmp_path: Path) -> None:
    export.export(graph, "html", tmp_path / "g.html")
    page = (tmp_path / "g.html").read_text()
    assert "cytoscape" in page and "http://" not in page.split("<script>", 1)[0].replace("http://www.w3.org", "")
    assert "<script src" not in page


def test_construct_subset(tmp_path: Path) -> None:
    q = "PREFIX kgo: <https://w3id.org/kg-news/ontology#> CONSTRUCT { ?s kgo:leaderOf ?o } WHERE { ?s kgo:leaderOf ?o }"
    g = export.load_graph([TTL], construct=q)
    nxg = export.to_networkx(g)
    assert _counts(nxg) == (4, 2)
    with pytest.raises(BadInput, match="must be a CONSTRUCT query"):
        export.load_graph([TTL], construct="SELECT * WHERE { ?s ?p ?o }")


def test_construct_sees_claims_only_in_their_graphs() -> None:
    trig = ROOT / "output" / "seed-article.trig"
    plain = (
        "PREFIX kgo: <https://w3id.org/kg-news/ontology#> CONSTRUCT { ?s kgo:occupies ?o } WHERE { ?s kgo:occupies ?o }"
    )
    claimed = plain.replace("WHERE { ?s kgo:occupies ?o }", "WHERE { GRAPH ?g { ?s kgo:occupies ?o } }")
    narrator = export.to_networkx(export.load_graph([trig], construct=plain))
    everyone = export.to_networkx(export.load_graph([trig], construct=claimed))
    assert narrator.number_of_edges() < everyone.number_of_edges()


def test_csv_formats_refuse_stdout(graph: Graph) -> None:
    with pytest.raises(BadInput, match="writes two files; give -o PREFIX instead of -o -"):
        export.export(graph, "csv", "-")


def test_unknown_format(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="unknown export format 'pdf'; choose one of: graphml, gexf"):
        export.export(graph, "pdf", tmp_path / "x.pdf")
