"""The command line: exit codes and the exact messages users see."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main, make_parser

from .conftest import ROOT, SEED


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_has_help_and_is_in_the_readme() -> None:
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    readme = (ROOT / "README.md").read_text()
    for name, p in sub.choices.items():  # type: ignore[union-attr]
        assert p.description, name
        assert f"kg {name}" in readme, name


def test_build_writes_ttl_and_trig(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["build", str(SEED), "-o", str(tmp_path)], capsys)
    assert code == 0
    assert out.startswith(f"{SEED}: 21 entities, ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed-article.trig", "seed-article.ttl"]
    code, out, _ = run(["validate", str(tmp_path / "seed-article.ttl")], capsys)
    assert (code, out.strip()) == (0, f"{tmp_path / 'seed-article.ttl'}: conforms: yes")


def test_build_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", str(tmp_path / "x.txt"), "-o", str(tmp_path)], capsys)
    assert (code, err.strip()) == (2, f"kg: {tmp_path / 'x.txt'}: no such file; check the path")
    assert list(tmp_path.iterdir()) == []


def test_validate_violation_exit_1_names_focus_and_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "output" / "seed-article.ttl").read_text()
    broken = text.replace('kgo:anchorOf "Aliyev"', 'kgo:anchorOf "Pashinyan"', 1)
    assert broken != text
    p = tmp_path / "broken.ttl"
    p.write_text(broken)
    code, out, _ = run(["validate", str(p)], capsys)
    assert code == 1
    assert "conforms: no (1 violations)" in out
    assert "the text at them is not the recorded text (value: Pashinyan)" in out
    assert 'sentence: "' in out


def test_validate_malformed_turtle_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "bad.ttl"
    p.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    code, _, err = run(["validate", str(p)], capsys)
    assert code == 2
    assert err.startswith(f"kg: {p}: is not valid turtle: ")


def test_validate_unknown_extension_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "graph.xyz"
    p.write_text("x")
    code, _, err = run(["validate", str(p)], capsys)
    assert code == 2
    assert "cannot tell the RDF format from the file name" in err


def test_validate_with_extra_shapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shapes = tmp_path / "extra.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kgo: <https://w3id.org/kg-news/ontology#> .\n"
        '<urn:s> a sh:NodeShape ; sh:targetClass kgo:State ; sh:property [ sh:path kgo:wikidataId ; sh:minCount 1 ; sh:message "every state needs a QID" ] .\n'
    )
    code, out, _ = run(["validate", str(ROOT / "output" / "seed-article.ttl"), "--shapes", str(shapes)], capsys)
    assert code == 0, out


def test_query_saved_and_syntax_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["query", "leaders", str(ROOT / "output" / "seed-article.ttl"), "--format", "csv"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "leader,state,role",
        "Nikol Pashinyan,Armenia,Prime Minister",
        "Ilham Aliyev,Azerbaijan,President",
    ]
    code, _, err = run(["query", "SELECT ?x WHERE { ?x }", str(ROOT / "output" / "seed-article.ttl")], capsys)
    assert code == 2
    assert err.startswith("kg: SPARQL syntax error: ")


def test_python_dash_m_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True)
    assert proc.stdout.startswith("kg ")


def test_evaluate_json_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import json

    gold = {
        "id": "g1", "title": "t", "source": "s", "date": "2020-10-09",
        "text": "Azerbaijani President Ilham Aliyev spoke in Baku.",
        "entities": [{"name": "Ilham Aliyev", "type": "Leader", "qid": None, "mentions": ["Ilham Aliyev"]},
                     {"name": "Baku", "type": "Settlement", "qid": "Q9248", "mentions": ["Baku"]}],
        "relations": [{"subject": "Ilham Aliyev", "predicate": "leader_of", "object": "Azerbaijan"}],
        "statements": [],
    }  # fmt: skip
    (tmp_path / "g1.json").write_text(json.dumps(gold))
    code, out, _ = run(["evaluate", str(tmp_path), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"entities", "relations", "statements", "documents"}
    assert set(data["entities"]) == {"micro", "by_type", "qid_accuracy"}
    assert set(data["relations"]) == {"micro", "by_predicate"}
    assert data["entities"]["by_type"]["Leader"]["tp"] == 1
    assert data["documents"][0]["id"] == "g1"
    code, _, err = run(["evaluate", str(tmp_path / "none")], capsys)
    assert (code, err.strip()) == (2, f"kg: {tmp_path / 'none'}: no such file or directory")


def test_export_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.graphml"
    code, stdout, _ = run(
        ["export", str(ROOT / "output" / "seed-article.ttl"), "--format", "graphml", "-o", str(out)], capsys
    )
    assert (code, stdout.strip()) == (0, f"wrote {out}")
    code, _, err = run(
        ["export", str(tmp_path / "missing.ttl"), "--format", "dot", "-o", str(tmp_path / "x.dot")], capsys
    )
    assert code == 2 and "no such file" in err


def test_query_formats_ask_construct(capsys: pytest.CaptureFixture[str]) -> None:
    ttl = str(ROOT / "output" / "seed-article.ttl")
    ask = "PREFIX kgo: <https://w3id.org/kg-news/ontology#> ASK { ?s kgo:leaderOf ?o }"
    assert run(["query", ask, ttl], capsys)[1].strip() == "yes"
    assert run(["query", ask, ttl, "--format", "json"], capsys)[1].strip() == '{"head": {}, "boolean": true}'
    construct = (
        "PREFIX kgo: <https://w3id.org/kg-news/ontology#> CONSTRUCT { ?s kgo:leaderOf ?o } WHERE { ?s kgo:leaderOf ?o }"
    )
    code, out, _ = run(["query", construct, ttl], capsys)
    from rdflib import Graph

    assert code == 0 and len(Graph().parse(data=out, format="turtle")) == 2
    code, out, _ = run(["query", "leaders", ttl, "--format", "tsv"], capsys)
    assert out.splitlines()[0] == "leader\tstate\trole"
    code, out, _ = run(["query", "leaders", ttl, "--format", "json"], capsys)
    import json

    assert [b["leader"]["value"] for b in json.loads(out)["results"]["bindings"]] == ["Nikol Pashinyan", "Ilham Aliyev"]


def test_build_into_store_with_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["build", str(SEED), "--store", str(tmp_path / "db")], capsys)
    assert code == 0
    assert err.rstrip().endswith("seed-article.txt: added") and err.startswith("[1] ")
    assert out.startswith("1 articles (1 added, 0 replaced, 0 unchanged, 0 failed); store: 1 articles, 21 entities, ")
    code, out, _ = run(["query", "leaders", "--store", str(tmp_path / "db"), "--format", "csv"], capsys)
    assert out.splitlines()[1:] == ["Nikol Pashinyan,Armenia,Prime Minister", "Ilham Aliyev,Azerbaijan,President"]
