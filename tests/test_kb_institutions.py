"""The institutions of every state (kg/kb/data/curated/state_institutions.json, issue 12).

Armed forces and their branches, national police and gendarmeries, intelligence services,
legislatures and their chambers, election commissions and cabinets, with the schema of
organizations.json. These tests read the data file itself: the loader wires it in separately.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from typing import Any

import pytest
from spacy.lang.en.stop_words import STOP_WORDS

from kg.kb import load_data

KINDS = {
    "armed_forces",
    "armed_forces_branch",
    "police",
    "intelligence",
    "legislature",
    "election_commission",
    "government",
}
# At least this many records of each kind: a truncated or half-merged file fails.
MINIMUM = {
    "armed_forces": 175,
    "armed_forces_branch": 190,
    "police": 200,
    "intelligence": 70,
    "legislature": 350,
    "election_commission": 55,
    "government": 45,
}
# UN members without armed forces of their own (CIA World Factbook, "Military and security forces").
NO_ARMED_FORCES = {
    "AND", "CRI", "DMA", "FSM", "GRD", "ISL", "KIR", "LCA", "LIE", "MCO",
    "MHL", "MUS", "NRU", "PAN", "PLW", "SLB", "TUV", "VCT", "VUT", "WSM",
}  # fmt: skip
# English words and generic institution nouns that must never be an alias: they would be matched in
# running text ("the army", "a plan", "Unity") and link to one state's institution.
COMMON = {
    "army", "navy", "air force", "police", "parliament", "congress", "senate", "assembly", "national assembly",
    "cabinet", "government", "council", "armed forces", "defence force", "defense force", "coast guard",
    "national guard", "gendarmerie", "militia", "marines", "unity", "hope", "change", "plan", "spa", "sang",
    "ran", "fan", "fad", "pap", "bin", "raw", "side", "majlis", "rada", "garda", "national police",
    "republican guard", "house of representatives", "chamber of deputies", "federal council",
}  # fmt: skip
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
ACRONYM = re.compile(r"^[A-Z][A-Za-z&-]{1,7}$")


def _data(rel: str) -> Any:
    return load_data(rel)


@functools.cache
def _records() -> list[dict[str, Any]]:
    data = _data("curated/state_institutions.json")
    assert "Coverage" in data["_about"] and "Sources" in data["_about"]
    return list(data["institutions"])


@functools.cache
def _by_id() -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in _records()}


def _state_codes() -> set[str]:
    codes = {s["id"] for s in _data("generated/states.json")}
    codes |= {s["id"] for s in _data("curated/states.json")["extra_states"]}
    return codes


def _un_members() -> set[str]:
    return {s["id"] for s in _data("generated/states.json") if s["un_member"]}


def _date(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], *(parts[1:] + [1, 1])[:2])


def test_counts_by_kind() -> None:
    counts = Counter(r["kind"] for r in _records())
    assert set(counts) == KINDS
    for kind, least in MINIMUM.items():
        assert counts[kind] >= least, (kind, counts[kind])
    assert len(_records()) >= 1100
    assert _data("curated/state_institutions.json")["_counts"] == dict(sorted(counts.items()))


def test_every_record_has_the_organization_schema() -> None:
    for r in _records():
        assert {"id", "name", "kind", "qid", "parent", "state", "aliases", "source"} <= set(r), r
        assert set(r) <= {"id", "name", "kind", "qid", "parent", "state", "aliases", "source", "start", "end"}, r
        assert r["kind"] in KINDS, r["id"]
        assert r["name"].strip() == r["name"] and r["name"], r["id"]
        assert r["source"].startswith("https://"), r["id"]
        assert r["qid"] is None or re.fullmatch(r"Q[1-9]\d*", r["qid"]), r["id"]
        assert isinstance(r["aliases"], list), r["id"]


def test_ids_are_unique_and_collide_with_nothing_else_in_the_knowledge_base() -> None:
    ids = [r["id"] for r in _records()]
    assert len(ids) == len(set(ids))
    others = {o["id"] for o in _data("curated/organizations.json")["organizations"]}
    regions = _data("curated/regions.json")
    others |= {r["id"] for r in regions["regions"]} | {s["id"] for s in regions["settlements"]}
    others |= {s["id"] for s in _data("generated/subdivisions.json")}
    others |= {c["id"] for c in _data("generated/cities.json")} | _state_codes()
    assert not set(ids) & others
    names = [r["name"] for r in _records()]
    assert len(names) == len(set(names)), [n for n, c in Counter(names).items() if c > 1]


def test_states_are_known_iso_codes() -> None:
    codes = _state_codes()
    for r in _records():
        assert r["state"] in codes, r["id"]
        assert r["id"].startswith(r["state"] + "-"), r["id"]


def test_parents_exist_and_fit() -> None:
    by_id = _by_id()
    orgs = {o["id"] for o in _data("curated/organizations.json")["organizations"]}
    for r in _records():
        parent = r["parent"]
        if r["kind"] == "armed_forces_branch":
            assert parent in by_id, r["id"]
            assert by_id[parent]["kind"] in ("armed_forces", "armed_forces_branch"), r["id"]
            assert by_id[parent]["state"] == r["state"], r["id"]
        elif r["kind"] == "legislature" and parent is not None:
            assert by_id[parent]["kind"] == "legislature" and by_id[parent]["parent"] is None, r["id"]
        else:
            assert parent is None or parent in by_id or parent in orgs, r["id"]


def test_dates_parse_and_are_ordered() -> None:
    dated = 0
    for r in _records():
        for key in ("start", "end"):
            if key in r:
                assert DATE.match(r[key]), (r["id"], r[key])
                _date(r[key])
                dated += 1
        if "start" in r and "end" in r:
            assert _date(r["start"]) < _date(r["end"]), r["id"]
    assert dated >= 10
    assert _by_id()["AFG-AF-ANSF"]["end"] == "2021-08-15"
    assert _by_id()["SYR-AF"]["end"] == "2024-12-08"


def test_aliases_are_unique_proper_names() -> None:
    org_forms = {
        a.casefold() for o in _data("curated/organizations.json")["organizations"] for a in [o["name"], *o["aliases"]]
    }
    acronyms: Counter[str] = Counter()
    for r in _records():
        folded = [a.casefold() for a in r["aliases"]]
        assert len(folded) == len(set(folded)), r["id"]
        assert r["name"].casefold() not in folded, r["id"]
        for a in r["aliases"]:
            assert a.strip() == a and len(a) > 2, (r["id"], a)
            assert a.casefold() not in COMMON and a.casefold() not in STOP_WORDS, (r["id"], a)
            assert a.casefold() not in org_forms, (r["id"], a)  # never shadows an organization
            assert not a.casefold().startswith(("the ", "a ")), (r["id"], a)
            if ACRONYM.match(a) and a.upper() == a:
                acronyms[a] += 1
    assert [a for a, n in acronyms.items() if n > 1] == []  # an acronym names one institution only


def test_possessive_and_demonym_forms_are_left_to_the_extractor() -> None:
    aliases = {a for r in _records() for a in r["aliases"]}
    for built in ("Ukrainian Armed Forces", "Ukraine's armed forces", "German Armed Forces", "Israeli cabinet"):
        assert built not in aliases


def test_armed_forces_of_every_state_that_has_them() -> None:
    with_forces = {r["state"] for r in _records() if r["kind"] == "armed_forces"}
    assert _un_members() - NO_ARMED_FORCES <= with_forces
    assert not with_forces & NO_ARMED_FORCES
    assert {"XKX", "TWN", "PSE"} <= with_forces


def test_a_legislature_for_every_state() -> None:
    top = {r["state"] for r in _records() if r["kind"] == "legislature" and r["parent"] is None}
    # the United States Congress is in organizations.json; Sudan has had no legislature since 2019
    assert _un_members() - {"USA", "SDN"} <= top
    orgs = {o["id"] for o in _data("curated/organizations.json")["organizations"]}
    assert {"USCONGRESS", "USSENATE", "USHOUSE"} <= orgs


@pytest.mark.parametrize(
    ("rid", "name", "aliases"),
    [
        ("RWA-AF", "Rwanda Defence Force", {"RDF", "Rwanda Defense Force"}),
        ("COD-AF", "Armed Forces of the Democratic Republic of the Congo", {"FARDC"}),
        ("ISR-AF", "Israel Defense Forces", {"IDF"}),
        ("CHN-AF", "People's Liberation Army", {"PLA"}),
        ("DEU-AF", "Bundeswehr", set()),
        ("UKR-AF", "Armed Forces of Ukraine", {"ZSU"}),
        ("SDN-AF", "Sudanese Armed Forces", {"SAF"}),
        ("GBR-AF-RAF", "Royal Air Force", {"RAF"}),
        ("GBR-AF-RN", "Royal Navy", set()),
        ("ISR-AF-IAF", "Israeli Air Force", set()),
        ("CHN-AF-PLAN", "People's Liberation Army Navy", {"PLA Navy"}),
        ("CHN-AF-CCG", "China Coast Guard", set()),
        ("RUS-AF-VKS", "Russian Aerospace Forces", set()),
        ("IRN-AF-IRGC", "Islamic Revolutionary Guard Corps", {"IRGC", "Iranian Revolutionary Guard Corps"}),
        ("XKX-POLICE-KP", "Kosovo Police", set()),
        ("UKR-POLICE-NPU", "National Police of Ukraine", set()),
        ("USA-INTEL-CIA", "Central Intelligence Agency", {"CIA"}),
        ("RUS-INTEL-FSB", "Federal Security Service", {"FSB"}),
        ("UKR-INTEL-SBU", "Security Service of Ukraine", {"SBU"}),
        ("ISR-INTEL-MOSSAD", "Mossad", set()),
        ("GBR-INTEL-SIS", "Secret Intelligence Service", {"MI6"}),
        ("ISR-LEG", "Knesset", set()),
        ("UKR-LEG", "Verkhovna Rada", {"Verkhovna Rada of Ukraine"}),
        ("RUS-LEG-LOWER", "State Duma", {"Duma"}),
        ("XKX-LEG", "Assembly of Kosovo", set()),
        ("ISR-GOV", "Cabinet of Israel", set()),
        ("UKR-GOV", "Cabinet of Ministers of Ukraine", {"Council of Ministers of Ukraine"}),
        ("KEN-EC", "Independent Electoral and Boundaries Commission", {"IEBC"}),
    ],
)
def test_named_institutions(rid: str, name: str, aliases: set[str]) -> None:
    rec = _by_id()[rid]
    assert rec["name"] == name
    assert aliases <= set(rec["aliases"])


def test_branches_point_to_their_forces() -> None:
    by_id = _by_id()
    assert by_id["RUS-LEG-LOWER"]["parent"] == "RUS-LEG"
    assert by_id["GBR-AF-RAF"]["parent"] == "GBR-AF"
    assert by_id["IRN-AF-IRGC-QUDS"]["parent"] == "IRN-AF-IRGC"
    states_with_branches = {r["state"] for r in _records() if r["kind"] == "armed_forces_branch"}
    assert len(states_with_branches) >= 60
