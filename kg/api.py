"""kg's Python API. The CLI (kg.cli) is a thin layer over these functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from kg import article as article_mod
from kg import io, nlp, pipeline, rdf
from kg.errors import BadInput, ShapesViolated
from kg.model import Article, Extraction
from kg.validate import Report, load_shapes, validate_graph


@dataclass
class Built:
    article: Article
    extraction: Extraction
    dataset: Dataset
    graph: Graph  # the merged view
    report: Report
    outputs: list[Path]


def extract(article: Article, *, model: str = nlp.DEFAULT_MODEL) -> Extraction:
    return pipeline.extract(article, model=model)


def build_article(
    art: Article,
    *,
    out_dir: str | Path | None = None,
    model: str = nlp.DEFAULT_MODEL,
    run_time: dt.datetime | None = None,
    stem: str | None = None,
) -> Built:
    """Read one article into a validated graph; write <stem>.ttl (merged view) and <stem>.trig
    (named graphs) into out_dir when given. Raises ShapesViolated, writing nothing, if the graph
    does not conform."""
    x = pipeline.extract(art, model=model)
    ds = rdf.to_dataset(x, run_time=run_time)
    merged = rdf.merged_view(ds)
    report = validate_graph(merged)
    if not report.conforms:
        raise ShapesViolated(
            f"{art.path or art.id}: the graph does not conform to the shapes; nothing written", report.text()
        )
    outputs: list[Path] = []
    if out_dir is not None:
        name = stem or (Path(art.path).stem if art.path else art.id)
        ttl = Path(out_dir) / f"{name}.ttl"
        trig = Path(out_dir) / f"{name}.trig"
        io.write_atomic(ttl, merged.serialize(format="turtle"))
        io.write_atomic(trig, rdf.to_trig(ds))
        outputs = [ttl, trig]
    return Built(art, x, ds, merged, report, outputs)


def build(
    paths: list[str | Path],
    *,
    out_dir: str | Path | None = None,
    model: str = nlp.DEFAULT_MODEL,
    date: str | None = None,
    source: str | None = None,
    run_time: dt.datetime | None = None,
) -> list[Built]:
    """Build each article file (text, HTML or JSON) into out_dir."""
    arts = [article_mod.read_article(p, date=date, source=source) for p in paths]
    return [build_article(a, out_dir=out_dir, model=model, run_time=run_time) for a in arts]


def validate(paths: list[str | Path], *, extra_shapes: list[str | Path] | None = None) -> dict[str, Report]:
    """Validate RDF files against kg's shapes plus extra shapes files."""
    extras = [load_shapes(p) for p in extra_shapes or []]
    out = {}
    for p in paths:
        g = io.union(io.read_rdf(p))
        if len(g) == 0:
            raise BadInput(f"{p}: holds no triples, so there is nothing to validate; give a graph kg built")
        try:
            out[str(p)] = validate_graph(g, extras)
        except BadInput as exc:
            raise BadInput(f"{', '.join(map(str, extra_shapes or []))}: {exc}") from exc
    return out
