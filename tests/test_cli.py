"""The command line: exit codes and the exact messages users see."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pyparsing
import pytest
from rdflib import XSD, Dataset, Graph, Literal, URIRef

from kg.cli import main, make_parser

from .conftest import ROOT, SEED

ALIYEV = "https://w3id.org/kg-news/id/person/ilham-aliyev"


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
    assert set(data) == {"entities", "relations", "statements", "genres", "documents"}
    assert data["genres"]["unknown"]["documents"] == 1
    assert set(data["entities"]) == {"micro", "by_type", "qid_accuracy"}
    assert set(data["relations"]) == {"micro", "by_predicate"}
    assert data["entities"]["by_type"]["Leader"]["tp"] == 1
    assert data["documents"][0]["id"] == "g1"
    code, out, _ = run(["evaluate", str(tmp_path), "--errors"], capsys)
    assert code == 0
    # Azerbaijan is in the graph (the state of the title) but not among the gold entities, so the gold
    # relation naming it cannot match either, and the error says which argument the graph lacks
    assert "== g1 (unknown)\n  -- entities not in the gold: 1\n     State: Azerbaijan" in out
    assert (
        "  -- relations missed (gold: subject predicate object | evidence): 1\n"
        "     Ilham Aliyev leader_of Azerbaijan [no object] | "
    ) in out
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
    assert json.loads(run(["query", ask, ttl, "--format", "json"], capsys)[1]) == {"head": {}, "boolean": True}
    construct = (
        "PREFIX kgo: <https://w3id.org/kg-news/ontology#> CONSTRUCT { ?s kgo:leaderOf ?o } WHERE { ?s kgo:leaderOf ?o }"
    )
    code, out, _ = run(["query", construct, ttl], capsys)
    assert code == 0 and len(Graph().parse(data=out, format="turtle")) == 2
    code, out, _ = run(["query", "leaders", ttl], capsys)
    assert out.splitlines()[0].split() == ["leader", "state", "role"] and out.rstrip().endswith("(2 rows)")


TYPED = """PREFIX kgo: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?leader ?name ?mentions ?unbound WHERE {
  ?leader a kgo:Leader ; rdfs:label ?name ; kgo:mentionCount ?mentions . OPTIONAL { ?leader kgo:none ?unbound }
} ORDER BY ?name"""


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_query_results_are_standard_sparql_results(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """What kg query writes, rdflib's SPARQL result parsers read: IRIs as IRIs, datatypes kept."""
    from rdflib.query import Result

    ttl = str(ROOT / "output" / "seed-article.ttl")
    code, out, _ = run(["query", TYPED, ttl, "--format", fmt], capsys)
    assert code == 0
    parsed = Result.parse(io.StringIO(out), format=fmt)
    # rdflib's TSV results parser narrows pyparsing's whitespace for the whole process (tabs
    # become significant), which breaks pydot's DOT parser in later tests: put the default back
    pyparsing.ParserElement.set_default_whitespace_chars(" \n\t\r")
    assert [str(v) for v in parsed.vars or []] == ["leader", "name", "mentions", "unbound"]
    rows = list(parsed)
    assert len(rows) == 2
    leader, name, mentions, unbound = rows[0]  # type: ignore[misc]
    assert unbound is None
    assert str(name) == "Ilham Aliyev"
    if fmt == "csv":  # SPARQL CSV carries values only: every term reads back as a plain literal
        assert str(leader) == ALIYEV and str(mentions) == "8"
        return
    assert leader == URIRef(ALIYEV)
    assert mentions == Literal(8, datatype=XSD.integer)


def test_unknown_saved_query_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["query", "leaderz", str(ROOT / "output" / "seed-article.ttl")], capsys)
    assert code == 2
    assert err.strip() == (
        "kg: no saved query named 'leaderz'; saved queries: captures, evidence, leaders, occupation-claims, "
        "resolutions, said-by, statements (or give SPARQL text or a .rq file)"
    )


def _piped(
    args: list[str], stdin: bytes, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> tuple[int, bytes, str]:
    """kg ARGS < stdin, in this process (the spaCy model is loaded once): exit code, stdout bytes, stderr."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(args)
    sys.stdout.flush()
    out, err = capfd.readouterr()
    return code, out.encode(), err


def test_pipes_build_to_query_and_export(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    """cat article | kg build - -o - | kg query leaders -   (and the same TriG into kg export and validate)."""
    code, trig, err = _piped(["build", "-", "-o", "-"], SEED.read_bytes(), monkeypatch, capfd)
    assert code == 0 and err.startswith("standard input: 21 entities, "), err
    names = {str(g.identifier) for g in Dataset().parse(data=trig, format="trig").graphs()}
    assert sum(n.endswith("/claims") for n in names) == 6
    code, out, _ = _piped(["query", "leaders", "-", "--format", "csv"], trig, monkeypatch, capfd)
    assert out.decode().splitlines()[1:] == [
        "Nikol Pashinyan,Armenia,Prime Minister",
        "Ilham Aliyev,Azerbaijan,President",
    ]
    # the default graph is the merged view: the speakers' occupation claims only with GRAPH
    count = "PREFIX kgo: <https://w3id.org/kg-news/ontology#> SELECT (COUNT(*) AS ?n) WHERE { %s }"
    plain = _piped(["query", count % "?s kgo:occupies ?o", "-", "--format", "csv"], trig, monkeypatch, capfd)[1]
    claims = _piped(
        ["query", count % "GRAPH ?g { ?s kgo:occupies ?o }", "-", "--format", "csv"], trig, monkeypatch, capfd
    )[1]
    assert (plain.split()[1], claims.split()[1]) == (b"1", b"8")
    code, out, err = _piped(["export", "-", "-f", "nquads", "-o", "-"], trig, monkeypatch, capfd)
    assert code == 0 and err == ""
    assert len(Dataset().parse(data=out, format="nquads")) == len(Dataset().parse(data=trig, format="trig"))
    code, out, _ = _piped(["validate", "-"], trig, monkeypatch, capfd)
    assert (code, out.decode().strip()) == (0, "standard input: conforms: yes")


def test_empty_stdin_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    code, _, err = _piped(["validate", "-"], b"", monkeypatch, capfd)
    assert (code, err.strip()) == (2, "kg: standard input is empty; pipe a file into kg or give its path")


def test_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ttl = str(ROOT / "output" / "seed-article.ttl")
    assert run(["-q", "validate", ttl], capsys) == (0, "", "")
    assert run(["validate", "--quiet", ttl], capsys) == (0, "", "")
    out = tmp_path / "g.dot"
    assert run(["export", ttl, "-f", "dot", "-o", str(out), "-q"], capsys) == (0, "", "")
    assert out.exists()
    code, _, err = run(["-q", "query", "nothing-like-this", ttl], capsys)
    assert code == 2 and err.startswith("kg: no saved query named")  # errors still show


def test_progress_prints_a_line_now_and_then_off_a_terminal() -> None:
    from kg.progress import Progress

    buf = io.StringIO()
    with Progress(5, stream=buf, every=3600) as bar:
        for i in range(5):
            bar.advance(f"a{i}", "added" if i != 2 else "violates the shapes, not added", ordinary=i != 2)
    assert buf.getvalue().splitlines() == ["3/5 a2: violates the shapes, not added", "5/5 a4: added"]
    buf = io.StringIO()
    with Progress(2, stream=buf, verbose=True) as bar:
        bar.advance("a", "added")
        bar.advance("b", "unchanged")
    assert buf.getvalue().splitlines() == ["1/2 a: added", "2/2 b: unchanged"]
    buf = io.StringIO()
    with Progress(2, stream=buf, quiet=True) as bar:
        bar.advance("a", "added")
    assert buf.getvalue() == ""


def test_progress_draws_a_bar_on_a_terminal() -> None:
    from kg.progress import Progress

    buf = io.StringIO()
    with Progress(2, stream=buf, terminal=True, label="building") as bar:
        bar.advance("a.txt", "added")
        bar.advance("b.txt", "added")
    text = buf.getvalue()
    assert "building" in text and "2/2" in text and "━" in text


def test_output_to_a_closed_pipe_is_quiet() -> None:
    """kg query ... | head -1: no traceback when the reader stops early."""
    proc = subprocess.run(
        f"{sys.executable} -m kg query statements {ROOT / 'output' / 'seed-article.ttl'} --format tsv | head -1",
        shell=True, capture_output=True, check=False,
    )  # fmt: skip
    assert proc.stdout.decode().startswith("?speaker\t") and b"Traceback" not in proc.stderr, proc.stderr


def test_build_into_store_with_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["build", str(SEED), "--store", str(tmp_path / "db")], capsys)
    assert code == 0
    assert err.strip() == f"1 {SEED}: added"
    assert out.startswith("1 articles (1 added, 0 replaced, 0 unchanged, 0 failed); store: 1 articles, 21 entities, ")
    code, out, _ = run(["query", "leaders", "--store", str(tmp_path / "db"), "--format", "csv"], capsys)
    assert out.splitlines()[1:] == ["Nikol Pashinyan,Armenia,Prime Minister", "Ilham Aliyev,Azerbaijan,President"]


def test_query_starts_without_loading_spacy() -> None:
    """kg query, export and validate start in well under a second: they never import spaCy."""
    script = (
        "import sys\nfrom kg.cli import main\n"
        f"main(['query', 'leaders', {str(ROOT / 'output' / 'seed-article.ttl')!r}, '--format', 'csv'])\n"
        "print('spacy' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines()[-1] == "False"
    from kg.nlp import DEFAULT_MODEL

    build = next(a for a in make_parser()._actions if a.dest == "command").choices["build"]  # type: ignore[index]
    model = next(a for a in build._actions if a.dest == "model")
    assert f"default: {DEFAULT_MODEL}," in str(model.help)
