"""kg's Python API. The CLI (kg.cli) is a thin layer over these functions."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Dataset, Graph
from spacy.tokens import Doc

from kg import inputs, io, nlp, parallel, pipeline, rdf
from kg.errors import BadInput, KgError, ShapesViolated
from kg.model import Article, Extraction
from kg.namespace import KGO
from kg.repair import Removed, repair
from kg.validate import Report, Violation, conforms_ntriples, load_shapes, validate_graph
from kg.validate import default_engine as validate_engine


@dataclass
class Built:
    """One article built: the article, what was read from it, its dataset (named graphs), the merged view, the shapes report and the files written."""

    article: Article
    extraction: Extraction
    dataset: Dataset
    graph: Graph  # the merged view
    report: Report  # of the graph as kept (after any violating facts were taken out)
    outputs: list[Path]
    removed: list[Removed] = field(default_factory=list)  # violating facts taken out, each with its violation


def extract(article: Article, *, model: str = nlp.DEFAULT_MODEL) -> Extraction:
    """Read an article into entities, relations, statements and events (no RDF yet)."""
    return pipeline.extract(article, model=model)


def graph_of(x: Extraction, *, run_time: dt.datetime | None = None) -> tuple[Dataset, Graph, Report, list[Removed]]:
    """The article's dataset and merged view, validated; violating facts taken out (kg.repair).
    Raises ShapesViolated if what violates cannot be taken out (then nothing may be written)."""
    ds = rdf.to_dataset(x, run_time=run_time)
    try:
        return graph_of_dataset(ds, rdf.merged_view(ds))
    except _Unrepaired as exc:
        name = x.article.path or x.article.id
        raise ShapesViolated(
            f"{name}: the graph does not conform to the shapes; nothing written", Report(False, exc.violations).text()
        ) from None


def build_article(
    art: Article,
    *,
    out_dir: str | Path | None = None,
    model: str = nlp.DEFAULT_MODEL,
    run_time: dt.datetime | None = None,
    stem: str | None = None,
) -> Built:
    """Read one article into a validated graph; write <stem>.ttl (merged view) and <stem>.trig
    (named graphs) into out_dir when given. Facts that violate the shapes are taken out and
    listed in Built.removed; raises ShapesViolated, writing nothing, if the rest still violates."""
    x = pipeline.extract(art, model=model)
    ds, merged, report, removed = graph_of(x, run_time=run_time)
    outputs: list[Path] = []
    if out_dir is not None:
        name = stem or (Path(art.path).stem if art.path else art.id)
        ttl = Path(out_dir) / f"{name}.ttl"
        trig = Path(out_dir) / f"{name}.trig"
        io.write_atomic(ttl, rdf.to_turtle(merged))
        io.write_atomic(trig, rdf.to_trig(ds))
        outputs = [ttl, trig]
    return Built(art, x, ds, merged, report, outputs, removed)


def build(
    paths: list[str | Path],
    *,
    out_dir: str | Path | None = None,
    model: str = nlp.DEFAULT_MODEL,
    date: str | None = None,
    source: str | None = None,
    run_time: dt.datetime | None = None,
) -> list[Built]:
    """Build each article file (text, HTML, JSON or JSON Lines) into out_dir; the first bad
    input raises BadInput. For a corpus, see build_corpus."""
    arts = list(inputs.iter_articles(paths, date=date, source=source))
    return [build_article(a, out_dir=out_dir, model=model, run_time=run_time) for a in arts]


# ---- corpus builds: serial, parallel (kg.parallel) and distributed (kg.distributed) share this ----

STAGES = ("parse", "extract", "rdf", "validate", "serialize")  # parse: the share of a batch's parse


@dataclass
class Outcome:
    """What building one input gave: picklable, so that workers (processes, Dask) return it.

    `error`: a bad input or a failure, the article not built. `removed`: violating facts taken
    out (the article kept without them). `violations`: what could not be taken out (the article
    not kept, nothing of it written). Serializations are made in the worker: `ttl` and `trig`
    for files, `nquads` (every graph, the default graph unnamed) for a store or a server."""

    name: str
    rel: str | None = None
    article: Article | None = None
    error: str | None = None
    removed: list[Removed] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    times: dict[str, float] = field(default_factory=dict)
    ttl: bytes | None = None
    trig: bytes | None = None
    nquads: bytes | None = None
    mention_counts: dict[str, int] = field(default_factory=dict)  # entity IRI -> mentions, once laid out
    laid_out: bool = False  # nquads already laid out for the store (kg.store.laid_out)

    @property
    def kept(self) -> bool:
        return self.error is None and not self.violations

    def messages(self) -> list[str]:
        """One line per problem: the input's name, the focus node and the message."""
        out = []
        if self.error:
            out.append(self.error)
        for r in self.removed:
            out.append(f"{self.name}: {r.what} {r.node} taken out: {r.violation.focus}: {r.violation.message}")
        for v in self.violations:
            out.append(f"{self.name}: violates the shapes, not kept: {v.focus}: {v.message}")
        if self.error is None and self.article is not None and self.article.date is None:
            out.append(
                f"{self.name}: warning: no date found in the metadata or the text, so who held an office is "
                "decided without one; give --date (or a JSON 'date')"
            )
        return out


@dataclass(frozen=True)
class Options:
    """How a build processes an article: the model, and which serializations to make."""

    model: str = nlp.DEFAULT_MODEL
    run_time: dt.datetime | None = None
    files: bool = True  # make ttl + trig
    nquads: bool = False  # make N-Quads (store, push)
    store_layout: bool = False  # lay the N-Quads out for a store (kg.store), in the worker


_WARM: set[str] = set()
_FROZEN = False  # this process set its objects aside from the garbage collector (_warm_and_freeze)


def warm_up(model: str = nlp.DEFAULT_MODEL) -> None:
    """Load what every article needs once per process: spaCy, the knowledge base and what the
    rules build on first use (the gazetteer's matchers: a line is read for them)."""
    if model in _WARM:
        return
    from kg.kb import load_kb

    load_kb()
    nlp.load_pipeline(model)
    pipeline.extract(Article(id="warm-up", text="Warm up.", title="Warm up"), model=model)
    _WARM.add(model)


def _warm_and_freeze(model: str = nlp.DEFAULT_MODEL) -> None:
    """warm_up, then set everything loaded aside from the garbage collector (gc.freeze) for the
    build: it lives as long as the process, and a full collection walked it, 300,000 objects,
    every few articles (163 ms each, about 15 ms an article). outcomes() gives it back to the
    collector when the build ends (gc.get_referrers, e.g., does not see frozen objects)."""
    global _FROZEN
    warm_up(model)
    if gc.get_freeze_count() == 0:  # (a process that froze objects of its own keeps them as they are)
        gc.freeze()
        _FROZEN = True


def _thawed(stream: Iterator[Outcome]) -> Iterator[Outcome]:
    global _FROZEN
    try:
        yield from stream
    finally:
        if _FROZEN:
            gc.unfreeze()
            _FROZEN = False


def process_many(items: list[inputs.Item], opts: Options = Options()) -> list[Outcome]:  # noqa: B008
    """Build inputs into Outcomes, in order, their texts parsed by spaCy in one batch (faster
    than one by one, the same Docs). If the batch's parse fails, each article is parsed alone,
    so that the failure is reported by the name of the article that caused it."""
    texts = [it.article.text for it in items if it.article is not None]
    docs: list[Doc | None] = [None] * len(texts)
    share = 0.0
    if len(texts) > 1:
        t = time.perf_counter()
        try:
            docs = list(nlp.parse_many(texts, opts.model))
        except Exception:  # noqa: BLE001  (each article's own parse reports it, by name, in process)
            docs = [None] * len(texts)
        share = (time.perf_counter() - t) / max(1, sum(map(len, texts)))
    parsed = iter(zip(texts, docs, strict=True))
    out = []
    for it in items:
        if it.article is None:
            out.append(process(it, opts))
            continue
        text, doc = next(parsed)
        o = process(it, opts, doc=doc)
        if doc is not None:
            o.times["parse"] = share * len(text)
        out.append(o)
    return out


def process(item: inputs.Item, opts: Options = Options(), *, doc: Doc | None = None) -> Outcome:  # noqa: B008
    """Build one input into an Outcome. Never raises for a bad article: the Outcome says why.
    `doc`: its text already parsed (process_many)."""
    out = Outcome(item.name, item.rel, item.article, item.error)
    if item.article is None:
        out.error = out.error or f"{item.name}: no article"
        return out
    art = item.article
    try:
        t = time.perf_counter()
        x = pipeline.extract(art, model=opts.model, doc=doc)
        out.times["extract"] = time.perf_counter() - t
        t = time.perf_counter()
        made = rdf.article_rdf(x, run_time=opts.run_time)
        forms = made.forms()
        merged = forms.merged()
        out.times["rdf"] = time.perf_counter() - t
        t = time.perf_counter()
        if validate_engine() == "turbo" and conforms_ntriples("".join(f"{s} {p} {o} .\n" for s, p, o in merged)):
            # the common case: nothing to report, so the quads are written as they are
            out.times["validate"] = time.perf_counter() - t
            t = time.perf_counter()
            _write_forms(out, made, forms, merged, opts)
        else:  # something to report, or the reference engine: the rdflib graph, its report and repair
            ds = made.dataset()
            try:
                ds, graph, _report, out.removed = graph_of_dataset(ds, rdf.merged_view(ds, store="SimpleMemory"))
            except _Unrepaired as exc:
                out.violations = exc.violations
                out.times["validate"] = time.perf_counter() - t
                return out
            out.times["validate"] = time.perf_counter() - t
            t = time.perf_counter()
            _write_dataset(out, ds, graph, opts)
        out.times["serialize"] = time.perf_counter() - t
        if opts.store_layout:
            from kg.store import laid_out

            # the forms are the graph's while nothing was taken out of it
            out = laid_out(out, forms.keys if not out.removed else None)
    except KgError as exc:
        out.error = f"{item.name}: {exc}" if not str(exc).startswith(item.name) else str(exc)
    except Exception as exc:  # a bug in kg must not lose the rest of the batch
        out.error = f"{item.name}: kg failed on this article ({type(exc).__name__}: {exc}); please report it"
    return out


def _write_forms(
    out: Outcome, made: rdf.ArticleRDF, forms: rdf.ArticleForms, merged: list[tuple[str, str, str]], opts: Options
) -> None:
    """The outcome's serializations and counts, from the article's quads (what _write_dataset
    writes for the same graph: a test holds the two to the same bytes)."""
    nquads = forms.nquads()
    if opts.files:
        out.ttl = made.merged_graph().serialize(format="turtle", encoding="utf-8")
        out.trig = rdf.trig_of_nquads(nquads)
    if opts.nquads:
        out.nquads = nquads
    out.counts = forms.counts(merged)


def _write_dataset(out: Outcome, ds: Dataset, merged: Graph, opts: Options) -> None:
    """The outcome's serializations and counts, from its dataset and merged view."""
    if opts.files:
        out.ttl = merged.serialize(format="turtle", encoding="utf-8")
        out.trig = rdf.to_trig(ds)
    if opts.nquads:
        out.nquads = rdf.to_nquads(ds)
    out.counts = {
        "entities": len(set(merged.subjects(KGO.mentionCount, None))),
        "relations": sum(1 for _ in merged.subjects(RDF.type, KGO.Assertion)),
        "statements": sum(1 for _ in merged.subjects(RDF.type, KGO.Statement)),
        "triples": len(merged),
    }


class _Unrepaired(Exception):
    def __init__(self, violations: list[Violation]) -> None:
        super().__init__("violations left")
        self.violations = violations


def graph_of_dataset(ds: Dataset, merged: Graph) -> tuple[Dataset, Graph, Report, list[Removed]]:
    """Validate an article's dataset and take out what violates the shapes (kg.repair)."""
    report = validate_graph(merged)
    removed: list[Removed] = []
    for _ in range(3):
        if report.conforms:
            break
        taken, left = repair(ds, report.violations)
        removed += taken
        if left or not taken:
            break
        merged = rdf.merged_view(ds)
        report = validate_graph(merged)
    if not report.conforms:
        raise _Unrepaired(report.violations)
    return ds, merged, report, removed


SERIAL_BATCH = 32  # articles a serial build parses in one batch (a pool's worker parses its chunk)
# articles a pool's worker takes at once, and parses in one batch: in chunks of 4 two workers built
# 220 articles in 22.4-26.6 s, in chunks of 16 in 20.5-20.9 s (spaCy parses a batch faster per text)
POOL_CHUNK = 16


def _crashed(item: inputs.Item) -> Outcome:
    return Outcome(item.name, item.rel, item.article, f"{item.name}: the worker building it died twice; left out")


def outcomes(
    items: Iterable[inputs.Item],
    opts: Options = Options(),
    *,
    jobs: int = 1,
    chunk: int = POOL_CHUNK,
) -> Iterator[Outcome]:
    """Build every input, in `jobs` processes (kg.parallel), Outcomes in input order."""
    return _thawed(
        parallel.ordered_map(
            functools.partial(process, opts=opts),
            items,
            jobs=jobs,
            chunk=chunk,
            many=functools.partial(process_many, opts=opts),
            serial_chunk=SERIAL_BATCH,
            initializer=_warm_and_freeze,
            initargs=(opts.model,),
            on_crash=_crashed,
        )
    )


@dataclass
class Tally:
    """A batch's closing count: articles built, facts taken out, inputs that failed (by name)."""

    built: int = 0
    removed: int = 0
    failed: list[str] = field(default_factory=list)  # bad inputs and failures: not built
    rejected: list[str] = field(default_factory=list)  # violating beyond repair: not kept

    def count(self, o: Outcome) -> None:
        """Count one outcome: kept, repaired or failed."""
        if o.error is not None:
            self.failed.append(o.name)
        elif o.violations:
            self.rejected.append(o.name)
        else:
            self.built += 1
            self.removed += len(o.removed)

    @property
    def status(self) -> int:
        """2 if an input failed (bad input), else 1 if the shapes were violated, else 0."""
        if self.failed:
            return 2
        return 1 if self.rejected or self.removed else 0

    def text(self) -> str:
        """The closing line: how many articles were built, repaired, failed (and which)."""
        parts = [f"{self.built} articles built"]
        if self.removed:
            parts.append(f"{self.removed} violating facts taken out")
        if self.rejected:
            parts.append(f"{len(self.rejected)} not kept (violating): {', '.join(self.rejected)}")
        if self.failed:
            parts.append(f"{len(self.failed)} failed: {', '.join(self.failed)}")
        return "; ".join(parts)


class OutputNames:
    """Output names under -o that never collide: <stem> for an input file; when that name is
    taken in this run, the input's path as given (without its suffix, absolute paths without
    their root); JSON Lines articles as <file>-<line>."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def name(self, o: Outcome) -> str:
        """The output stem of an outcome, never one already written in this run."""
        rel = o.rel or (o.article.id if o.article else o.name)
        candidates = [Path(rel).name, rel.lstrip("/").replace("..", "__")]
        if o.article is not None:
            candidates.append(f"{candidates[-1]}-{o.article.id[:8]}")
        for c in candidates:
            if c not in self.used:
                self.used.add(c)
                return c
        raise AssertionError("unreachable: the article id makes the name unique")


def write_files(o: Outcome, out_dir: str | Path, names: OutputNames) -> list[Path]:
    """Write an outcome's Turtle and TriG under out_dir (atomically); the paths written."""
    assert o.ttl is not None and o.trig is not None
    stem = names.name(o)
    ttl = Path(out_dir) / f"{stem}.ttl"
    trig = Path(out_dir) / f"{stem}.trig"
    io.write_atomic(ttl, o.ttl)
    io.write_atomic(trig, o.trig)
    return [ttl, trig]


def validate(paths: list[str | Path], *, extra_shapes: list[str | Path] | None = None) -> dict[str, Report]:
    """Validate RDF files ('-': standard input) against kg's shapes plus extra shapes files.
    A file with named graphs (TriG, N-Quads) is validated as its merged view: the default graph
    and the narrator's graphs; a speaker's claims are claims, not facts to hold to the shapes."""
    extras = [load_shapes(p) for p in extra_shapes or []]
    out = {}
    for p in paths:
        g = rdf.merged_view(io.read_rdf(p))
        if len(g) == 0:
            raise BadInput(f"{p}: holds no triples, so there is nothing to validate; give a graph kg built")
        try:
            out[str(p)] = validate_graph(g, extras)
        except BadInput as exc:
            raise BadInput(f"{', '.join(map(str, extra_shapes or []))}: {exc}") from exc
    return out
