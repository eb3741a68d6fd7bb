"""kg serve: a real endpoint process, a real HTTP client (urllib), on 127.0.0.1 only."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import serve, store
from kg.errors import BadInput

from .conftest import SEED


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("serve") / "db"
    store.add_articles(db, store.iter_inputs([SEED]))
    srv = serve.start(db, port=0)
    yield srv
    srv.stop()
    assert srv.process.poll() is not None
    assert not (db / store.LOCK).exists()


LEADERS = "PREFIX kgo: <https://w3id.org/kg-news/ontology#> SELECT ?l WHERE { ?l kgo:leaderOf ?s } ORDER BY ?l"


def test_get_query_json(server: serve.Server) -> None:
    url = f"{server.url}/query?{urllib.parse.urlencode({'query': LEADERS})}"
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.headers["Content-Type"].startswith("application/sparql-results+json")
        data = json.load(resp)
    assert [b["l"]["value"] for b in data["results"]["bindings"]] == [
        "https://w3id.org/kg-news/id/person/ilham-aliyev",
        "https://w3id.org/kg-news/id/person/nikol-pashinyan",
    ]


def test_post_query_csv(server: serve.Server) -> None:
    req = urllib.request.Request(
        f"{server.url}/query",
        data=LEADERS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        body = resp.read().decode()
    assert body.splitlines()[0] == "l"
    assert len(body.splitlines()) == 3


def test_update_is_refused(server: serve.Server) -> None:
    req = urllib.request.Request(
        f"{server.url}/update",
        data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/sparql-update"},
    )
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, timeout=10)
    exc.value.close()
    assert exc.value.code in (403, 404, 405)


def test_malformed_query_is_400(server: serve.Server) -> None:
    url = f"{server.url}/query?{urllib.parse.urlencode({'query': 'SELECT ?x WHERE {'})}"
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(url, timeout=10)
    exc.value.close()
    assert exc.value.code == 400


def test_store_is_locked_while_serving(server: serve.Server) -> None:
    with pytest.raises(BadInput, match="in use by `kg serve`"):
        store.add_articles(server.store, store.iter_inputs([SEED]))


def test_port_in_use(server: serve.Server, tmp_path: Path) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    other = tmp_path / "db"
    shutil.copytree(server.store, other, ignore=shutil.ignore_patterns(store.LOCK))
    with pytest.raises(BadInput, match=f"127.0.0.1:{port} is already in use; choose another --port"):
        serve.start(other, port=port)


def test_one_server_per_store(server: serve.Server) -> None:
    with pytest.raises(BadInput, match=r"is already served by process \d+; stop that kg serve first"):
        serve.start(server.store, port=0)
