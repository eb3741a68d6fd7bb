"""Query stage: SPARQL over graph files with pyoxigraph (fast), results as table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import importlib.resources
import io as _io
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import BadInput

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


def saved_queries() -> dict[str, Path]:
    """Saved queries (queries/*.rq, installed as kg.queries), by name without .rq."""
    root = Path(str(importlib.resources.files("kg.queries")))
    return {p.stem: p for p in sorted(root.glob("*.rq"))}


def resolve_query(text_or_path: str) -> str:
    p = Path(text_or_path)
    if p.suffix == ".rq" and p.exists():
        return p.read_text(encoding="utf-8")
    saved = saved_queries()
    if text_or_path in saved:
        return saved[text_or_path].read_text(encoding="utf-8")
    if p.suffix == ".rq":
        raise BadInput(f"{p}: no such query file; saved queries: {', '.join(saved) or 'none'}")
    return text_or_path


def load_store(paths: list[str | Path]) -> ox.Store:
    store = ox.Store()
    for item in paths:
        p = Path(item)
        if not p.exists():
            raise BadInput(f"{p}: no such file; check the path")
        fmt = _FORMATS.get(p.suffix.lower())
        if fmt is None:
            raise BadInput(f"{p}: unknown RDF file type; use .ttl, .trig, .nq or .nt")
        try:
            store.bulk_load(path=str(p), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise BadInput(f"{p}: is not valid {p.suffix[1:]}: {exc}") from exc
    return store


def substitutions(binds: list[str] | None) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
    """--bind name=value pairs: <iri> binds an IRI, anything else a plain literal."""
    out: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {}
    for item in binds or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise BadInput(f'--bind {item!r}: write it as NAME=VALUE, e.g. --bind who="Ilham Aliyev"')
        value = value.strip()
        term = (
            ox.NamedNode(value[1:-1]) if value.startswith("<") and value.endswith(">") else ox.Literal(value.strip('"'))
        )
        out[ox.Variable(name.strip().lstrip("?"))] = term
    return out


def run(
    query: str,
    paths: list[str | Path] | None = None,
    *,
    store: str | Path | None = None,
    binds: list[str] | None = None,
) -> Any:
    """Run SPARQL over RDF files, or over a corpus store directory, with Oxigraph."""
    if store is not None:
        from kg.store import open_store

        db = open_store(store, read_only=True)
    elif paths:
        db = load_store(paths)
    else:
        raise BadInput("give RDF files or --store DIR to query")
    try:
        # a store's default graph is the corpus's merged view (kg.store); over files, the union of their graphs
        union = store is None
        return db.query(query, use_default_graph_as_union=union, substitutions=substitutions(binds))
    except SyntaxError as exc:
        raise BadInput(f"SPARQL syntax error: {exc}; check the query (prefixes declared, braces closed)") from exc


def run_with_timeout(
    query: str,
    paths: list[str | Path] | None,
    *,
    store: str | Path | None,
    timeout: float,
    fmt: str,
    binds: list[str] | None = None,
) -> str:
    """Run and format in a child process, stopped after `timeout` seconds."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        res = pool.apply_async(_run_and_format, (query, paths, store, fmt, binds))
        try:
            return str(res.get(timeout))
        except mp.TimeoutError as exc:
            pool.terminate()
            raise BadInput(
                f"the query ran longer than {timeout:g} s and was stopped; simplify it or raise --timeout"
            ) from exc


def _run_and_format(
    query: str, paths: list[str | Path] | None, store: str | Path | None, fmt: str, binds: list[str] | None
) -> str:
    return format_result(run(query, paths, store=store, binds=binds), fmt)


def _term(t: Any) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.Literal):
        return str(t.value)
    if isinstance(t, ox.NamedNode):
        return str(t.value)
    return str(t)


def rows(result: Any) -> tuple[list[str], list[list[str]]]:
    names = [v.value for v in result.variables]
    return names, [[_term(sol[n]) for n in names] for sol in result]


def format_result(result: Any, fmt: str = "table") -> str:
    if isinstance(result, ox.QueryBoolean):
        result = bool(result)
    if isinstance(result, bool):
        return json.dumps({"head": {}, "boolean": result}) if fmt == "json" else ("yes" if result else "no")
    if isinstance(result, ox.QueryTriples):
        return (result.serialize(format=ox.RdfFormat.TURTLE) or b"").decode("utf-8")
    names, data = rows(result)
    if fmt in ("csv", "tsv"):
        buf = _io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(names)
        w.writerows(data)
        return buf.getvalue().rstrip("\n")
    if fmt == "json":
        return json.dumps(
            {
                "head": {"vars": names},
                "results": {
                    "bindings": [
                        {n: {"type": "literal", "value": v} for n, v in zip(names, r, strict=True) if v} for r in data
                    ]
                },
            },
            ensure_ascii=False,
        )
    widths = [max([len(n), *(len(r[i]) for r in data)]) for i, n in enumerate(names)]
    widths = [min(w, 60) for w in widths]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    for r in data:
        lines.append("  ".join(v[:60].ljust(w) for v, w in zip(r, widths, strict=True)))
    lines.append(f"({len(data)} rows)")
    return "\n".join(lines)
