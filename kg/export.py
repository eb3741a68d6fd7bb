"""Export stage: project a kg graph onto a property graph (networkx) and write it for
visualization tools: GraphML and GEXF (Gephi, yEd, Cytoscape), Cytoscape.js JSON, Graphviz DOT,
CSV for Neo4j's and Kumu's importers, a picture (SVG, laid out by Graphviz), an offline HTML
page, and the RDF formats.

Nodes are entities (IRI, label, type, external ids, mention and article counts); edges are
relations (predicate, who claims it, confidence, article count, the evidence sentence);
statements may be nodes linking their speaker to what they are about.

The input is a Dataset (kg's files, or a store): the RDF formats that hold graphs (TriG,
N-Quads, JSON-LD) keep every named graph; Turtle and N-Triples hold the merged view (the
default graph and the narrator's graphs), where a speaker's claim is only an attributed
assertion. The projection reads the merged view.
"""

from __future__ import annotations

import csv
import html
import importlib.resources
import io
import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.namespace import SKOS

from kg import io as kgio
from kg import rdf
from kg.errors import BadInput
from kg.namespace import KGO
from kg.rdf import CLASS_TYPE, IRI_PREDICATE

COLORS = {
    "State": "#1f77b4",
    "Leader": "#d62728",
    "Person": "#ff9896",
    "Organization": "#2ca02c",
    "UNResolution": "#9467bd",
    "Region": "#8c564b",
    "Settlement": "#e377c2",
    "Event": "#bcbd22",
    "Statement": "#7f7f7f",
}
"""A color per node type, the same in every format (DOT, GEXF viz:color, SVG, HTML)."""

GRAPH_FORMATS = ("graphml", "gexf", "cytoscape", "dot", "csv", "kumu", "html", "svg")
RDF_FORMATS = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "nt": "nt", "json-ld": "jsonld"}
FORMATS = GRAPH_FORMATS + tuple(RDF_FORMATS)


@dataclass
class Options:
    """What the projection keeps: statements, speakers' claims, facts at or above a confidence."""

    statements: bool = True
    claims: bool = True  # include relations claimed by a speaker (not only the narrator's)
    min_confidence: float = 0.0
    construct: str | None = None


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _label(g: Graph, node: Any) -> str:
    lab = g.value(node, RDFS.label)
    return str(lab) if lab is not None else _local(node)


def _as_graph(data: Graph | Dataset) -> Graph:
    return rdf.merged_view(data) if isinstance(data, Dataset) else data


def to_networkx(data: Graph | Dataset, opts: Options | None = None) -> nx.MultiDiGraph:
    """Project a graph (a Dataset: its merged view) onto a networkx MultiDiGraph: entities and
    statements as nodes, relations (from their attributed assertions), event participants and
    statements' speakers and topics as edges. Nodes and edges come in a fixed order, and every
    edge has a unique "id", so that every writer gives the same file for the same graph."""
    g = _as_graph(data)
    opts = opts or Options()
    out = nx.MultiDiGraph()
    # entities
    for cls, etype in CLASS_TYPE.items():
        for node in sorted(g.subjects(RDF.type, cls), key=str):
            iri = str(node)
            if iri in out:
                continue  # a Leader is also typed Person: keep the narrower type, listed first
            seen_in = {str(a) for a in g.objects(node, KGO.mentionedIn)}
            mentions = sum(int(str(m)) for m in g.objects(node, KGO.mentionCount))
            attrs = {
                "iri": iri,
                "label": _label(g, node),
                "type": etype.value,
                "labels": ";".join(t.value for c, t in CLASS_TYPE.items() if (node, RDF.type, c) in g),
                "color": COLORS[etype.value],
                "mention_count": mentions,
                "article_count": len(seen_in),
                "alt_labels": "; ".join(sorted({str(a) for a in g.objects(node, SKOS.altLabel)})),
            }
            for prop, key in (
                (KGO.wikidataId, "wikidata"),
                (KGO.isoAlpha3, "iso3166_alpha3"),
                (KGO.iso3166_2, "iso3166_2"),
                (KGO.kind, "kind"),
            ):
                val = g.value(node, prop)
                if val is not None:
                    attrs[key] = str(val)
            out.add_node(iri, **attrs)
    # relations, from their attributed assertions
    edges: dict[tuple[str, str, str, str], dict[str, object]] = {}
    articles: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for a in g.subjects(RDF.type, KGO.Assertion):
        s, p, o = g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)
        if s is None or p is None or o is None or str(s) not in out or str(o) not in out:
            continue
        claimant = g.value(a, KGO.claimedBy)
        narrator = claimant is not None and (claimant, RDF.type, KGO.NewsArticle) in g
        if not narrator and not opts.claims:
            continue
        conf = float(g.value(a, KGO.confidence) or 0)  # type: ignore[arg-type]
        if conf < opts.min_confidence:
            continue
        sentence = g.value(a, KGO.inSentence)
        evidence = str(g.value(sentence, KGO.anchorOf) or "") if sentence is not None else ""
        article = g.value(a, KGO.inArticle)
        pred = IRI_PREDICATE.get(p, _local(p))  # type: ignore[call-overload]
        claimed_by = "narrator" if narrator else _label(g, claimant) if claimant is not None else "unknown"
        ekey = (str(s), pred, str(o), claimed_by)
        articles[(str(s), pred, str(o))].add(str(article))
        candidate = {
            "predicate": pred,
            "label": pred.replace("_", " "),
            "claimed_by": claimed_by,
            "narrator": narrator,
            "confidence": conf,
            "evidence": evidence,
            "article_source": str(g.value(article, KGO.articleSource) or "") if article is not None else "",
        }
        old = edges.get(ekey)
        if old is None or (conf, evidence) > (float(old["confidence"]), str(old["evidence"])):  # type: ignore[arg-type]
            edges[ekey] = candidate
    for (su, pr, ob, _), eattrs in sorted(edges.items()):
        eattrs["article_count"] = len(articles[(su, pr, ob)])
        out.add_edge(su, ob, key=f"{pr}|{eattrs['claimed_by']}", **eattrs)
    # events and their participants
    for ev in sorted(g.subjects(RDF.type, KGO.Event), key=str) if opts.min_confidence <= 0.6 else ():
        for part in sorted(g.objects(ev, KGO.participant), key=str):
            if str(ev) in out and str(part) in out:
                out.add_edge(str(ev), str(part), key="participant", predicate="participant", label="participant", claimed_by="",
                             narrator=True, confidence=0.6, evidence="", article_count=1, article_source="")  # fmt: skip
    # statements
    if opts.statements:
        for st in sorted(g.subjects(RDF.type, KGO.Statement), key=str):
            speaker = g.value(st, KGO.speaker)
            if speaker is None or str(speaker) not in out:
                continue
            content = str(g.value(st, KGO.content) or "")
            sentence = g.value(st, KGO.inSentence)
            evidence = str(g.value(sentence, KGO.anchorOf) or "") if sentence is not None else ""
            date = g.value(st, KGO.statementDate)
            short = content if len(content) <= 40 else content[:39].rstrip() + "…"
            out.add_node(
                str(st), iri=str(st), label=short, type="Statement", labels="Statement", color=COLORS["Statement"],
                content=content, speaker=_label(g, speaker), date=str(date) if date else "",
                medium=str(g.value(st, KGO.medium) or ""), evidence=evidence, mention_count=0, article_count=1,
            )  # fmt: skip
            out.add_edge(str(speaker), str(st), key="said", predicate="said", label="said", claimed_by=_label(g, speaker),
                         narrator=False, confidence=1.0, evidence=evidence, article_count=1, article_source="")  # fmt: skip
            for about in sorted(g.objects(st, KGO.about), key=str):
                if str(about) in out:
                    out.add_edge(str(st), str(about), key="about", predicate="about", label="about", claimed_by="",
                                 narrator=False, confidence=1.0, evidence="", article_count=1, article_source="")  # fmt: skip
    for i, (_, _, a) in enumerate(out.edges(data=True)):
        a["id"] = f"e{i}"
    return out


def load_dataset(paths: list[str | Path], *, store: str | Path | None = None) -> Dataset:
    """RDF files ('-' reads standard input) or a store, as one Dataset, graph names kept."""
    if store is not None:
        from kg.store import export_graph

        # the store serves its union for now; its layout (default graph = the merged view,
        # claims in named graphs) comes with the corpus-scale issue
        ds = Dataset()
        for t in export_graph(store):
            ds.default_graph.add(t)
        return ds
    if not paths:
        raise BadInput("give RDF files or --store DIR to export")
    if len(paths) == 1:
        return kgio.read_rdf(paths[0])
    ds = Dataset()
    for p in paths:
        for q in kgio.read_rdf(p).quads((None, None, None, None)):
            s, pr, o, ctx = q
            name = getattr(ctx, "identifier", ctx)
            graph = ds.default_graph if name is None or name == kgio.DEFAULT else ds.graph(name)
            graph.add((s, pr, o))
    return ds


def load_graph(
    paths: list[str | Path],
    *,
    store: str | Path | None = None,
    construct: str | None = None,
    allow_service: bool = False,
) -> Graph:
    """The merged view of RDF files or a store (or of a CONSTRUCT's result over them): what the
    projection (to_networkx) reads."""
    ds = load_dataset(paths, store=store)
    return rdf.merged_view(select(ds, construct, allow_service=allow_service) if construct else ds)


def select(ds: Dataset, construct: str, *, allow_service: bool = False) -> Dataset:
    """The result of a SPARQL CONSTRUCT over the dataset (the default graph is the merged view;
    claim graphs are reachable with GRAPH), with the descriptions of the nodes it names; plain
    relation triples of the result become narrator assertions, so the projection shows them."""
    from kg.query import refuse_service

    refuse_service(construct, allow=allow_service)  # a CONSTRUCT with SERVICE would send requests
    view = Dataset()
    for t in rdf.merged_view(ds):
        view.default_graph.add(t)
    narrators = rdf.narrator_graphs(ds)
    for ctx in ds.graphs():
        if ctx.identifier != ds.default_graph.identifier and ctx.identifier not in narrators:
            for t in ctx:
                view.graph(ctx.identifier).add(t)
    g = view.default_graph
    try:
        result = view.query(construct)
    except Exception as exc:
        raise BadInput(f"--construct: not a valid SPARQL CONSTRUCT query: {exc}") from exc
    if result.type != "CONSTRUCT" or result.graph is None:
        raise BadInput("--construct: the query must be a CONSTRUCT query")
    out = Dataset()
    sub = out.default_graph
    for t in result.graph:
        sub.add(t)
    # keep entity descriptions for the nodes the result names
    nodes = {n for t in sub for n in (t[0], t[2]) if isinstance(n, URIRef)}
    for n in nodes:
        for t in g.triples((n, None, None)):
            if t[1] in (RDF.type, RDFS.label, KGO.mentionCount, KGO.mentionedIn, KGO.wikidataId, SKOS.altLabel):
                sub.add(t)
    _reify_plain(sub)
    return out


def _reify_plain(g: Graph) -> None:
    from rdflib import BNode, Literal

    asserted = {(g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object))
                for a in g.subjects(RDF.type, KGO.Assertion)}  # fmt: skip
    for s, p, o in sorted(g):
        if p in IRI_PREDICATE and (s, p, o) not in asserted:
            a = BNode()
            g.add((a, RDF.type, KGO.Assertion))
            g.add((a, RDF.subject, s))
            g.add((a, RDF.predicate, p))
            g.add((a, RDF.object, o))
            g.add((a, KGO.confidence, Literal(1.0)))


def _scalar(attrs: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in attrs.items() if isinstance(v, (str, int, float, bool))}


def _clean(nxg: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph()
    for n, a in nxg.nodes(data=True):
        h.add_node(n, **_scalar(a))
    for u, v, k, a in nxg.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **_scalar(a))
    return h


def _solid(a: dict[str, Any]) -> bool:
    """An edge drawn solid: the article's own voice, or a statement's link to its speaker/topic.
    A speaker's claim is drawn dashed."""
    return bool(a.get("narrator")) or a.get("predicate") in ("said", "about", "participant")


def to_dot(nxg: nx.MultiDiGraph, *, title: str = "kg graph") -> Any:
    """A graphviz.Digraph (its .source is the DOT text): a color per type, claims dashed, kg's
    attributes (iri, type, claimed_by, ...) kept on nodes and edges. Node ids are n0, n1, ...
    (an IRI's colon would read as a DOT port); the IRI is the node's iri attribute."""
    import graphviz

    dot = graphviz.Digraph("kg", comment=title)
    dot.attr("graph", rankdir="LR", fontname="Helvetica")
    dot.attr("node", shape="box", style="rounded,filled", fontname="Helvetica", fontsize="11")
    dot.attr("edge", fontname="Helvetica", fontsize="9", color="#777777", fontcolor="#444444")
    ids = {n: f"n{i}" for i, n in enumerate(nxg.nodes)}
    for n, a in nxg.nodes(data=True):
        label = str(a.get("label", n))
        extra = {k: str(a[k]) for k in ("type", "wikidata") if a.get(k)}
        dot.node(ids[n], label=label, fillcolor=str(a.get("color", "#cccccc")), tooltip=label, iri=str(n), **extra)
    for u, v, a in nxg.edges(data=True):
        dot.edge(
            ids[u], ids[v], label=str(a.get("label", "")), style="solid" if _solid(a) else "dashed",
            id=str(a.get("id", "")), claimed_by=str(a.get("claimed_by", "")),
        )  # fmt: skip
    return dot


def _csv(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def to_neo4j_csv(nxg: nx.MultiDiGraph) -> tuple[str, str]:
    """Nodes and relationships files for `neo4j-admin database import`: :LABEL holds every type
    (Leader;Person), statements keep their words, relationships their claimant and sentence."""
    nodes: list[list[object]] = [
        ["id:ID", "name", ":LABEL", "wikidata", "mention_count:int", "article_count:int",
         "content", "speaker", "date", "medium", "evidence"]
    ]  # fmt: skip
    for n, a in nxg.nodes(data=True):
        nodes.append(
            [n, a.get("label", ""), a.get("labels") or a.get("type", ""), a.get("wikidata", ""),
             a.get("mention_count", 0), a.get("article_count", 0), a.get("content", ""), a.get("speaker", ""),
             a.get("date", ""), a.get("medium", ""), a.get("evidence", "")]
        )  # fmt: skip
    edges: list[list[object]] = [
        [":START_ID", ":END_ID", ":TYPE", "id", "claimed_by", "narrator:boolean", "confidence:float",
         "article_count:int", "evidence"]
    ]  # fmt: skip
    for u, v, a in nxg.edges(data=True):
        edges.append(
            [u, v, str(a.get("predicate", "")).upper(), a.get("id", ""), a.get("claimed_by", ""),
             str(bool(a.get("narrator"))).lower(), a.get("confidence", 0), a.get("article_count", 0),
             a.get("evidence", "")]
        )  # fmt: skip
    return _csv(nodes), _csv(edges)


def to_kumu_csv(nxg: nx.MultiDiGraph) -> tuple[str, str]:
    """Elements and connections sheets for Kumu: an ID column first (connections name their
    elements by ID, so equal labels never merge, and parallel connections stay apart), then
    Kumu's own fields and kg's as custom fields."""
    elements: list[list[object]] = [
        ["ID", "Label", "Type", "Description", "Tags", "IRI", "Wikidata", "Mentions", "Articles", "Speaker", "Date"]
    ]
    for n, a in nxg.nodes(data=True):
        description = a.get("content") or a.get("alt_labels", "")
        tags = "|".join(t for t in str(a.get("labels", "")).split(";") if t)
        elements.append(
            [n, a.get("label", ""), a.get("type", ""), description, tags, a.get("iri", n), a.get("wikidata", ""),
             a.get("mention_count", 0), a.get("article_count", 0), a.get("speaker", ""), a.get("date", "")]
        )  # fmt: skip
    conns: list[list[object]] = [
        [
            "ID",
            "From",
            "To",
            "Type",
            "Description",
            "Tags",
            "Claimed by",
            "Narrator",
            "Confidence",
            "Articles",
            "Source",
        ]
    ]
    for u, v, a in nxg.edges(data=True):
        claimed_by = str(a.get("claimed_by", ""))
        conns.append(
            [a.get("id", ""), u, v, a.get("label", ""), a.get("evidence", ""), claimed_by, claimed_by,
             "yes" if a.get("narrator") else "no", a.get("confidence", 0), a.get("article_count", 0),
             a.get("article_source", "")]
        )  # fmt: skip
    return _csv(elements), _csv(conns)


def to_cytoscape(nxg: nx.MultiDiGraph) -> dict[str, Any]:
    """Cytoscape.js JSON (elements: nodes and edges, each with a unique id), by networkx."""
    data: dict[str, Any] = nx.cytoscape_data(nxg, name="label")
    return data


def _rgb(color: str) -> dict[str, int | float]:
    c = color.lstrip("#")
    return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16), "a": 1.0}


def to_gexf(nxg: nx.MultiDiGraph, title: str = "kg graph") -> bytes:
    """GEXF 1.2 for Gephi: the graph named, nodes with viz:color, edges with their ids."""
    g = _clean(nxg)
    g.graph["name"] = title
    for _, a in g.nodes(data=True):
        a["viz"] = {"color": _rgb(str(a.get("color", "#cccccc")))}
    buf = io.BytesIO()
    nx.write_gexf(g, buf)
    return buf.getvalue()


def to_graphml(nxg: nx.MultiDiGraph) -> bytes:
    """GraphML with one unique id per edge (Gephi Lite and sigma.js key edges on it)."""
    g = nx.MultiDiGraph()
    for n, a in nxg.nodes(data=True):
        g.add_node(n, **_scalar(a))
    for u, v, a in nxg.edges(data=True):  # the edge's id as its key: networkx writes it as <edge id=...>
        g.add_edge(u, v, key=str(a["id"]), **{k: x for k, x in _scalar(a).items() if k != "id"})
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    return buf.getvalue()


def layout(nxg: nx.MultiDiGraph, engine: str = "dot") -> dict[str, tuple[float, float]]:
    """Node positions (y down) for the HTML page, from Graphviz: dot (ranks, as in the picture) or neato
    (a spring model, more compact) with overlaps removed. No two node boxes overlap, and the same
    graph gets the same layout (neato's start is seeded). Empty without Graphviz."""
    import graphviz

    dot = to_dot(nxg)
    if engine == "neato":
        dot.attr("graph", overlap="false", sep="+8", start="random7")
    try:
        plain = dot.pipe(format="plain", engine=engine, quiet=True).decode("utf-8")
    except graphviz.ExecutableNotFound:
        return {}
    names = {f"n{i}": n for i, n in enumerate(nxg.nodes)}
    lines = [ln.split() for ln in plain.splitlines()]
    height = float(lines[0][3])
    scale = 72 * 0.75  # inches to points, then points to the page's pixels (its fonts are 11px, not 11pt)
    return {
        names[ln[1]]: (round(float(ln[2]) * scale, 1), round((height - float(ln[3])) * scale, 1))
        for ln in lines
        if ln[0] == "node"
    }


def script_json(value: object) -> str:
    """JSON to sit inside <script type="application/json">: no character of it can end the element
    or open a comment there ('<', '>', '&' escaped as \\u003c ...), and U+2028/2029 escaped too."""
    text = json.dumps(value, ensure_ascii=False)
    for c in "<>&\u2028\u2029":
        text = text.replace(c, f"\\u{ord(c):04x}")
    return text


def to_html(nxg: nx.MultiDiGraph, title: str = "kg graph") -> str:
    """One offline page: Cytoscape.js inlined, kg's page (kg/web/page.html), the graph as data in
    <script type="application/json"> elements read with JSON.parse. It opens on the entities laid out
    by Graphviz's dot; statements, shown on request, come with a layout by Graphviz's neato; filters
    lay out what remains again in the browser. Every marker of the template is filled in one pass,
    so nothing inserted (an article's text, the title, the library) is ever read as a marker."""
    lib = (importlib.resources.files("kg.web") / "cytoscape.min.js").read_text(encoding="utf-8")
    page = (importlib.resources.files("kg.web") / "page.html").read_text(encoding="utf-8")
    entities = nxg.subgraph([n for n, a in nxg.nodes(data=True) if a.get("type") != "Statement"])
    views = {"p": layout(nx.MultiDiGraph(entities)), "q": layout(nxg, "neato")}
    g = nxg.copy()
    for prefix, pos in views.items():
        for n, (x, y) in pos.items():
            g.nodes[n][f"{prefix}x"], g.nodes[n][f"{prefix}y"] = x, y
    fill = {
        "{{TITLE}}": html.escape(title),
        "/*CYTOSCAPE*/": lib.replace("</script", "<\\/script"),
        "/*DATA*/": script_json(to_cytoscape(g)["elements"]),
        "/*COLORS*/": script_json(COLORS),
    }
    return re.sub("|".join(re.escape(k) for k in fill), lambda m: fill[m.group(0)], page)


def _legend_label(nxg: nx.MultiDiGraph) -> str:
    """An HTML-like Graphviz label: the colors of the types present, and the two edge styles."""
    present = {a.get("type") for _, a in nxg.nodes(data=True)}
    cells = "".join(
        f'<td bgcolor="{c}" width="12" height="12"></td><td align="left">{t}  </td>'
        for t, c in COLORS.items()
        if t in present
    )
    styles = "solid edge: the article's own voice (narrator)    dashed edge: a speaker's claim"
    colors = f"<tr>{cells}</tr>" if cells else ""
    span = max(1, 2 * len([t for t in COLORS if t in present]))
    return f'<<table border="0" cellspacing="3" cellpadding="1">{colors}<tr><td colspan="{span}" align="left">{styles}</td></tr></table>>'


def to_svg(nxg: nx.MultiDiGraph, *, title: str = "kg graph") -> str:
    """A static picture laid out by Graphviz (dot): no two labels collide, and the same graph
    gives the same file. Without Graphviz installed, a seeded spring layout (networkx)."""
    import graphviz

    # parallel edges of one predicate (the same fact claimed by several voices) drawn once:
    # solid if the article states it, dashed if only speakers claim it
    merged = nx.MultiDiGraph()
    merged.add_nodes_from(nxg.nodes(data=True))
    for u, v, a in nxg.edges(data=True):
        key = str(a.get("predicate", ""))
        if merged.has_edge(u, v, key):
            b = merged.edges[u, v, key]
            b["narrator"] = bool(b.get("narrator")) or bool(a.get("narrator"))
            b["claimed_by"] = ", ".join(
                sorted({*str(b["claimed_by"]).split(", "), str(a.get("claimed_by", ""))} - {""})
            )
        else:
            merged.add_edge(u, v, key, **a)
    dot = to_dot(merged, title=title)
    dot.attr("graph", label=_legend_label(nxg), labelloc="t", labeljust="l", nodesep="0.25", ranksep="0.6",
             bgcolor="white", pad="0.2")  # fmt: skip
    try:
        svg = dot.pipe(format="svg", engine="dot", quiet=True).decode("utf-8")
    except graphviz.ExecutableNotFound:
        return _svg_spring(nxg)
    # the comment Graphviz writes holds its version: drop it, so the file depends on the graph only
    return re.sub(r"<!-- Generated by graphviz.*?-->\n", "", svg, count=1, flags=re.S)


def _svg_spring(nxg: nx.MultiDiGraph, width: int = 1100, height: int = 760, seed: int = 7) -> str:
    """The picture without Graphviz: a seeded spring layout over the nodes in a fixed order."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nxg.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in nxg.edges() if u != v))
    linked = simple.subgraph([n for n in simple if simple.degree(n) > 0])
    isolated = sorted((n for n in simple if simple.degree(n) == 0), key=lambda n: str(nxg.nodes[n].get("label", n)))
    pos = nx.spring_layout(linked, seed=seed, k=2.2 / max(1, len(linked)) ** 0.5, iterations=300) if len(linked) else {}
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    pad, legend_h = 80, 28
    row = 40 if isolated else 0  # nodes without relations go in a row at the bottom

    def xy(n: str) -> tuple[float, float]:
        if n not in pos:
            i = isolated.index(n)
            return pad + i * (width - 2 * pad) / max(1, len(isolated)), height - 25
        x, y = pos[n]
        fx = (x - min(xs)) / ((max(xs) - min(xs)) or 1)
        fy = (y - min(ys)) / ((max(ys) - min(ys)) or 1)
        return pad + fx * (width - 2.5 * pad), legend_h + pad / 2 + fy * (height - legend_h - pad - row)

    e = html.escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#777"/></marker></defs>',
             f'<rect width="{width}" height="{height}" fill="white"/>']  # fmt: skip
    for u, v, a in nxg.edges(data=True):
        (x1, y1), (x2, y2) = xy(u), xy(v)
        dash = "" if _solid(a) else ' stroke-dasharray="5,3"'
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#999" stroke-width="1.2"{dash} marker-end="url(#arrow)"/>'
        )
        parts.append(
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2:.1f}" font-size="8" fill="#555" text-anchor="middle">{e(str(a.get("label", "")))}</text>'
        )
    for n, a in nxg.nodes(data=True):
        x, y = xy(n)
        r = 5 if a.get("type") == "Statement" else 9
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{a.get("color", "#ccc")}" stroke="#333" stroke-width="0.8"><title>{e(str(a.get("label", n)))}</title></circle>'
        )
        if a.get("type") != "Statement":
            parts.append(
                f'<text x="{x + 11:.1f}" y="{y + 4:.1f}" font-size="11">{e(str(a.get("label", n))[:40])}</text>'
            )
    x = 10.0
    present = {a.get("type") for _, a in nxg.nodes(data=True)}
    for t, c in COLORS.items():
        if t in present:
            parts.append(
                f'<circle cx="{x + 6}" cy="16" r="6" fill="{c}"/><text x="{x + 16}" y="20" font-size="12">{t}</text>'
            )
            x += 26 + 7.5 * len(t)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def rdf_bytes(ds: Dataset, fmt: str) -> bytes:
    """The dataset in an RDF format: TriG, N-Quads and JSON-LD hold every graph; Turtle and
    N-Triples, which hold one graph, the merged view (claims only as attributed assertions)."""
    if fmt == "trig":
        return rdf.to_trig(ds)
    if fmt == "nquads":
        return rdf.to_nquads(ds)
    if fmt == "json-ld":
        return rdf.to_jsonld(ds)
    merged = rdf.merged_view(ds)
    if fmt == "turtle":
        return rdf.to_turtle(merged)
    return b"".join(sorted(merged.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)))


def export(
    data: Graph | Dataset,
    fmt: str,
    out: str | Path,
    opts: Options | None = None,
    *,
    title: str = "kg graph",
) -> list[Path]:
    """Write data in format fmt to out (a file, or '-' for standard output; csv and kumu write
    OUT-nodes/edges.csv and OUT-elements/connections.csv). Returns the files written."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    ds = data if isinstance(data, Dataset) else _dataset(data)
    into_dir = str(out).endswith(("/", os.sep)) or Path(out).is_dir()
    out = Path(out)
    if into_dir and fmt not in ("csv", "kumu"):
        ext = RDF_FORMATS.get(fmt) or {"cytoscape": "json"}.get(fmt, fmt)
        raise BadInput(f"{out}: is a directory; give a file to write, e.g. {out / ('graph.' + ext)}")
    if fmt in RDF_FORMATS:
        kgio.write_output(out, rdf_bytes(ds, fmt))
        return [out]
    nxg = to_networkx(ds, opts)
    clean = _clean(nxg)
    if fmt in ("csv", "kumu"):
        if str(out) == kgio.STDIO:
            raise BadInput(f"--format {fmt} writes two files; give -o PREFIX instead of -o -")
        a, b = to_neo4j_csv(clean) if fmt == "csv" else to_kumu_csv(clean)
        names = ("nodes", "edges") if fmt == "csv" else ("elements", "connections")
        if into_dir:  # -o DIR/: DIR/nodes.csv and DIR/edges.csv
            paths = [out / f"{names[0]}.csv", out / f"{names[1]}.csv"]
        else:
            stem = out.with_suffix("")
            paths = [stem.parent / f"{stem.name}-{names[0]}.csv", stem.parent / f"{stem.name}-{names[1]}.csv"]
        kgio.write_atomic(paths[0], a)
        kgio.write_atomic(paths[1], b)
        return paths
    writers = {
        "graphml": lambda: to_graphml(clean),
        "gexf": lambda: to_gexf(clean, title),
        "cytoscape": lambda: json.dumps(to_cytoscape(clean), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        "dot": lambda: to_dot(clean, title=title).source,
        "html": lambda: to_html(clean, title),
        "svg": lambda: to_svg(clean, title=title),
    }
    kgio.write_output(out, writers[fmt]())
    return [out]


def _dataset(g: Graph) -> Dataset:
    ds = Dataset()
    for t in g:
        ds.default_graph.add(t)
    return ds
