"""Export stage: project a kg graph onto a property graph (networkx) and write it for
visualization tools: GraphML and GEXF (Gephi, yEd, Cytoscape), Cytoscape.js JSON, Graphviz DOT,
CSV for Neo4j's and Kumu's importers, an offline HTML page, and the RDF formats.

Nodes are entities (IRI, label, type, external ids, mention and article counts); edges are
relations (predicate, who claims it, confidence, article count, the evidence sentence);
statements may be nodes linking their speaker to what they are about.
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

GRAPH_FORMATS = ("graphml", "gexf", "cytoscape", "dot", "csv", "kumu", "html", "svg")
RDF_FORMATS = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "nt": "nt", "json-ld": "jsonld"}
FORMATS = GRAPH_FORMATS + tuple(RDF_FORMATS)


@dataclass
class Options:
    statements: bool = True
    claims: bool = True  # include relations claimed by a speaker (not only the narrator's)
    min_confidence: float = 0.0
    construct: str | None = None


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _label(g: Graph, node: Any) -> str:
    lab = g.value(node, RDFS.label)
    return str(lab) if lab is not None else _local(node)


def to_networkx(g: Graph, opts: Options | None = None) -> nx.MultiDiGraph:
    opts = opts or Options()
    out = nx.MultiDiGraph()
    # entities
    for cls, etype in CLASS_TYPE.items():
        for node in g.subjects(RDF.type, cls):
            iri = str(node)
            if iri in out and out.nodes[iri]["type"] == "Leader":
                continue  # a Leader is also typed Person in some graphs: keep the narrower type
            seen_in = {str(a) for a in g.objects(node, KGO.mentionedIn)}
            mentions = sum(int(str(m)) for m in g.objects(node, KGO.mentionCount))
            attrs = {
                "iri": iri,
                "label": _label(g, node),
                "type": etype.value,
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
        if ekey not in edges or conf > float(edges[ekey]["confidence"]):  # type: ignore[arg-type]
            edges[ekey] = {
                "predicate": pred,
                "label": pred.replace("_", " "),
                "claimed_by": claimed_by,
                "narrator": narrator,
                "confidence": conf,
                "evidence": evidence,
                "article_source": str(g.value(article, KGO.articleSource) or "") if article is not None else "",
            }
    for (su, pr, ob, _), eattrs in sorted(edges.items()):
        eattrs["article_count"] = len(articles[(su, pr, ob)])
        out.add_edge(su, ob, key=f"{pr}|{eattrs['claimed_by']}", **eattrs)
    # events and their participants
    for ev in g.subjects(RDF.type, KGO.Event) if opts.min_confidence <= 0.6 else ():
        for part in g.objects(ev, KGO.participant):
            if str(ev) in out and str(part) in out:
                out.add_edge(str(ev), str(part), key="participant", predicate="participant", label="participant", claimed_by="",
                             narrator=True, confidence=0.6, evidence="", article_count=1, article_source="")  # fmt: skip
    # statements
    if opts.statements:
        for st in g.subjects(RDF.type, KGO.Statement):
            speaker = g.value(st, KGO.speaker)
            if speaker is None or str(speaker) not in out:
                continue
            content = str(g.value(st, KGO.content) or "")
            sentence = g.value(st, KGO.inSentence)
            evidence = str(g.value(sentence, KGO.anchorOf) or "") if sentence is not None else ""
            date = g.value(st, KGO.statementDate)
            out.add_node(
                str(st), iri=str(st), label=content[:80], type="Statement", color=COLORS["Statement"],
                content=content, date=str(date) if date else "", medium=str(g.value(st, KGO.medium) or ""),
                evidence=evidence, mention_count=0, article_count=1,
            )  # fmt: skip
            out.add_edge(str(speaker), str(st), key="said", predicate="said", label="said", claimed_by=_label(g, speaker),
                         narrator=False, confidence=1.0, evidence=evidence, article_count=1, article_source="")  # fmt: skip
            for about in g.objects(st, KGO.about):
                if str(about) in out:
                    out.add_edge(str(st), str(about), key="about", predicate="about", label="about", claimed_by="",
                                 narrator=False, confidence=1.0, evidence="", article_count=1, article_source="")  # fmt: skip
    return out


def load_graph(
    paths: list[str | Path],
    *,
    store: str | Path | None = None,
    construct: str | None = None,
    allow_service: bool = False,
) -> Graph:
    """The graph to export: RDF files or a store, narrowed to a CONSTRUCT's result when given
    (a CONSTRUCT with SERVICE, a request to another endpoint, is refused unless allow_service)."""
    if construct:
        from kg.query import refuse_service

        refuse_service(construct, allow=allow_service)
    if store is not None:
        from kg.store import export_graph

        g = export_graph(store)
    else:
        if not paths:
            raise BadInput("give RDF files or --store DIR to export")
        g = Graph()
        for p in paths:
            for t in kgio.union(kgio.read_rdf(p)):
                g.add(t)
    if construct:
        try:
            result = g.query(construct)
        except Exception as exc:
            raise BadInput(f"--construct: not a valid SPARQL CONSTRUCT query: {exc}") from exc
        if result.type != "CONSTRUCT" or result.graph is None:
            raise BadInput("--construct: the query must be a CONSTRUCT query")
        sub = Graph()
        for t in result.graph:
            sub.add(t)
        # keep entity descriptions for the nodes the result names
        nodes = {n for t in sub for n in (t[0], t[2]) if isinstance(n, URIRef)}
        for n in nodes:
            for t in g.triples((n, None, None)):
                if t[1] in (RDF.type, RDFS.label, KGO.mentionCount, KGO.mentionedIn, KGO.wikidataId, SKOS.altLabel):
                    sub.add(t)
        # plain relation triples of the result become narrator assertions
        _reify_plain(sub)
        g = sub
    return g


def _reify_plain(g: Graph) -> None:
    from rdflib import BNode, Literal

    for s, p, o in list(g):
        if p in IRI_PREDICATE and not any(True for _ in g.subjects(RDF.subject, s)):
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


def to_dot(nxg: nx.MultiDiGraph) -> str:
    def q(s: object) -> str:
        return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    lines = [
        "digraph kg {",
        "  graph [rankdir=LR, overlap=false];",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
    ]
    for n, a in nxg.nodes(data=True):
        lines.append(
            f"  {q(n)} [label={q(a.get('label', n))}, fillcolor={q(a.get('color', '#cccccc'))}, type={q(a.get('type', ''))}];"
        )
    for u, v, a in nxg.edges(data=True):
        style = "solid" if a.get("narrator") or a.get("predicate") in ("said", "about") else "dashed"
        lines.append(
            f"  {q(u)} -> {q(v)} [label={q(a.get('label', ''))}, style={style}, claimed_by={q(a.get('claimed_by', ''))}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _csv(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def to_neo4j_csv(nxg: nx.MultiDiGraph) -> tuple[str, str]:
    nodes: list[list[object]] = [["id:ID", "name", ":LABEL", "wikidata", "mention_count:int", "article_count:int"]]
    for n, a in nxg.nodes(data=True):
        nodes.append(
            [
                n,
                a.get("label", ""),
                a.get("type", ""),
                a.get("wikidata", ""),
                a.get("mention_count", 0),
                a.get("article_count", 0),
            ]
        )
    edges: list[list[object]] = [
        [":START_ID", ":END_ID", ":TYPE", "claimed_by", "confidence:float", "article_count:int", "evidence"]
    ]
    for u, v, a in nxg.edges(data=True):
        edges.append(
            [
                u,
                v,
                str(a.get("predicate", "")).upper(),
                a.get("claimed_by", ""),
                a.get("confidence", 0),
                a.get("article_count", 0),
                a.get("evidence", ""),
            ]
        )
    return _csv(nodes), _csv(edges)


def to_kumu_csv(nxg: nx.MultiDiGraph) -> tuple[str, str]:
    labels = {n: a.get("label", n) for n, a in nxg.nodes(data=True)}
    elements: list[list[object]] = [["Label", "Type", "Description", "Tags"]]
    for n, a in nxg.nodes(data=True):
        elements.append([labels[n], a.get("type", ""), n, a.get("wikidata", "")])
    conns: list[list[object]] = [["From", "To", "Type", "Description", "Tags"]]
    for u, v, a in nxg.edges(data=True):
        conns.append([labels[u], labels[v], a.get("label", ""), a.get("evidence", ""), a.get("claimed_by", "")])
    return _csv(elements), _csv(conns)


def to_cytoscape(nxg: nx.MultiDiGraph) -> dict[str, object]:
    nodes = [{"data": {"id": n, **_scalar(a)}} for n, a in nxg.nodes(data=True)]
    edges = [
        {"data": {"id": f"e{i}", "source": u, "target": v, **_scalar(a)}}
        for i, (u, v, a) in enumerate(nxg.edges(data=True))
    ]
    return {"elements": {"nodes": nodes, "edges": edges}}


def script_json(value: object) -> str:
    """JSON to sit inside <script type="application/json">: no character of it can end the element
    or open a comment there ('<', '>', '&' escaped as \\u003c ...), and U+2028/2029 escaped too."""
    text = json.dumps(value, ensure_ascii=False)
    for c in "<>&\u2028\u2029":
        text = text.replace(c, f"\\u{ord(c):04x}")
    return text


def to_html(nxg: nx.MultiDiGraph, title: str = "kg graph") -> str:
    """One offline page: the data in <script type="application/json"> elements, read by the page's
    script with JSON.parse; every marker of the template is filled in one pass, so nothing
    inserted (an article's text, the title, the library) is ever read as a marker."""
    lib = (importlib.resources.files("kg.web") / "cytoscape.min.js").read_text(encoding="utf-8")
    page = (importlib.resources.files("kg.web") / "page.html").read_text(encoding="utf-8")
    fill = {
        "{{TITLE}}": html.escape(title),
        "/*CYTOSCAPE*/": lib.replace("</script", "<\\/script"),
        "/*DATA*/": script_json(to_cytoscape(nxg)["elements"]),
        "/*COLORS*/": script_json(COLORS),
    }
    return re.sub("|".join(re.escape(k) for k in fill), lambda m: fill[m.group(0)], page)


def to_svg(nxg: nx.MultiDiGraph, width: int = 1100, height: int = 760, seed: int = 7) -> str:
    """A static picture: spring layout, nodes colored by type, labelled edges, a legend."""
    simple = nx.Graph()
    simple.add_nodes_from(nxg.nodes)
    simple.add_edges_from((u, v) for u, v in nxg.edges() if u != v)
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
        dash = "" if a.get("narrator") or a.get("predicate") in ("said", "about") else ' stroke-dasharray="5,3"'
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


def export(g: Graph, fmt: str, out: str | Path, opts: Options | None = None, *, title: str = "kg graph") -> list[Path]:
    """Write g in format fmt to out (a file; CSV formats write OUT-nodes/edges.csv). Returns the files."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    into_dir = str(out).endswith(("/", os.sep)) or Path(out).is_dir()
    out = Path(out)
    if into_dir and fmt not in ("csv", "kumu"):
        ext = RDF_FORMATS.get(fmt) or {"cytoscape": "json"}.get(fmt, fmt)
        raise BadInput(f"{out}: is a directory; give a file to write, e.g. {out / ('graph.' + ext)}")
    if fmt in RDF_FORMATS:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            for prefix, ns in g.namespaces():
                ds.bind(prefix, ns)
            for t in g:
                ds.default_graph.add(t)
            kgio.write_atomic(out, ds.serialize(format=fmt))
        else:
            kgio.write_atomic(out, g.serialize(format=fmt))
        return [out]
    nxg = to_networkx(g, opts)
    clean = _clean(nxg)
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(clean, buf)
        kgio.write_atomic(out, buf.getvalue())
    elif fmt == "gexf":
        buf = io.BytesIO()
        nx.write_gexf(clean, buf)
        kgio.write_atomic(out, buf.getvalue())
    elif fmt == "cytoscape":
        kgio.write_atomic(out, json.dumps(to_cytoscape(clean), ensure_ascii=False, indent=1))
    elif fmt == "dot":
        kgio.write_atomic(out, to_dot(clean))
    elif fmt in ("csv", "kumu"):
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
    elif fmt == "html":
        kgio.write_atomic(out, to_html(clean, title))
    elif fmt == "svg":
        kgio.write_atomic(out, to_svg(clean))
    return [out]
