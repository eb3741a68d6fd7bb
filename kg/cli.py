"""kg's command line: parses options, calls kg.api, prints. Exit codes: 0 ok, 1 shapes violated,
2 bad input, 3 a bug in kg; no traceback reaches a user (KG_DEBUG=1 shows it)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kg import __version__
from kg.errors import KgError, ShapesViolated, describe


def _cmd_build(args: argparse.Namespace) -> int:
    from kg import api

    if args.store:
        from kg import store

        articles = list(store.iter_inputs(args.articles, date=args.date, source=args.source))
        width = len(str(len(articles)))

        def progress(i: int, art: object, status: str) -> None:
            done = int(30 * i / max(1, len(articles)))
            bar = "#" * done + "." * (30 - done)
            name = getattr(art, "path", None) or getattr(art, "id", "?")
            print(f"[{bar}] {i:>{width}}/{len(articles)} {name}: {status}", file=sys.stderr)

        summary = store.add_articles(args.store, articles, model=args.model, progress=progress)
        print(summary.text())
        return 1 if summary.failed else 0
    paths = _expand(args.articles, (".txt", ".html", ".htm", ".json"))
    status = 0
    for p in paths:
        try:
            built = api.build([p], out_dir=args.output, model=args.model, date=args.date, source=args.source)[0]
        except ShapesViolated as exc:
            print(f"kg: {exc}", file=sys.stderr)
            print(exc.report, file=sys.stderr)
            status = 1
            continue
        x = built.extraction
        outs = ", ".join(str(o) for o in built.outputs) or "(not written: no --output)"
        print(
            f"{p}: {len(x.entities)} entities, {len(x.relations)} relations, "
            f"{len(x.statements)} statements, {len(built.graph)} triples -> {outs}"
        )
    return status


def _expand(items: Sequence[str], suffixes: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix.lower() in suffixes)
            if not found:
                raise KgError(f"{p}: directory holds no files ending in {', '.join(suffixes)}")
            out.extend(found)
        else:
            out.append(p)
    return out


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
                text,
                args.files,
                store=args.store,
                timeout=args.timeout,
                fmt=args.format,
                binds=args.bind,
                allow_service=args.allow_service,
            )  # fmt: skip
        )
    else:
        result = query.run(text, args.files, store=args.store, binds=args.bind, allow_service=args.allow_service)
        print(query.format_result(result, args.format))
    return 0


class _Stop(BaseException):
    """SIGTERM or SIGHUP: stop serving as Ctrl-C does."""


def _cmd_serve(args: argparse.Namespace) -> int:
    import signal

    from kg import serve

    def stop(signum: int, frame: object) -> None:
        raise _Stop

    before = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    server = None
    try:
        server = serve.start(
            args.store, host=args.host, port=args.port, timeout=args.timeout, memory_mb=args.memory_mb,
            workers=args.workers, cors=args.cors, allow_service=args.allow_service,
        )  # fmt: skip
        print(f"kg: serving {args.store} read-only at {server.url} (SPARQL endpoint {server.url}/query); Ctrl-C stops")
        sys.stdout.flush()
        code = server.wait()
    except (KeyboardInterrupt, _Stop):
        return 0  # stopped as asked (an endpoint still starting is stopped by serve.start)
    finally:
        if server is not None:
            server.stop()
        for sig, handler in before.items():
            signal.signal(sig, handler)
    raise KgError(
        f"the SPARQL endpoint stopped unexpectedly (exit {code}): {server.last_message()}; start kg serve again"
    )


def _cmd_export(args: argparse.Namespace) -> int:
    from kg import export

    text = None
    if args.construct:
        from kg import query

        text = query.resolve_query(args.construct)
    g = export.load_graph(args.files, store=args.store, construct=text, allow_service=args.allow_service)
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
    p.add_argument("--source", help="the article's source or publisher (default: the file name)")
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
    p.add_argument("--allow-service", action="store_true", help="let the query call other endpoints (SERVICE)")
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
    p.add_argument("--allow-service", action="store_true", help="let --construct call other endpoints (SERVICE)")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("serve", help="serve a corpus store as a read-only SPARQL 1.1 endpoint")
    p.description = (
        "Serve a store as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1; each query runs in a worker "
        "process stopped at its time or memory limit."
    )
    p.add_argument("--store", required=True, help="the store directory (made by kg build --store)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    p.add_argument("--timeout", type=float, default=30, help="per-query time limit in seconds (default: 30)")
    p.add_argument("--memory-mb", type=int, default=1024, help="memory a query may use, in MiB (default: 1024)")
    p.add_argument("--workers", type=int, default=4, help="queries run at the same time (default: 4)")
    p.add_argument(
        "--cors", action="append", default=[], metavar="ORIGIN",
        help="let pages from ORIGIN (e.g. https://yasgui.triply.cc, or *) query the endpoint (repeatable)",
    )  # fmt: skip
    p.add_argument("--allow-service", action="store_true", help="let queries call other endpoints (SERVICE)")
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
    except Exception as exc:  # no traceback reaches a user: one line, and an exit code that says what it was
        if os.environ.get("KG_DEBUG"):
            raise
        err = describe(exc)
        print(f"kg: {err}", file=sys.stderr)
        return err.exit_code


if __name__ == "__main__":
    sys.exit(main())
