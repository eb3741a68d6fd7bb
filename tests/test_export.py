"""Exports read back by independent readers, with the node and edge counts of the projection."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pydot
import pytest
from rdflib import Dataset, Graph

from kg import export
from kg.errors import BadInput
from kg.io import read_rdf, union

from .conftest import ROOT

TTL = ROOT / "output" / "seed-article.ttl"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return union(read_rdf(TTL))


@pytest.fixture(scope="module")
def projected(graph: Graph) -> nx.MultiDiGraph:
    return export.to_networkx(graph)


def test_projection_counts_and_attributes(projected: nx.MultiDiGraph) -> None:
    types = [a["type"] for _, a in projected.nodes(data=True)]
    assert types.count("Statement") == 17
    assert len(types) - types.count("Statement") == 22  # 21 entities and the NTV interview
    aliyev = projected.nodes["https://w3id.org/kg-news/id/person/ilham-aliyev"]
    assert (aliyev["label"], aliyev["type"], aliyev["mention_count"], aliyev["article_count"]) == (
        "Ilham Aliyev",
        "Leader",
        8,
        1,
    )
    occ = [
        a
        for _, _, a in projected.edges(data=True)
        if a["predicate"] == "occupies" and a["claimed_by"] == "Ilham Aliyev"
    ]
    assert len(occ) == 3 and all("liberated 6 more villages" in a["evidence"] for a in occ)


def test_options_leave_out(graph: Graph) -> None:
    full = export.to_networkx(graph)
    no_st = export.to_networkx(graph, export.Options(statements=False))
    assert no_st.number_of_nodes() == 22
    narrator_only = export.to_networkx(graph, export.Options(statements=False, claims=False))
    assert all(a["narrator"] for _, _, a in narrator_only.edges(data=True))
    assert narrator_only.number_of_edges() < no_st.number_of_edges() < full.number_of_edges()
    high = export.to_networkx(graph, export.Options(statements=False, min_confidence=0.85))
    assert all(a["confidence"] >= 0.85 for _, _, a in high.edges(data=True))


def _counts(g: nx.MultiDiGraph) -> tuple[int, int]:
    return g.number_of_nodes(), g.number_of_edges()


def test_graphml_and_gexf(graph: Graph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    export.export(graph, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert _counts(back) == _counts(projected)
    node = back.nodes["https://w3id.org/kg-news/id/state/AZE"]
    assert (node["type"], node["wikidata"], node["mention_count"]) == ("State", "Q227", 11)
    export.export(graph, "gexf", tmp_path / "g.gexf")
    assert _counts(nx.read_gexf(tmp_path / "g.gexf")) == _counts(projected)


def test_dot(graph: Graph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    export.export(graph, "dot", tmp_path / "g.dot")
    graphs = pydot.graph_from_dot_file(str(tmp_path / "g.dot"))
    assert graphs is not None
    (parsed,) = graphs
    assert len(parsed.get_nodes()) - 2 == projected.number_of_nodes()  # pydot lists the graph/node defaults too
    assert len(parsed.get_edges()) == projected.number_of_edges()
    colors = {n.get("fillcolor") for n in parsed.get_nodes() if n.get("type") == '"State"'}
    assert colors == {'"#1f77b4"'}


def test_csv_neo4j_and_kumu(graph: Graph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes, edges = export.export(graph, "csv", tmp_path / "g.csv")
    with nodes.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == projected.number_of_nodes() and "id:ID" in rows[0]
    with edges.open() as fh:
        erows = list(csv.DictReader(fh))
    assert len(erows) == projected.number_of_edges() and {":START_ID", ":END_ID", ":TYPE"} <= set(erows[0])
    elements, connections = export.export(graph, "kumu", tmp_path / "k.csv")
    with connections.open() as fh:
        assert len(list(csv.DictReader(fh))) == projected.number_of_edges()
    assert elements.name == "k-elements.csv"


def test_cytoscape_json(graph: Graph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    export.export(graph, "cytoscape", tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text())
    assert (len(data["elements"]["nodes"]), len(data["elements"]["edges"])) == _counts(projected)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "nt", "json-ld"])
def test_rdf_formats_round_trip(graph: Graph, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"g.{fmt}"
    export.export(graph, fmt, out)
    back = Dataset().parse(out, format=fmt) if fmt in ("trig", "nquads") else Graph().parse(out, format=fmt)
    assert len(back) == len(graph)


def test_svg_and_html_are_self_contained(graph: Graph, tmp_path: Path) -> None:
    export.export(graph, "svg", tmp_path / "g.svg")
    svg = (tmp_path / "g.svg").read_text()
    assert svg.startswith("<svg") and svg.count("<circle") >= 21
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


def test_unknown_format(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="unknown export format 'pdf'; choose one of: graphml, gexf"):
        export.export(graph, "pdf", tmp_path / "x.pdf")
