"""Serve a corpus store as a SPARQL 1.1 Protocol endpoint, read-only, every query bounded.

`start()` runs kg's endpoint (kg.endpoint) as a child process on 127.0.0.1 and returns once it
answers; the child runs each query in a worker process it stops at the query's deadline or
memory limit. The child refuses a store a build is writing, holds a lock while it serves (so
no build can open the store), writes the store's pid file and removes it when it stops; it also
stops by itself if the process that started it is gone.
"""

from __future__ import annotations

import collections
import contextlib
import os
import select
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import BadInput
from kg.store import LOCK


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    store: Path
    messages: collections.deque[str] = field(default_factory=lambda: collections.deque(maxlen=20))
    stopping: bool = False
    started: bool = False
    relay: threading.Thread | None = None

    def wait(self) -> int:
        return self.process.wait()

    def last_message(self) -> str:
        return " ".join(self.messages) or "no message"

    def stop(self, timeout: float = 10) -> None:
        """Stop the endpoint and its query workers; remove the pid file."""
        self.stopping = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        lock = self.store / LOCK
        with contextlib.suppress(OSError):
            if lock.read_text().strip() == str(self.process.pid):
                lock.unlink()
        if self.relay is not None:
            self.relay.join(2)  # it ends at the endpoint's last line
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None and not (stream is self.process.stderr and self.relay and self.relay.is_alive()):
                with contextlib.suppress(OSError):
                    stream.close()


def _relay(server: Server) -> None:
    """Pass the endpoint's log lines on to our stderr, keeping the last ones for error messages."""
    assert server.process.stderr is not None
    for raw in server.process.stderr:
        line = raw.decode(errors="replace").rstrip()
        if line:
            server.messages.append(line)
            if server.started:  # before that, a message becomes the error start() raises
                print(line if line.startswith("kg serve:") else f"kg serve: {line}", file=sys.stderr, flush=True)


def start(
    store: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 30,
    memory_mb: int = 1024,
    workers: int = 4,
    cors: list[str] | None = None,
    allow_service: bool = False,
    union_default_graph: bool = False,
    ready_s: float = 30,
) -> Server:
    """Start the endpoint over `store`; port 0 picks a free port. Raises BadInput with the reason
    when it cannot serve (no store, a build holds it, already served, port taken)."""
    path = Path(store)
    if not path.is_dir():
        raise BadInput(f"{path}: no such store; build one with `kg build ARTICLES --store {path}`")
    if not (path / "CURRENT").exists():
        raise BadInput(
            f"{path}: is not a store (no database files in it); build one with `kg build ARTICLES --store {path}`"
        )
    if timeout <= 0 or memory_mb < 64 or workers < 1:
        raise BadInput("--timeout must be above 0, --memory-mb at least 64 and --workers at least 1")
    from kg.store import server_pid

    pid = server_pid(path)
    if pid is not None:
        raise BadInput(f"{path}: is already served by process {pid}; stop that kg serve first, or query it")
    if port:
        with socket.socket() as s:
            if s.connect_ex((host, port)) == 0:
                raise BadInput(f"{host}:{port} is already in use; choose another --port")
    cmd = [sys.executable, "-m", "kg.endpoint", "--store", str(path), "--host", host, "--port", str(port),
           "--timeout", f"{timeout:g}", "--memory-mb", str(memory_mb), "--workers", str(workers),
           "--parent", str(os.getpid())]  # fmt: skip
    for origin in cors or []:
        cmd += ["--cors", origin]
    if allow_service:
        cmd.append("--allow-service")
    if union_default_graph:
        cmd.append("--union-default-graph")
    # its own session: a Ctrl-C in the terminal reaches kg serve, which stops the endpoint in order
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    server = Server(proc, "", path)
    server.relay = threading.Thread(target=_relay, args=(server,), daemon=True)
    server.relay.start()
    assert proc.stdout is not None
    line = b""
    deadline = time.monotonic() + ready_s
    try:
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([proc.stdout], [], [], left)[0]:
                raise BadInput(f"the SPARQL endpoint did not start within {ready_s:g} s: {server.last_message()}")
            chunk = os.read(proc.stdout.fileno(), 256)
            if not chunk:
                proc.wait()
                time.sleep(0.1)  # let the relay read the last message
                raise BadInput(server.last_message())
            line += chunk
    except BaseException:  # a refusal, or a signal while it starts: leave nothing running
        server.stop()
        raise
    server.url = f"http://{host}:{int(line.split()[1])}"
    server.started = True
    os.environ.setdefault("KG_SERVE_URL", server.url)
    return server
