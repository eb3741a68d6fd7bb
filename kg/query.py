"""Query stage: SPARQL over graph files with pyoxigraph (fast); results as a table, or in the
standard SPARQL result formats (JSON, XML, CSV, TSV) written by Oxigraph's own serializers.

Over files, the default graph is the merged view (the default graphs and the narrator's
graphs): a speaker's claim is not a plain fact there; claim graphs are reached with GRAPH.
Over a corpus store, a saved query is read from the store's materialized views when they are
those of its articles (kg.store.materialized), and evaluated otherwise.
"""

from __future__ import annotations

import importlib.resources
import io as _io
import re
from pathlib import Path
from typing import TypeAlias

import pyoxigraph as ox

from kg import io as kgio
from kg.errors import BadInput

Result: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
"""What a query returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
"""The SPARQL 1.1 result formats `kg query --format` writes (besides the table)."""
FORMATS = ("table", *RESULT_FORMATS)
_NARRATOR_INTO_DEFAULT = """INSERT { ?s ?p ?o } WHERE {
  ?g a <https://w3id.org/kg-news/ontology#NarratorGraph> . GRAPH ?g { ?s ?p ?o } }"""


def saved_queries() -> dict[str, Path]:
    """Saved queries (queries/*.rq, installed as kg.queries), by name without .rq."""
    root = Path(str(importlib.resources.files("kg.queries")))
    return {p.stem: p for p in sorted(root.glob("*.rq"))}


def resolve_query(text_or_path: str) -> str:
    """The SPARQL text of a saved query's name, a .rq file, or SPARQL text itself."""
    p = Path(text_or_path)
    if p.suffix == ".rq" and p.exists():
        return p.read_text(encoding="utf-8")
    saved = saved_queries()
    if text_or_path in saved:
        return saved[text_or_path].read_text(encoding="utf-8")
    if p.suffix == ".rq":
        raise BadInput(f"{p}: no such query file; saved queries: {', '.join(saved) or 'none'}")
    if re.fullmatch(r"[\w.-]+", text_or_path.strip()):  # a bare word is a name, never SPARQL
        raise BadInput(
            f"no saved query named {text_or_path.strip()!r}; saved queries: {', '.join(saved) or 'none'} "
            "(or give SPARQL text or a .rq file)"
        )
    return text_or_path


def load_store(paths: list[str | Path]) -> ox.Store:
    """An in-memory store of RDF files ('-': TriG or Turtle on standard input), graph names
    kept, with the narrator's graphs also in the default graph: the default graph is then the
    merged view, as in the Turtle file, and claim graphs are reached with GRAPH."""
    store = ox.Store()
    for item in paths:
        if str(item) == kgio.STDIO:
            try:
                store.bulk_load(kgio.read_input(item), format=ox.RdfFormat.TRIG)
            except (SyntaxError, ValueError) as exc:
                raise BadInput(f"standard input: is not valid TriG or Turtle: {exc}") from exc
            continue
        p = Path(item)
        if not p.exists():
            raise BadInput(f"{p}: no such file; check the path")
        fmt = _FORMATS.get(p.suffix.lower())
        if fmt is None:
            raise BadInput(f"{p}: unknown RDF file type; use .ttl, .trig, .nq, .nt or .jsonld")
        try:
            store.bulk_load(path=str(p), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise BadInput(f"{p}: is not valid {p.suffix[1:]}: {exc}") from exc
    store.update(_NARRATOR_INTO_DEFAULT)
    return store


def substitutions(binds: list[str] | None) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
    """--bind name=value pairs: <iri> binds an IRI, anything else a plain literal."""
    out: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {}
    for item in binds or []:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise BadInput(f'--bind {item!r}: write it as NAME=VALUE, e.g. --bind who="Ilham Aliyev"')
        value = value.strip()
        try:
            variable = ox.Variable(name)
        except ValueError as exc:
            raise BadInput(
                f"--bind {item!r}: {name!r} is not a SPARQL variable name; use letters, digits and _"
            ) from exc
        if value.startswith("<") and value.endswith(">"):
            try:
                term: ox.NamedNode | ox.Literal = ox.NamedNode(value[1:-1])
            except ValueError as exc:
                raise BadInput(
                    f"--bind {item!r}: {value} is not a valid IRI ({exc}); write an absolute IRI without spaces, "
                    "e.g. <https://w3id.org/kg-news/id/state/AZE>, or drop the <> to bind a literal"
                ) from exc
        else:
            term = ox.Literal(value.strip('"'))
        out[variable] = term
    return out


def check_binds(query: str, binds: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]) -> None:
    """Refuse a --bind of a variable the query does not have."""
    names = {t[1:] for t in _lexemes(query) if t[0] in "?$" and len(t) > 1}
    for var in binds:
        if var.value not in names:
            listed = ", ".join(f"?{n}" for n in sorted(names)) or "none"
            raise BadInput(f"--bind {var.value}=...: the query has no variable ?{var.value}; its variables: {listed}")


# a SPARQL query's lexemes: long and short strings, IRIs, comments, names, single characters
_LEXEME = re.compile(
    "|".join(
        [
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            r'"(?:[^"\\\n\r]|\\.)*"',
            r"'(?:[^'\\\n\r]|\\.)*'",
            r'<[^<>"{}|^`\\\x00-\x20]*>',
            r"\#[^\n\r]*",
            r"[?$][\w\u00B7]+",
            r"[\w.:%\\\u00B7-]+",
            r".",
        ]
    ),
    re.S,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(m: re.Match[str]) -> str:
    code = int(m.group(1) or m.group(2), 16)
    return chr(code) if code < 0x110000 else ""


def _lexemes(query: str) -> list[str]:
    # codepoint escapes are read before parsing (SPARQL 1.1, 19.2): to rdflib, \u0053ERVICE is SERVICE
    return _LEXEME.findall(_ESCAPE.sub(_unescape, query))


def uses_service(query: str) -> bool:
    """True when the query has a SERVICE clause (a call to another SPARQL endpoint over the network)."""
    # a name with a colon is a prefixed name, never a keyword; dots may glue a keyword to what precedes it
    words = (t for t in _lexemes(query) if ":" not in t and t[0] not in "?$\"'<#")
    return any(part.upper() == "SERVICE" for t in words for part in t.split("."))


def refuse_service(query: str, *, allow: bool = False) -> None:
    """kg sends no request to the network unless asked: a query with SERVICE needs --allow-service."""
    if not allow and uses_service(query):
        raise BadInput(
            "the query calls another endpoint over the network (SERVICE), which kg refuses by default; "
            "remove the SERVICE clause, or pass --allow-service if you mean it"
        )


def run(
    query: str,
    paths: list[str | Path] | None = None,
    *,
    store: str | Path | None = None,
    binds: list[str] | None = None,
    allow_service: bool = False,
) -> Result:
    """Run SPARQL over RDF files (default graph: the merged view), or over a corpus store
    directory (default graph: the corpus's merged view), with Oxigraph. A query with SERVICE (a
    request to another endpoint) is refused unless allow_service."""
    refuse_service(query, allow=allow_service)
    subs = substitutions(binds)
    check_binds(query, subs)
    if store is not None:
        from kg.store import open_store

        return on_store(open_store(store, read_only=True), query, subs)
    if not paths:
        raise BadInput("give RDF files or --store DIR to query")
    return _evaluate(load_store(paths), query, subs)


def on_store(
    db: ox.Store,
    query: str,
    subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None,
) -> Result:
    """A query over an open corpus store (default graph: the corpus's merged view). A saved
    query (the same text) is answered from the store's materialized views when they are those of
    its present articles (kg.store.materialized): the rows evaluation gives; with --bind, the kept
    rows holding the bound terms."""
    from kg.store import materialized

    if not subs or not any(isinstance(t, ox.Triple) for t in subs.values()):
        hit = materialized(db, query, subs or None)  # type: ignore[arg-type]
        if hit is not None:
            return hit
    return _evaluate(db, query, subs or {})


def _evaluate(
    db: ox.Store, query: str, subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
) -> Result:
    try:
        return db.query(query, substitutions=subs)
    except SyntaxError as exc:
        raise BadInput(f"SPARQL syntax error: {exc}; check the query (prefixes declared, braces closed)") from exc
    except RuntimeError as exc:
        if subs and "variable" in str(exc):  # Oxigraph binds only the variables a SELECT projects
            raise BadInput(f"--bind: {exc}; bind a variable the query selects") from exc
        raise


def run_with_timeout(
    query: str,
    paths: list[str | Path] | None,
    *,
    store: str | Path | None,
    timeout: float,
    fmt: str,
    binds: list[str] | None = None,
    allow_service: bool = False,
) -> str:
    """Run and format in a child process, stopped after `timeout` seconds."""
    import multiprocessing as mp

    refuse_service(query, allow=allow_service)
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        res = pool.apply_async(_run_and_format, (query, paths, store, fmt, binds, allow_service))
        try:
            return str(res.get(timeout))
        except mp.TimeoutError as exc:
            pool.terminate()
            raise BadInput(
                f"the query ran longer than {timeout:g} s and was stopped; simplify it or raise --timeout"
            ) from exc


def _run_and_format(
    query: str,
    paths: list[str | Path] | None,
    store: str | Path | None,
    fmt: str,
    binds: list[str] | None,
    allow_service: bool = False,
) -> str:
    return format_result(run(query, paths, store=store, binds=binds, allow_service=allow_service), fmt)


def _term(t: object) -> str:
    if t is None:
        return ""
    if isinstance(t, (ox.Literal, ox.NamedNode)):
        return str(t.value)
    return str(t)


def rows(result: Result) -> tuple[list[str], list[list[str]]]:
    """A SELECT's variable names and its rows, each value as plain text ('' when unbound)."""
    if not isinstance(result, ox.QuerySolutions):
        raise BadInput("rows() takes the result of a SELECT query")
    names = [v.value for v in result.variables]
    # a solution iterates its values in the order of the variables: three times as fast as
    # looking each one up by name (8,511 rows of said-by: 45 ms instead of 150 ms)
    return names, [[_term(t) for t in sol] for sol in result]


def format_result(result: Result, fmt: str = "table") -> str:
    """A query's result as text: a table, or the SPARQL 1.1 JSON, XML, CSV or TSV results
    format (Oxigraph's serializers) for SELECT and ASK; Turtle for CONSTRUCT and DESCRIBE."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown result format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if isinstance(result, ox.QueryTriples):
        return (result.serialize(format=ox.RdfFormat.TURTLE) or b"").decode("utf-8")
    if fmt in RESULT_FORMATS:
        return (result.serialize(format=RESULT_FORMATS[fmt]) or b"").decode("utf-8")
    if isinstance(result, ox.QueryBoolean):
        return "yes" if bool(result) else "no"
    return table(*rows(result))


def table(names: list[str], data: list[list[str]], *, max_width: int = 60) -> str:
    """Rows as an aligned text table (rich), long values cut with an ellipsis, and a count."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for n in names:
        t.add_column(n, overflow="ellipsis", no_wrap=True, max_width=max_width)
    for r in data:
        t.add_row(*(Text(v) for v in r))
    buf = _io.StringIO()
    Console(file=buf, width=100_000, color_system=None, highlight=False, emoji=False).print(t)
    lines = [ln.rstrip() for ln in buf.getvalue().splitlines()]
    return "\n".join([*lines, f"({len(data)} rows)"])
