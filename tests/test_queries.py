"""The saved queries (queries/*.rq) against the sample graph: what a careful reader expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import query

from .conftest import ROOT

TTL: list[str | Path] = [ROOT / "output" / "seed-article.ttl"]


def _rows(name: str, binds: list[str] | None = None) -> list[list[str]]:
    _, rows = query.rows(query.run(query.resolve_query(name), TTL, binds=binds))
    return rows


def test_every_saved_query_says_what_it_answers() -> None:
    for name, path in query.saved_queries().items():
        assert path.read_text().startswith("# "), name


def test_leaders() -> None:
    assert _rows("leaders") == [
        ["Nikol Pashinyan", "Armenia", "Prime Minister"],
        ["Ilham Aliyev", "Azerbaijan", "President"],
    ]


def test_occupation_claims() -> None:
    got = {(c, o, p) for c, o, p, _ in _rows("occupation-claims")}
    assert got == {
        ("narrator (data/seed-article.txt)", "Armenia", "Nagorno-Karabakh"),
        ("UN Security Council", "Armenia", "Nagorno-Karabakh"),
        ("UN General Assembly", "Armenia", "Nagorno-Karabakh"),
        ("UN Security Council", "Armenia", "seven other occupied regions of Azerbaijan"),
        ("UN General Assembly", "Armenia", "seven other occupied regions of Azerbaijan"),
        ("Ilham Aliyev", "Armenia", "Fuzuli"),
        ("Ilham Aliyev", "Armenia", "Jabrayil"),
        ("Ilham Aliyev", "Armenia", "Khojavend"),
    }


def test_resolutions() -> None:
    what = (
        "that Armenia's occupying forces withdraw from Nagorno-Karabakh and seven other occupied regions of Azerbaijan"
    )
    assert _rows("resolutions") == [
        ["2 UNGA resolutions", "UN General Assembly", "Armenia", what],
        ["4 UNSC resolutions", "UN Security Council", "Armenia", what],
    ]


def test_captures() -> None:
    assert _rows("captures") == [
        ["Azerbaijani Armed Forces", place, "Ilham Aliyev", "2020-10-08"]
        for place in ("Fuzuli", "Jabrayil", "Khojavend")
    ]


def test_said_by_a_given_person() -> None:
    rows = _rows("said-by", ["who=Ilham Aliyev"])
    assert len(rows) == 13 and {r[0] for r in rows} == {"Ilham Aliyev"}
    tweet = next(r for r in rows if r[4] == "tweet")
    assert (tweet[2], tweet[3]) == ("2020-10-08", "yesterday")
    assert "liberated 6 more villages" in tweet[6]
    assert len(_rows("said-by")) == 17


def test_statements_and_evidence() -> None:
    assert len(_rows("statements")) == 17
    evidence = _rows("evidence")
    assert ["Ilham Aliyev", "leaderOf", "Azerbaijan", "narrator (data/seed-article.txt)"] in [r[:4] for r in evidence]
    for subject, predicate, obj, claimant, sentence in evidence:
        assert sentence and claimant, (subject, predicate, obj)


def test_bad_bind() -> None:
    from kg.errors import BadInput

    with pytest.raises(BadInput, match="write it as NAME=VALUE"):
        _rows("said-by", ["who"])
