"""Serve a corpus store as a standard SPARQL 1.1 Protocol endpoint: Oxigraph's server, read-only."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.errors import BadInput
from kg.store import LOCK


def _binary() -> str:
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        raise BadInput(
            "the `oxigraph` server is not installed; install it with `pip install 'kg[serve]'` (package oxigraph)"
        )
    return found


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    store: Path

    def wait(self) -> int:
        return self.process.wait()

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        lock = self.store / LOCK
        if lock.exists() and lock.read_text().strip() == str(self.process.pid):
            lock.unlink()


def start(
    store: str | Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30, ready_s: float = 20
) -> Server:
    path = Path(store)
    if not path.is_dir():
        raise BadInput(f"{path}: no such store; build one with `kg build ARTICLES --store {path}`")
    with socket.socket() as s:
        if s.connect_ex((host, port)) == 0:
            raise BadInput(f"{host}:{port} is already in use; choose another --port")
    # no --union-default-graph: the store's default graph is the merged view (kg.store), claims stay in their graphs
    cmd = [_binary(), "serve-read-only", "--location", str(path), "--bind", f"{host}:{port}",
           "--timeout-s", str(max(1, int(timeout)))]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + ready_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
            raise BadInput(f"the SPARQL server stopped at start: {err or 'no message'}")
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise BadInput(f"the SPARQL server did not answer on {url} within {ready_s:g} s")
    (path / LOCK).write_text(str(proc.pid))
    os.environ.setdefault("KG_SERVE_URL", url)
    return Server(proc, url, path)
