"""kg's command line: parses options, calls kg.api, prints. Exit codes: 0 ok, 1 shapes violated,
2 bad input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from kg import __version__
from kg.errors import KgError


def _progress(i: int, name: str, status: str) -> None:
    print(f"[{i}] {name}: {status}", file=sys.stderr)


def _cmd_build(args: argparse.Namespace) -> int:
    from kg import api, inputs, parallel

    jobs = args.jobs or parallel.default_jobs()
    items = inputs.iter_items(args.articles, date=args.date, source=args.source)
    if args.scheduler:
        from kg import distributed

        with distributed.connect(args.scheduler, workers=jobs) as client:
            if args.store:
                summary = distributed.build_store(client, items, args.store, model=args.model, progress=_progress)
                print(summary.text())
                return summary.status
            stream = distributed.outcomes(client, items, api.Options(model=args.model))
            return _write_outputs(stream, args.output)
    if args.store:
        from kg import store

        summary = store.add_articles(args.store, items, model=args.model, progress=_progress, jobs=jobs)
        print(summary.text())
        return summary.status
    return _write_outputs(api.outcomes(items, api.Options(model=args.model), jobs=jobs), args.output)


def _write_outputs(stream: Iterable[Any], out_dir: str) -> int:
    from kg import api

    tally = api.Tally()
    names = api.OutputNames()
    n = 0
    for o in stream:
        n += 1
        tally.count(o)
        for line in o.messages():
            print(f"kg: {line}", file=sys.stderr)
        if not o.kept:
            continue
        outs = ", ".join(str(p) for p in api.write_files(o, out_dir, names))
        c = o.counts
        print(
            f"{o.name}: {c['entities']} entities, {c['relations']} relations, "
            f"{c['statements']} statements, {c['triples']} triples -> {outs}"
        )
    if n > 1:
        print(tally.text())
    return tally.status


def _cmd_stats(args: argparse.Namespace) -> int:
    from kg import store

    st = store.stats(args.store)
    if args.json:
        print(json.dumps(st, indent=2))
        return 0
    print(f"articles: {st['articles']}")
    print(f"entities: {st['entities']}")
    for k, v in st["entities_by_type"].items():  # type: ignore[attr-defined]
        print(f"  {k}: {v}")
    print(f"facts: {st['facts']}")
    for k, v in st["facts_by_predicate"].items():  # type: ignore[attr-defined]
        print(f"  {k}: {v}")
    print(f"statements: {st['statements']}")
    print(f"quads: {st['quads']}")
    print(f"disk: {st['disk_bytes'] / 1e6:.1f} MB")  # type: ignore[operator]
    return 0


def _cmd_push(args: argparse.Namespace) -> int:
    from kg import api, inputs, parallel, push

    target = push.Target.from_args(args.endpoint, graph_store=args.graph_store, update=args.update)
    jobs = args.jobs or parallel.default_jobs()
    items = inputs.iter_items(args.articles, date=args.date, source=args.source)
    stream = api.outcomes(items, api.Options(model=args.model, files=False, nquads=True), jobs=jobs)
    tally = api.Tally()
    for o in stream:
        tally.count(o)
        for line in o.messages():
            print(f"kg: {line}", file=sys.stderr)
        if not o.kept:
            continue
        graphs = push.push_outcome(target, o)
        print(f"{o.name}: {graphs} graphs -> {target.describe()}")
    print(tally.text())
    return tally.status


def _cmd_validate(args: argparse.Namespace) -> int:
    from kg import api

    reports = api.validate(args.files, extra_shapes=args.shapes)
    status = 0
    for path, report in reports.items():
        print(f"{path}: {report.text()}")
        if not report.conforms:
            status = 1
    return status


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from kg import evaluate

    result = evaluate.evaluate_paths(args.paths, model=args.model)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(evaluate.format_table(result))
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from kg import query

    text = query.resolve_query(args.query)
    if args.timeout:
        print(
            query.run_with_timeout(
                text, args.files, store=args.store, timeout=args.timeout, fmt=args.format, binds=args.bind
            )
        )
    else:
        print(query.format_result(query.run(text, args.files, store=args.store, binds=args.bind), args.format))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from kg import serve

    server = serve.start(args.store, host=args.host, port=args.port, timeout=args.timeout)
    print(f"kg: serving {args.store} read-only at {server.url} (SPARQL endpoint {server.url}/query); Ctrl-C stops")
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from kg import export

    text = None
    if args.construct:
        from kg import query

        text = query.resolve_query(args.construct)
    g = export.load_graph(args.files, store=args.store, construct=text)
    opts = export.Options(
        statements=not args.no_statements, claims=not args.no_claims, min_confidence=args.min_confidence
    )
    written = export.export(g, args.format, args.output, opts, title=args.title)
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


def make_parser() -> argparse.ArgumentParser:
    from kg.nlp import DEFAULT_MODEL

    parser = argparse.ArgumentParser(prog="kg", description="Build a knowledge graph from geopolitical news.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="read articles and write a validated graph per article")
    p.description = (
        "Read articles (text, HTML or JSON) and write <name>.ttl (merged view) and <name>.trig (named graphs)."
    )
    p.add_argument("articles", nargs="+", help="article files or directories")
    p.add_argument("-o", "--output", default="output", help="output directory (default: output)")
    p.add_argument(
        "--store", help="add the articles to a corpus store directory (incremental) instead of writing files"
    )
    p.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"spaCy pipeline, package name or path (default: {DEFAULT_MODEL})"
    )
    p.add_argument("--date", help="the article's date, YYYY-MM-DD (default: from the file or the text)")
    p.add_argument(
        "--source",
        help="the article's source or publisher (default: the file's path, relative to the working directory)",
    )
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: the machine's cores)")
    p.add_argument(
        "--scheduler",
        help="build on a Dask cluster: its scheduler address (tcp://HOST:8786), or 'local' for a cluster on this machine",
    )
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("validate", help="validate RDF files against kg's SHACL shapes")
    p.description = (
        "Validate RDF files against kg's shapes (and extra shapes). Exit 0 conforms, 1 violations, 2 bad input."
    )
    p.add_argument("files", nargs="+", help="RDF files (.ttl, .trig, .nq, .nt, .jsonld, .rdf)")
    p.add_argument("--shapes", action="append", default=[], help="extra SHACL shapes file (repeatable)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("evaluate", help="score the extractor against gold-annotated articles")
    p.description = "Build each gold file's text and score entities, relations and statements (precision, recall, F1)."
    p.add_argument("paths", nargs="+", help="gold JSON files or directories of them")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline to use")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("query", help="run SPARQL (inline, a .rq file, or a saved query's name) over graph files")
    p.description = "Run a SPARQL query over RDF files with Oxigraph. Saved queries: queries/*.rq by name."
    p.add_argument("query", help="SPARQL text, a .rq file, or a saved query name (e.g. leaders)")
    p.add_argument("files", nargs="*", help="RDF files (.ttl, .trig, .nq, .nt)")
    p.add_argument("--store", help="query a corpus store directory instead of files")
    p.add_argument(
        "--format", choices=["table", "csv", "tsv", "json"], default="table", help="output format for SELECT/ASK"
    )
    p.add_argument("--timeout", type=float, default=0, help="stop the query after this many seconds (0: no limit)")
    p.add_argument(
        "--bind",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help='bind a query variable, e.g. who="Ilham Aliyev" (repeatable)',
    )
    p.set_defaults(func=_cmd_query)

    from kg.export import FORMATS

    p = sub.add_parser("export", help="export a graph for Gephi, Cytoscape, yEd, Graphviz, Neo4j, Kumu or a browser")
    p.description = "Project graph files (or a store) to nodes and edges and write them in one format."
    p.add_argument("files", nargs="*", help="RDF files (.ttl, .trig, ...)")
    p.add_argument("--store", help="export a corpus store instead of files")
    p.add_argument("--format", "-f", required=True, choices=FORMATS, help="output format")
    p.add_argument("--output", "-o", required=True, help="output file (csv/kumu: OUT-nodes.csv and OUT-edges.csv)")
    p.add_argument("--no-statements", action="store_true", help="leave statements out")
    p.add_argument("--no-claims", action="store_true", help="leave out relations only a speaker claims")
    p.add_argument("--min-confidence", type=float, default=0.0, help="leave out facts below this confidence")
    p.add_argument("--construct", help="export only the result of this SPARQL CONSTRUCT (text, .rq file or saved name)")
    p.add_argument("--title", default="kg graph", help="title of the HTML page")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("stats", help="what a corpus store holds")
    p.description = "Articles, entities by type, facts by predicate, statements and disk size of a corpus store."
    p.add_argument("--store", required=True, help="the store directory (made by kg build --store)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser("push", help="build articles into any SPARQL 1.1 server (Graph Store Protocol or Update)")
    p.description = (
        "Build articles and write each article graph as a named graph of a SPARQL 1.1 server (Oxigraph, Fuseki, "
        "GraphDB, Virtuoso, Neptune). Re-pushing an article replaces its graphs. Credentials: KG_PUSH_USER and "
        "KG_PUSH_PASSWORD, or KG_PUSH_TOKEN (bearer), or the server's entry in ~/.netrc; never on the command line."
    )
    p.add_argument("articles", nargs="+", help="article files, directories or JSON Lines")
    p.add_argument("--endpoint", required=True, help="the server's SPARQL endpoint, e.g. http://localhost:7878/query")
    p.add_argument("--graph-store", help="its Graph Store Protocol URL (default: the endpoint's /store sibling)")
    p.add_argument("--update", help="its SPARQL Update URL, used when no Graph Store URL answers")
    p.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline to use")
    p.add_argument("--date", help="the article's date, YYYY-MM-DD")
    p.add_argument("--source", help="the article's source or publisher")
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: the machine's cores)")
    p.set_defaults(func=_cmd_push)

    p = sub.add_parser("serve", help="serve a corpus store as a read-only SPARQL 1.1 endpoint")
    p.description = (
        "Start Oxigraph's SPARQL 1.1 Protocol server over a store, read-only, on 127.0.0.1 unless told otherwise."
    )
    p.add_argument("--store", required=True, help="the store directory (made by kg build --store)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    p.add_argument("--timeout", type=float, default=30, help="per-query timeout in seconds (default: 30)")
    p.set_defaults(func=_cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args)
        return status
    except KgError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
