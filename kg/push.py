"""Write article graphs into any SPARQL 1.1 server: Oxigraph server, Apache Jena Fuseki,
GraphDB, Virtuoso, Amazon Neptune.

Each article graph becomes one named graph of the server, as in the article's TriG: the
article's own graph (entities, mentions, statements, assertions) as `<article>/graph`, the
narrator's relations as `<article>/narrator`, each statement's claims as
`<statement>/claims`. Claims stay claims: no speaker's claim is written outside its claim
graph. Pushing an article again replaces its graphs (Graph Store Protocol PUT, or in SPARQL
Update `DROP SILENT GRAPH` then `INSERT DATA` in one request), so a push is idempotent.

Protocol: the Graph Store HTTP Protocol when a graph-store URL is given (Oxigraph: /store,
Fuseki: /DATASET/data, GraphDB: /repositories/REPO/rdf-graphs/service), else SPARQL Update
(`--update`, or the endpoint's sibling `update`). Transient failures (connection errors, HTTP
429 and 5xx) are retried with back-off. Credentials come from the environment
(KG_PUSH_TOKEN for a bearer token, or KG_PUSH_USER and KG_PUSH_PASSWORD) or from the server's
machine entry in a netrc file ($NETRC or ~/.netrc), never from the command line.
"""

from __future__ import annotations

import base64
import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BadInput

RETRIES = 4
TIMEOUT = 60


def _auth_header(url: str) -> dict[str, str]:
    token = os.environ.get("KG_PUSH_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user, password = os.environ.get("KG_PUSH_USER"), os.environ.get("KG_PUSH_PASSWORD")
    if not user:
        host = urllib.parse.urlsplit(url).hostname or ""
        path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
        if path.is_file():
            try:
                entry = netrc.netrc(str(path)).authenticators(host)
            except (netrc.NetrcParseError, OSError) as exc:
                raise BadInput(f"{path}: cannot be read as a netrc file ({exc}); fix or remove it") from exc
            if entry:
                user, password = entry[0], entry[2]
    if user:
        raw = f"{user}:{password or ''}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode()}
    return {}


@dataclass
class Target:
    """A SPARQL 1.1 server to push to: its endpoint, Graph Store or Update URL and credentials."""

    endpoint: str
    graph_store: str | None = None
    update: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, endpoint: str, *, graph_store: str | None = None, update: str | None = None) -> Target:
        for url in (endpoint, graph_store, update):
            if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise BadInput(
                    f"{url}: not an http(s) URL; give the server's address, e.g. http://localhost:7878/query"
                )
        if not graph_store and not update:
            update = endpoint.rsplit("/", 1)[0] + "/update"
        return cls(endpoint, graph_store, update, _auth_header(endpoint))

    def describe(self) -> str:
        """The server as the summary names it."""
        return self.graph_store or self.update or self.endpoint

    def _send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        headers = {"Content-Type": content_type, **self.headers}
        delay = 0.5
        for attempt in range(RETRIES):
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                    resp.read()
                return
            except urllib.error.HTTPError as exc:
                detail = exc.read()[:300].decode("utf-8", "replace").strip()
                exc.close()
                if exc.code == 401:
                    given = "the credentials given were refused" if self.headers else "it needs credentials"
                    raise BadInput(
                        f"{url}: {given} (HTTP 401); set KG_PUSH_USER and KG_PUSH_PASSWORD, or KG_PUSH_TOKEN, "
                        "or add the host to your netrc file"
                    ) from None
                if exc.code == 403:
                    raise BadInput(
                        f"{url}: the server forbids the write (HTTP 403: {detail or exc.reason}); it is read-only, "
                        "or the credentials lack write access"
                    ) from None
                if exc.code != 429 and exc.code < 500:
                    raise BadInput(
                        f"{url}: the server refused the write (HTTP {exc.code}: {detail or exc.reason}); "
                        "check the URL and that the server accepts updates"
                    ) from None
                problem = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError) as exc:
                problem = str(getattr(exc, "reason", exc))
            if attempt + 1 < RETRIES:
                time.sleep(delay)
                delay *= 2
        raise BadInput(f"{url}: the server did not take the write after {RETRIES} tries ({problem}); is it running?")

    def put_graph(self, name: str, triples: list[ox.Triple]) -> None:
        """Replace one named graph on the server with these triples."""
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        if self.graph_store:
            url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': name})}"
            self._send("PUT", url, data, "application/n-triples")
            return
        assert self.update is not None
        body = f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n".encode() + data + b"}}\n"
        self._send("POST", self.update, body, "application/sparql-update")


def article_graphs(nquads: bytes, article_iri: str) -> dict[str, list[ox.Triple]]:
    """An article's dataset (N-Quads, default graph unnamed) as named graphs: the default graph
    becomes <article>/graph."""
    graphs: dict[str, list[ox.Triple]] = {}
    own = article_iri + "/graph"
    for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        name = own if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value  # type: ignore[union-attr]
        graphs.setdefault(name, []).append(ox.Triple(q.subject, q.predicate, q.object))
    return graphs


def push_outcome(target: Target, o: object) -> int:
    """Push one built article (a kg.api.Outcome with N-Quads); returns how many graphs."""
    from kg.api import Outcome
    from kg.rdf import article_iri

    assert isinstance(o, Outcome) and o.nquads is not None and o.article is not None
    graphs = article_graphs(o.nquads, str(article_iri(o.article.id)))
    for name in sorted(graphs):
        target.put_graph(name, graphs[name])
    return len(graphs)
