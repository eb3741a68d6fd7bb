"""kg push: into a real Oxigraph server process started here (127.0.0.1 only), by SPARQL Update
and by the Graph Store Protocol; named graphs intact, re-pushing replaces, refusals are clear."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import to_isomorphic

from kg import api, inputs, push
from kg.cli import main
from kg.errors import BadInput

from .conftest import DEV, RUN_TIME, SEED, needs_shared


def _binary() -> str:
    """The `oxigraph` server binary (the `serve` extra installs it next to the interpreter)."""
    import shutil
    import sys

    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("the `oxigraph` server is not installed (pip install 'kg[serve]')")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [_binary(), "serve", "--location", str(tmp_path / "srv"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


def _select(url: str, q: str) -> list[dict[str, str]]:
    req = urllib.request.Request(
        f"{url}/query?{urllib.parse.urlencode({'query': q})}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        data = json.load(resp)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _server_dataset(url: str) -> rdflib.Dataset:
    req = urllib.request.Request(f"{url}/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        data = resp.read()
    ds = rdflib.Dataset()
    ds.parse(data=data, format="nquads")
    return ds


def _integers(g: rdflib.Graph) -> rdflib.Graph:
    """Oxigraph keeps xsd:nonNegativeInteger and xsd:positiveInteger as xsd:integer (issue 9 changes
    kg's datatypes); compare with that difference taken out."""
    from rdflib import XSD, Literal

    out = rdflib.Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype in (XSD.nonNegativeInteger, XSD.positiveInteger):
            o = Literal(str(o), datatype=XSD.integer)
        out.add((s, p, o))
    return out


def _graphs(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    return {
        str(g.identifier): _integers(g) for g in ds.graphs() if len(g) and g.identifier != ds.default_graph.identifier
    }


def _expected(paths: list[Path]) -> dict[str, rdflib.Graph]:
    """Each article's TriG graphs, the default graph named <article>/graph: what push must write."""
    out: dict[str, rdflib.Graph] = {}
    for o in api.outcomes(inputs.iter_items(paths), api.Options(run_time=RUN_TIME, nquads=True)):
        assert o.nquads is not None and o.article is not None
        for name, triples in push.article_graphs(
            o.nquads, f"https://w3id.org/kg-news/id/article/{o.article.id}"
        ).items():
            g = rdflib.Graph()
            g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
            out[name] = _integers(g)
    return out


def test_push_by_update_round_trips_named_graphs(
    server: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [SEED]
    monkeypatch.setattr(api, "Options", _fixed_time(api.Options))
    assert main(["push", str(SEED), "--endpoint", f"{server}/query", "-j", "1"]) == 0
    got = _graphs(_server_dataset(server))
    want = _expected(paths)
    assert set(got) == set(want)
    for name in want:
        assert to_isomorphic(got[name]) == to_isomorphic(want[name]), _debug(got[name], want[name])
    assert len(_server_dataset(server).default_graph) == 0  # nothing outside the article's graphs
    n = len(list(_server_dataset(server).quads()))
    # again: the article's graphs are replaced, not doubled
    assert main(["push", str(SEED), "--endpoint", f"{server}/query", "-j", "1"]) == 0
    assert len(list(_server_dataset(server).quads())) == n
    assert capsys.readouterr().out.splitlines()[-1] == "1 articles built"


def _fixed_time(cls):  # type: ignore[no-untyped-def]
    def make(*a, **k):  # type: ignore[no-untyped-def]
        k.setdefault("run_time", RUN_TIME)
        return cls(*a, **k)

    return make


def test_push_by_graph_store_protocol(server: str) -> None:
    target = push.Target.from_args(f"{server}/query", graph_store=f"{server}/store")
    o = next(api.outcomes(inputs.iter_items([SEED]), api.Options(run_time=RUN_TIME, nquads=True)))
    assert push.push_outcome(target, o) == len(push.article_graphs(o.nquads or b"", "x"))
    rows = _select(server, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert rows == [{"n": str(push.push_outcome(target, o))}]


def test_refused_write_is_a_clear_error(tmp_path: Path) -> None:
    from kg import serve, store

    db = tmp_path / "db"
    store.add_articles(db, inputs.iter_items([SEED]))
    srv = serve.start(db, port=_free_port())  # read-only: updates refused
    try:
        target = push.Target.from_args(f"{srv.url}/query")
        with pytest.raises(BadInput, match=r"the server forbids the write \(HTTP 403: .*\); it is read-only"):
            target.put_graph("urn:g", [])
    finally:
        srv.stop()


def test_authentication_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import http.server
    import threading

    class Deny(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Deny)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("KG_PUSH_TOKEN", "wrong")
        target = push.Target.from_args(f"http://127.0.0.1:{httpd.server_port}/query")
        with pytest.raises(BadInput, match=r"the credentials given were refused \(HTTP 401\); set KG_PUSH_USER"):
            target.put_graph("urn:g", [])
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_unreachable_server_after_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push, "RETRIES", 2)
    monkeypatch.setattr(push.time, "sleep", lambda s: None)
    target = push.Target.from_args(f"http://127.0.0.1:{_free_port()}/query")
    with pytest.raises(BadInput, match=r"did not take the write after 2 tries .*is it running\?"):
        target.put_graph("urn:g", [])


def test_credentials_from_environment_or_netrc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("KG_PUSH_TOKEN", "KG_PUSH_USER", "KG_PUSH_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    rc = tmp_path / "netrc"
    rc.write_text("machine db.example login alice password s3cret\n")
    monkeypatch.setenv("NETRC", str(rc))
    assert push.Target.from_args("http://db.example/q").headers == {"Authorization": "Basic YWxpY2U6czNjcmV0"}
    assert push.Target.from_args("http://other.example/q").headers == {}
    monkeypatch.setenv("KG_PUSH_TOKEN", "t0k")
    assert push.Target.from_args("http://db.example/q").headers == {"Authorization": "Bearer t0k"}
    with pytest.raises(BadInput, match="not an http"):
        push.Target.from_args("ftp://x/q")


@needs_shared
def test_dev_corpus_pushed_keeps_every_claim_in_its_graph(server: str, dev_outcomes: list[api.Outcome]) -> None:
    target = push.Target.from_args(f"{server}/query", graph_store=f"{server}/store")
    for o in dev_outcomes:
        push.push_outcome(target, o)
    ds = _server_dataset(server)
    graphs = _graphs(ds)
    articles = {n.rsplit("/", 1)[0] for n in graphs if n.endswith("/graph")}
    assert len(articles) == len(list(DEV.glob("*.json")))
    preds = set(__import__("kg.rdf", fromlist=["IRI_PREDICATE"]).IRI_PREDICATE)
    for name, g in graphs.items():
        relations = {t for t in g if t[1] in preds}
        if name.endswith("/graph"):
            assert not relations, f"a bare relation in {name}"
        elif name.endswith("/claims"):
            assert relations


def _debug(a: rdflib.Graph, b: rdflib.Graph) -> list[str]:
    from rdflib.compare import graph_diff

    _, x, y = graph_diff(to_isomorphic(a), to_isomorphic(b))
    return sorted(f"- {t}" for t in x)[:5] + sorted(f"+ {t}" for t in y)[:5]
