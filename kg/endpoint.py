"""kg's SPARQL endpoint: the SPARQL 1.1 Protocol over a store, read-only, every query bounded.

The HTTP server (stdlib, one thread per connection) parses the request and hands the query to
one of a few worker processes; each worker holds the store open read-only (pyoxigraph) and
answers with the whole serialized result, so a client never gets a truncated 200. A query that
runs past its deadline, or whose worker passes the memory limit (RLIMIT_DATA), is stopped by
ending its worker; the client gets 503 (time) or 500 (memory) with a one-line message, a fresh
worker takes its place and the other queries go on. A client that hangs up stops its query too.

The server holds a shared lock on the store's LOCK file (the one RocksDB takes to write), so a
build cannot open the store while it is served, and a store a build holds is refused at start.

Run by `kg serve` (kg.serve) as `python -m kg.endpoint --store DIR --port N ...`; the query
workers are `python -m kg.endpoint --worker ...`.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import resource
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

PID_FILE = ".kg-serve.pid"  # the same name kg.store checks before a build
MAX_QUERY_BYTES = 1_000_000
LONG_QUERY_S = 0.5  # a query that has used this much CPU gives way to the short ones
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
RESULTS = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values")
GRAPHS = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/n-quads", "application/trig",
          "application/ld+json")  # fmt: skip
# how a worker ends when an allocation fails under RLIMIT_DATA: Rust and C++ abort, Python exits 4; 9: the OOM killer
MEMORY_EXITS = (-signal.SIGABRT, 4, -signal.SIGKILL)
ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml"}


# ---------------------------------------------------------------- the worker process


def _worker_main(store: str, memory_mb: int, union: bool, parent: int) -> None:
    """Answer queries read from stdin (one JSON line each) with a JSON header line and the body."""
    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when a worker ends
    deadline = [0.0]

    def watchdog() -> None:  # ends the worker if the server is gone or the query outlives its deadline
        while True:
            time.sleep(0.25)
            if os.getppid() != parent or (deadline[0] and time.monotonic() > deadline[0] + 2):
                os._exit(3)

    threading.Thread(target=watchdog, daemon=True).start()
    db = ox.Store.read_only(store)
    bool(db.query("ASK {}"))  # the store's own threads and caches are set up now
    # a query may use memory_mb beyond what the idle worker holds (heap, anonymous maps, thread stacks)
    limit = _data_size() + memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    out = sys.stdout.buffer
    out.write(b"ready\n")
    out.flush()
    for line in sys.stdin.buffer:
        req = json.loads(line)
        deadline[0] = time.monotonic() + float(req["timeout"])
        try:
            status, ctype, body = _execute(db, req, union)
        except MemoryError:
            os._exit(4)
        deadline[0] = 0.0
        out.write(json.dumps({"status": status, "type": ctype, "length": len(body)}).encode() + b"\n")
        out.write(body)
        out.flush()


def _data_size() -> int:
    """The process's data segment (what RLIMIT_DATA counts), from /proc; 256 MiB where there is none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 256 * 2**20


def _execute(db: Any, req: dict[str, Any], union: bool) -> tuple[int, str, bytes]:
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    try:
        if req.get("default_graph"):
            kwargs["default_graph"] = [ox.NamedNode(u) for u in req["default_graph"]]
        else:
            kwargs["use_default_graph_as_union"] = union
        if req.get("named_graphs"):
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in req["named_graphs"]]
    except ValueError as exc:
        return 400, "text/plain", f"default-graph-uri or named-graph-uri is not a valid IRI: {exc}\n".encode()
    try:
        result = db.query(req["query"], **kwargs)
        kind = "graph" if isinstance(result, ox.QueryTriples) else "results"
        media = negotiate(req.get("accept") or "", kind)
        if media is None:
            offered = ", ".join(GRAPHS if kind == "graph" else RESULTS)
            return 406, "text/plain", f"no acceptable format for this query's result; offered: {offered}\n".encode()
        if kind == "graph":
            fmt: Any = ox.RdfFormat.from_media_type(media)
        else:
            fmt = ox.QueryResultsFormat.from_media_type(media)
        body = result.serialize(format=fmt) or b""
    except SyntaxError as exc:
        return 400, "text/plain", f"SPARQL syntax error: {exc}\n".encode()
    except (OSError, RuntimeError, ValueError) as exc:
        return 500, "text/plain", f"the query failed: {exc}\n".encode()
    return 200, media, body


def negotiate(accept: str, kind: str) -> str | None:
    """The media type to answer with for an Accept header; None when nothing acceptable is offered."""
    offered = GRAPHS if kind == "graph" else RESULTS
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranges.append((-q, i, ALIASES.get(media.lower(), media.lower())))
    if not ranges:
        return offered[0]
    for neg_q, _, media in sorted(ranges):
        if neg_q >= 0:
            break
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            found = [m for m in offered if m.startswith(media[:-1])]
            if found:
                return found[0]
        elif media in offered:
            return media
    return None


# ---------------------------------------------------------------- the pool of workers


class Stopped(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Worker:
    """A query worker: a child process with the store open read-only and a memory cap."""

    proc: subprocess.Popen[bytes]
    fd: int = -1
    buf: bytearray = field(default_factory=bytearray)
    started: float = 0.0  # when the current query was sent
    cpu_start: float = 0.0  # the worker's CPU time then
    demoted: bool = False  # its query ran long: it runs at the lowest CPU priority from then on

    def __post_init__(self) -> None:
        assert self.proc.stdout is not None
        self.fd = self.proc.stdout.fileno()

    def cpu_seconds(self) -> float:
        """CPU time the worker has used (Linux /proc; 0 where there is none, which turns demotion off)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def kill(self) -> None:
        """Stop the worker process now."""
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()  # type: ignore[union-attr]

    def _fill(self, deadline: float, client: socket.socket | None) -> None:
        """Read more of the worker's answer; raise Stopped at the deadline or when the client hangs up."""
        while True:
            now = time.monotonic()
            left = deadline - now
            if left <= 0:
                raise Stopped(503, "deadline")
            if (
                not self.demoted
                and now - self.started > LONG_QUERY_S
                and self.cpu_seconds() - self.cpu_start > LONG_QUERY_S
            ):
                # short queries first: a long one gives way on the CPU (its worker is replaced afterwards,
                # since a process may not raise its priority again)
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, self.proc.pid, 19)
                self.demoted = True
            poller = select.poll()
            poller.register(self.fd, select.POLLIN)
            if client is not None:
                poller.register(client.fileno(), select.POLLIN)
            ready = {fd for fd, _ in poller.poll(min(left, 0.1 if not self.demoted else 0.5) * 1000)}
            if self.fd in ready:
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    raise Stopped(500, "died")
                self.buf.extend(chunk)
                return
            if client is not None and client.fileno() in ready:
                try:
                    peek = client.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
                except BlockingIOError:
                    continue
                except OSError:
                    peek = b""
                if not peek:
                    raise Stopped(499, "client gone")
                client = None  # a pipelined request waits in the socket: stop watching it

    def readline(self, deadline: float, client: socket.socket | None = None) -> bytes:
        """One line of the worker's reply, or None past the deadline."""
        while b"\n" not in self.buf:
            self._fill(deadline, client)
        line, _, rest = bytes(self.buf).partition(b"\n")
        self.buf = bytearray(rest)
        return line

    def read(self, n: int, deadline: float, client: socket.socket | None) -> bytes:
        """Bytes of the worker's reply, or None past the deadline."""
        while len(self.buf) < n:
            self._fill(deadline, client)
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def ask(self, req: dict[str, Any], deadline: float, client: socket.socket | None) -> tuple[int, str, bytes]:
        """Run one request in the worker: the status, content type and body, or an error status."""
        assert self.proc.stdin is not None
        self.started = time.monotonic()
        self.cpu_start = self.cpu_seconds()
        self.proc.stdin.write(json.dumps(req).encode() + b"\n")
        self.proc.stdin.flush()
        head = json.loads(self.readline(deadline, client))
        return int(head["status"]), str(head["type"]), self.read(int(head["length"]), deadline, client)


class Pool:
    """Up to `size` workers; a query waits for a free one until its own deadline."""

    def __init__(self, store: str, size: int, memory_mb: int, union: bool) -> None:
        self.cmd = [sys.executable, "-m", "kg.endpoint", "--worker", "--store", store, "--memory-mb", str(memory_mb),
                    "--parent", str(os.getpid())] + (["--union-default-graph"] if union else [])  # fmt: skip
        self.size = size
        self.idle: list[Worker] = []
        self.busy = 0
        self.cond = threading.Condition()
        self.closed = False

    def _spawn(self) -> Worker:
        env = dict(os.environ, RUST_BACKTRACE="0", MALLOC_ARENA_MAX="2")
        proc = subprocess.Popen(
            self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        w = Worker(proc)
        try:
            if w.readline(time.monotonic() + 30) != b"ready":
                raise Stopped(500, "no ready line")
        except Stopped as exc:
            w.kill()
            raise Stopped(
                500, f"a query worker could not open the store (it ended with exit {proc.returncode})"
            ) from exc
        return w

    def start(self, n: int) -> None:
        """Start the pool's workers."""
        for _ in range(n):
            w = self._spawn()
            with self.cond:
                self.idle.append(w)

    def acquire(self, deadline: float) -> Worker:
        """A free worker (waiting for one), started anew if the last one was stopped."""
        with self.cond:
            while not self.idle and self.busy + len(self.idle) >= self.size:
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    raise Stopped(503, "busy")
                self.cond.wait(left)
            self.busy += 1
            if self.idle:
                return self.idle.pop()
        try:
            return self._spawn()
        except Stopped:
            with self.cond:
                self.busy -= 1
                self.cond.notify()
            raise

    def release(self, w: Worker, *, broken: bool = False) -> None:
        """Give a worker back to the pool."""
        if broken or self.closed:
            w.kill()
        with self.cond:
            self.busy -= 1
            if not broken and not self.closed:
                self.idle.append(w)
            self.cond.notify()
        if broken and not self.closed:  # a fresh worker in the background, so the next query does not wait for it
            threading.Thread(target=self.refill, daemon=True).start()

    def refill(self) -> None:
        """Start one more worker if there is room for it."""
        with self.cond:
            if self.busy + len(self.idle) >= self.size:
                return
            self.busy += 1
        try:
            w = self._spawn()
        except Stopped:
            with self.cond:
                self.busy -= 1
            return
        self.release(w)

    def close(self) -> None:
        """Stop every worker."""
        with self.cond:
            self.closed = True
            idle, self.idle = self.idle, []
            self.cond.notify_all()
        for w in idle:
            w.kill()


# ---------------------------------------------------------------- HTTP


@dataclass
class Settings:
    """The endpoint's limits and what it allows: deadline, memory, workers, CORS origins, SERVICE."""

    timeout: float
    memory_mb: int
    cors: list[str]
    allow_service: bool
    port: int
    host: str


def _loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}textarea{width:100%;height:12em;font:13px monospace}</style>
</head><body><h1>kg SPARQL endpoint</h1><p>SPARQL 1.1 Protocol at <code>/query</code> (GET or POST), read-only.
Each query may run TIMEOUT s and use MEMORY MiB.</p>
<form action="/query" method="get"><textarea name="query">PREFIX kgo: &lt;https://w3id.org/kg-news/ontology#&gt;
SELECT ?leader ?state WHERE { ?leader kgo:leaderOf ?state } LIMIT 20</textarea>
<p><select name="format"><option>application/sparql-results+json</option><option>text/csv</option>
<option>text/tab-separated-values</option><option>application/sparql-results+xml</option><option>text/turtle</option></select>
<button>Run</button></p></form></body></html>
"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql"
    timeout = 60  # an idle or slow client connection is closed after this many seconds
    pool: Pool
    settings: Settings

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # no line per request; stopped queries are logged by _log

    def _log(self, msg: str) -> None:
        print(f"kg serve: {msg}", file=sys.stderr, flush=True)

    # -- responses
    def _send(
        self, status: int, body: bytes, ctype: str = "text/plain; charset=utf-8", extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        origin = self.headers.get("Origin")
        if origin and self._allowed(origin):
            self.send_header("Access-Control-Allow-Origin", "*" if "*" in self.settings.cors else origin)
            self.send_header("Vary", "Origin")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode(), extra=extra)

    # -- who may ask
    def _allowed(self, origin: str) -> bool:
        return "*" in self.settings.cors or origin in self.settings.cors

    def _refused(self) -> str | None:
        """Why the request is refused, or None: a foreign Host (DNS rebinding) or a cross-site page."""
        s = self.settings
        if _loopback(s.host):
            host = (self.headers.get("Host") or "").lower()
            names = {f"127.0.0.1:{s.port}", f"localhost:{s.port}", f"[::1]:{s.port}", f"{s.host}:{s.port}"}
            if host not in names:
                return f"Host {host or '(none)'} is not this endpoint; use http://127.0.0.1:{s.port}/query"
        origin = self.headers.get("Origin")
        own = {f"http://{n}" for n in (f"127.0.0.1:{s.port}", f"localhost:{s.port}", f"{s.host}:{s.port}")}
        if origin and origin not in own and not self._allowed(origin):
            return f"requests from {origin} are refused; start kg serve with --cors {origin} to allow that page"
        if not origin and self.headers.get("Sec-Fetch-Site") == "cross-site" and "*" not in s.cors:
            return "cross-site requests are refused; start kg serve with --cors ORIGIN to allow a page"
        return None

    # -- methods
    def do_OPTIONS(self) -> None:  # noqa: N802
        """A CORS preflight: allowed for the --cors origins only."""
        origin = self.headers.get("Origin")
        if not origin or not self._allowed(origin):
            self._error(403, "cross-origin requests are refused; start kg serve with --cors ORIGIN to allow a page")
            return
        self._send(204, b"", extra={"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                    "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "600"})  # fmt: skip

    def do_GET(self) -> None:  # noqa: N802
        """A query in the URL (SPARQL 1.1 Protocol), or the query page at /."""
        url = urllib.parse.urlsplit(self.path)
        why = self._refused()
        if why:
            self._error(403, why)
            return
        if url.path in ("/", ""):
            s = self.settings
            page = PAGE.replace("TIMEOUT", f"{s.timeout:g}").replace("MEMORY", str(s.memory_mb))
            self._send(200, page.encode(), "text/html; charset=utf-8")
            return
        if url.path != "/query":
            self._not_found(url.path)
            return
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        self._query(params, self.headers.get("Accept"))

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        """A query in the body, or a form; updates are refused."""
        url = urllib.parse.urlsplit(self.path)
        why = self._refused()
        if why:
            self._error(403, why)
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            self.close_connection = True
            self._error(413, f"the request body is larger than {MAX_QUERY_BYTES:,} bytes")
            return
        body = self.rfile.read(length) if length > 0 else b""
        if url.path == "/update":
            self._error(403, "this endpoint is read-only: updates are refused; build the store with kg build --store")
            return
        if url.path != "/query":
            self._not_found(url.path)
            return
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(400, "the request body is not UTF-8")
            return
        if ctype == "application/sparql-query":
            params["query"] = [text]
        elif ctype == "application/x-www-form-urlencoded":
            for k, v in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        else:
            self._error(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
            return
        self._query(params, self.headers.get("Accept"))

    def _not_found(self, path: str) -> None:
        self._error(404, f"{path}: not found; the SPARQL endpoint is /query")

    def do_PUT(self) -> None:  # noqa: N802
        """Refused: the endpoint is read-only."""
        self._error(405, "this endpoint is read-only", {"Allow": "GET, POST, OPTIONS"})

    do_DELETE = do_PATCH = do_PUT

    def _query(self, params: dict[str, list[str]], accept: str | None) -> None:
        from kg.errors import BadInput
        from kg.query import refuse_service

        if "update" in params:
            self._error(403, "this endpoint is read-only: updates are refused; build the store with kg build --store")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(400, "give exactly one query, e.g. /query?query=ASK%7B%7D")
            return
        if params.get("format"):  # the query page's select, or a client that cannot set Accept
            accept = params["format"][0]
        try:
            refuse_service(queries[0], allow=self.settings.allow_service)
        except BadInput as exc:
            self._error(403, str(exc).replace("--allow-service", "kg serve --allow-service"))
            return
        s = self.settings
        req = {"query": queries[0], "accept": accept or "", "timeout": s.timeout,
               "default_graph": params.get("default-graph-uri", []), "named_graphs": params.get("named-graph-uri", [])}  # fmt: skip
        deadline = time.monotonic() + s.timeout
        try:
            worker = self.pool.acquire(deadline)
        except Stopped:
            self._error(503, f"the endpoint is busy: every query worker stayed taken for {s.timeout:g} s; retry later")
            return
        try:
            status, ctype, body = worker.ask(req, deadline, self.connection)
        except Stopped as exc:
            code = worker.proc.poll() if str(exc) == "died" else None
            if str(exc) == "died" and code is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    code = worker.proc.wait(2)
            self.pool.release(worker, broken=True)
            if exc.status == 499:
                self._log("a client hung up: its query was stopped")
                self.close_connection = True
                return
            if str(exc) == "deadline":
                self._log(f"a query ran past {s.timeout:g} s and was stopped")
                self._error(503, f"the query ran longer than the {s.timeout:g} s limit and was stopped; narrow it "
                                 "(LIMIT, fewer unbound patterns) or ask whoever runs kg serve to raise --timeout")  # fmt: skip
                return
            if code not in MEMORY_EXITS:
                self._log(f"a query worker ended unexpectedly (exit {code})")
                self._error(
                    500, f"the query worker ended unexpectedly (exit {code}); retry, and report it if it recurs"
                )
                return
            self._log(f"a query passed the {s.memory_mb} MiB memory limit and was stopped")
            self._error(500, f"the query needed more than the {s.memory_mb} MiB memory limit and was stopped; narrow "
                             "it (LIMIT, fewer unbound patterns) or ask whoever runs kg serve to raise --memory-mb")  # fmt: skip
            return
        except (OSError, ValueError) as exc:
            self.pool.release(worker, broken=True)
            self._error(500, f"the query worker failed ({exc}); retry")
            return
        self.pool.release(worker, broken=worker.demoted)
        if ctype.startswith("text/") and status == 200:
            ctype += "; charset=utf-8"
        elif status != 200:
            ctype = "text/plain; charset=utf-8"
        self._send(status, body, ctype)


# ---------------------------------------------------------------- the server process


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # a client that went away
        print(
            f"kg serve: a request failed ({type(exc).__name__}: {exc}); the server goes on", file=sys.stderr, flush=True
        )


def _serve_main(args: argparse.Namespace) -> int:
    store = Path(args.store)
    # hold a shared lock on RocksDB's LOCK while serving: a build (an exclusive lock) cannot open the store
    lock_fd: IO[bytes] | None = None
    if (store / "LOCK").exists():
        lock_fd = open(store / "LOCK", "rb")  # noqa: SIM115
        try:
            fcntl.lockf(lock_fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            print(f"{store}: a build is writing to this store (kg build --store); serve it when the build has finished",
                  file=sys.stderr)  # fmt: skip
            return 2
    settings = Settings(args.timeout, args.memory_mb, args.cors, args.allow_service, args.port, args.host)
    pool = Pool(str(store), args.workers, args.memory_mb, args.union_default_graph)
    try:
        pool.start(1)  # one to answer at once (and to prove the store opens); the rest start in the background
    except Stopped as exc:
        print(f"{store}: cannot serve it: {exc}; is it a store made by kg build --store?", file=sys.stderr)
        return 2
    handler = type("BoundHandler", (Handler,), {"pool": pool, "settings": settings})
    try:
        httpd = _Server((args.host, args.port), handler)
    except OSError as exc:
        pool.close()
        print(f"{args.host}:{args.port}: cannot listen there ({exc.strerror}); choose another --port", file=sys.stderr)
        return 2
    settings.port = int(httpd.server_address[1])  # the port chosen when asked for port 0
    pid_file = store / PID_FILE
    pid_file.write_text(str(os.getpid()))

    def stop(signum: int, frame: object) -> None:
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def orphaned() -> None:  # the kg serve that started us is gone (killed): stop too
        while True:
            if args.parent and os.getppid() != args.parent:
                stop(signal.SIGTERM, None)
                return
            time.sleep(0.5)

    threading.Thread(target=orphaned, daemon=True).start()
    if args.workers > 1:
        threading.Thread(target=pool.refill, daemon=True).start()
    try:
        with contextlib.suppress(OSError):  # nobody reads it when kg serve is gone: the watchdog stops us
            print(f"ready {httpd.server_address[1]}", flush=True)
        httpd.serve_forever(poll_interval=0.2)
    finally:
        httpd.server_close()
        pool.close()
        with contextlib.suppress(OSError):
            if pid_file.read_text().strip() == str(os.getpid()):
                pid_file.unlink()
        if lock_fd is not None:
            lock_fd.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the endpoint (started by kg serve as `python -m kg.endpoint`)."""
    ap = argparse.ArgumentParser(prog="python -m kg.endpoint")
    ap.add_argument("--store", required=True)
    ap.add_argument("--worker", action="store_true")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7878)
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--memory-mb", type=int, default=1024)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--cors", action="append", default=[])
    ap.add_argument("--allow-service", action="store_true")
    ap.add_argument("--union-default-graph", action="store_true")
    ap.add_argument("--parent", type=int, default=0, help="stop when this process (kg serve) is gone")
    args = ap.parse_args(argv)
    if args.worker:
        _worker_main(args.store, args.memory_mb, args.union_default_graph, args.parent)
        return 0
    return _serve_main(args)


if __name__ == "__main__":
    sys.exit(main())
