"""The bounded endpoint: every query ends by its deadline whatever its shape, its memory is
capped, the client is told (503/500 and a message, never a truncated 200), the server keeps
serving; SERVICE, foreign pages and foreign Host names are refused; a load test. Loopback only."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import endpoint, serve, store
from kg.errors import BadInput

from .conftest import ROOT

TIMEOUT = 2.0
MEMORY_MB = 100
CORS = "https://yasgui.example"
COUNT_CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ORDER_CROSS_JOIN = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f LIMIT 1"
STREAM_CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LEADERS = "PREFIX kgo: <https://w3id.org/kg-news/ontology#> SELECT ?l ?s WHERE { ?l kgo:leaderOf ?s }"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample article's graphs in a store laid out as kg's (default graph: the merged view;
    claims in their named graphs), loaded without a build."""
    import gc

    import pyoxigraph as ox

    path = tmp_path_factory.mktemp("endpoint") / "db"
    db = ox.Store(str(path))
    db.bulk_load(path=str(ROOT / "output" / "seed-article.trig"), format=ox.RdfFormat.TRIG)
    db.bulk_load(path=str(ROOT / "output" / "seed-article.ttl"), format=ox.RdfFormat.TURTLE)
    db.flush()
    del db
    gc.collect()
    return path


@pytest.fixture(scope="module")
def server(db: Path):  # type: ignore[no-untyped-def]
    srv = serve.start(db, port=0, timeout=TIMEOUT, memory_mb=MEMORY_MB, workers=4, cors=[CORS])
    yield srv
    srv.stop()


def ask(
    srv: serve.Server,
    query: str,
    accept: str = "application/sparql-results+json",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes, float]:
    url = f"{srv.url}/query?{urllib.parse.urlencode({'query': query})}"
    req = urllib.request.Request(url, headers={"Accept": accept, **(headers or {})})
    t = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read(), time.monotonic() - t
    except urllib.error.HTTPError as exc:
        body = exc.read()
        exc.close()
        return exc.code, dict(exc.headers), body, time.monotonic() - t


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def test_aggregate_over_a_cross_join_ends_at_the_deadline(server: serve.Server) -> None:
    status, _, body, secs = ask(server, COUNT_CROSS_JOIN)
    assert status == 503
    assert body.decode() == (
        f"the query ran longer than the {TIMEOUT:g} s limit and was stopped; narrow it (LIMIT, fewer unbound "
        "patterns) or ask whoever runs kg serve to raise --timeout\n"
    )
    assert TIMEOUT <= secs < TIMEOUT + 1.5
    assert ask(server, LEADERS)[0] == 200  # and the server goes on serving


def test_sort_that_grows_is_stopped_at_the_memory_limit(server: serve.Server) -> None:
    status, _, body, secs = ask(server, ORDER_CROSS_JOIN)
    assert status == 500
    assert body.decode().startswith(f"the query needed more than the {MEMORY_MB} MiB memory limit and was stopped")
    assert secs < TIMEOUT + 1.5
    assert ask(server, LEADERS)[0] == 200


def test_a_client_that_hangs_up_stops_its_query(server: serve.Server) -> None:
    before = len([m for m in server.messages if "hung up" in m])
    host, port = server.url.removeprefix("http://").split(":")
    path = f"/query?{urllib.parse.urlencode({'query': COUNT_CROSS_JOIN})}"
    with socket.create_connection((host, int(port))) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        time.sleep(0.5)
    for _ in range(30):
        if len([m for m in server.messages if "hung up" in m]) > before:
            break
        time.sleep(0.1)
    assert server.messages[-1] == "kg serve: a client hung up: its query was stopped"


def test_service_is_refused(server: serve.Server) -> None:
    status, _, body, _ = ask(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403
    assert body.decode().startswith("the query calls another endpoint over the network (SERVICE)")
    assert "kg serve --allow-service" in body.decode()


def test_cors_for_the_allowed_origin_only(server: serve.Server) -> None:
    req = urllib.request.Request(f"{server.url}/query", method="OPTIONS", headers={
        "Origin": CORS, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})  # fmt: skip
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 204
        assert resp.headers["Access-Control-Allow-Origin"] == CORS
        assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    status, headers, _, _ = ask(server, LEADERS, headers={"Origin": CORS, "Sec-Fetch-Site": "cross-site"})
    assert (status, headers["Access-Control-Allow-Origin"]) == (200, CORS)
    status, headers, body, _ = ask(server, LEADERS, headers={"Origin": "https://evil.example"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    assert body.decode() == (
        "requests from https://evil.example are refused; start kg serve with --cors https://evil.example "
        "to allow that page\n"
    )
    # a page's <img src> or no-cors fetch sends no Origin, but the browser marks it cross-site
    assert ask(server, COUNT_CROSS_JOIN, headers={"Sec-Fetch-Site": "cross-site"})[0] == 403


def test_a_foreign_host_name_is_refused(server: serve.Server) -> None:
    # DNS rebinding: a page's own name resolving to 127.0.0.1
    status, _, body, _ = ask(server, LEADERS, headers={"Host": "attacker.example"})
    assert status == 403
    assert body.decode().startswith("Host attacker.example is not this endpoint")


def test_protocol_basics(server: serve.Server) -> None:
    status, headers, body, _ = ask(server, LEADERS, "text/csv")
    assert (status, headers["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert body.decode().splitlines()[0] == "l,s"
    status, headers, body, _ = ask(server, "CONSTRUCT { ?l <urn:leads> ?s } WHERE { ?l <https://w3id.org/kg-news/ontology#leaderOf> ?s }", "text/turtle")  # fmt: skip
    assert (status, headers["Content-Type"], body.count(b"<urn:leads>")) == (200, "text/turtle; charset=utf-8", 2)
    assert ask(server, LEADERS, "image/png")[0] == 406
    status, _, body, _ = ask(server, "SELECT ?x WHERE {")
    assert status == 400 and body.startswith(b"SPARQL syntax error")
    form = urllib.request.Request(f"{server.url}/query", data=urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(form, timeout=10)
    exc.value.close()
    assert exc.value.code == 403
    with urllib.request.urlopen(f"{server.url}/", timeout=10) as resp:
        assert b'<form action="/query"' in resp.read()


def test_store_held_by_a_build_is_not_served(tmp_path: Path) -> None:
    import pyoxigraph as ox

    db = tmp_path / "db"
    writer = ox.Store(str(db))  # what kg build --store holds while it writes
    writer.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
    writer.flush()
    try:
        with pytest.raises(BadInput, match="a build is writing to this store"):
            serve.start(db, port=0)
        assert not (db / store.LOCK).exists()
    finally:
        del writer


def test_pid_file_name_is_the_one_builds_check() -> None:
    assert endpoint.PID_FILE == store.LOCK


def test_load(server: serve.Server) -> None:
    """Normal queries keep answering within their bound while cross joins, sorts and streaming
    cross joins are stopped,
    and no worker passes its memory limit. The bound is well below the deadline: a normal query
    never waits for a heavy one to be stopped (latency alone is printed for comparison; the
    machine may be shared)."""
    peak: dict[int, float] = {}

    def run(seconds: float, abusers: tuple[str, ...]) -> tuple[list[tuple[int, float]], list[tuple[int, str, str]]]:
        stop = time.monotonic() + seconds
        normal: list[tuple[int, float]] = []
        heavy: list[tuple[int, str, str]] = []

        def client() -> None:
            while time.monotonic() < stop:
                status, _, _, secs = ask(server, LEADERS)
                normal.append((status, secs))

        def abuser(query: str) -> None:
            while time.monotonic() < stop:
                status, headers, body, _ = ask(server, query, "text/csv")
                heavy.append((status, headers["Content-Type"], body.decode()[-30:]))

        def sampler() -> None:
            while time.monotonic() < stop + 0.5:
                for pid in _children(server.process.pid):
                    peak[pid] = max(peak.get(pid, 0.0), _rss_mib(pid))
                time.sleep(0.05)

        threads = [threading.Thread(target=client) for _ in range(3)]
        threads += [threading.Thread(target=abuser, args=(q,)) for q in abusers]
        threads.append(threading.Thread(target=sampler))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return normal, heavy

    def p99(normal: list[tuple[int, float]]) -> float:
        latencies = sorted(secs for _, secs in normal)
        return latencies[int(0.99 * (len(latencies) - 1))]

    alone, _ = run(1, ())
    loaded, heavy = run(3.5, (COUNT_CROSS_JOIN, ORDER_CROSS_JOIN, STREAM_CROSS_JOIN))
    base, p = p99(alone), p99(loaded)
    print(f"load: alone {len(alone)} queries, p99 {base * 1000:.0f} ms; with 3 abusers {len(loaded)} queries, "
          f"median {statistics.median(s for _, s in loaded) * 1000:.0f} ms, p99 {p * 1000:.0f} ms; "
          f"{len(heavy)} heavy queries stopped; peak worker RSS {max(peak.values()):.0f} MiB")  # fmt: skip
    assert {s for s, _ in alone + loaded} == {200}
    assert len(loaded) >= 20
    assert p < 0.75 * TIMEOUT  # a normal query never waits for a heavy one to be stopped
    # a stopped query, a streaming one too, is a message: never a truncated 200
    assert heavy and {h[:2] for h in heavy} <= {(500, "text/plain; charset=utf-8"), (503, "text/plain; charset=utf-8")}
    assert {h[2] for h in heavy} <= {"s kg serve to raise --timeout\n", "kg serve to raise --memory-mb\n"}
    assert max(peak.values()) < MEMORY_MB + 128  # the limit is on top of the idle worker's own (about 60 MiB)


def test_ask_answers_sparql_json(server: serve.Server) -> None:
    status, _, body, _ = ask(server, "ASK {}")
    assert (status, json.loads(body)) == (200, {"head": {}, "boolean": True})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _processes_of(db: Path) -> list[int]:
    """Endpoint and worker processes serving `db`."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"kg.endpoint" in cmd and str(db).encode() in cmd:
                out.append(int(entry))
    return out


def _gone(pids: list[int], seconds: float = 3) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not [p for p in pids if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]:
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "X"


def _kg_serve(served: Path, tmp_path: Path) -> tuple[subprocess.Popen[str], int, Path]:
    """`kg serve` as a user runs it, over a copy of the store (the module's server holds the original)."""
    db = tmp_path / "db"
    shutil.copytree(served, db, ignore=shutil.ignore_patterns(store.LOCK))
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(db), "--port", str(_free_port())],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith(f"kg: serving {db} read-only at http://127.0.0.1:"), line + proc.stderr.read()  # type: ignore[union-attr]
    return proc, int((db / store.LOCK).read_text()), db


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_endpoint_and_removes_the_pid_file(db: Path, tmp_path: Path, signum: int) -> None:
    proc, endpoint_pid, db = _kg_serve(db, tmp_path)
    served = _processes_of(db)
    assert endpoint_pid in served and len(served) >= 2  # the endpoint and its first worker
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=10)
    assert (proc.returncode, err) == (0, "")
    assert _gone(served)
    assert not (db / store.LOCK).exists()


def test_a_dead_endpoint_is_reported_with_exit_2(db: Path, tmp_path: Path) -> None:
    proc, endpoint_pid, db = _kg_serve(db, tmp_path)
    served = _processes_of(db)
    os.kill(endpoint_pid, signal.SIGKILL)
    assert proc.wait(10) == 2
    _, err = proc.communicate()
    assert err.strip() == ("kg: the SPARQL endpoint stopped unexpectedly (exit -9): no message; start kg serve again")
    assert _gone(served)  # its workers follow it
    assert not (db / store.LOCK).exists()
