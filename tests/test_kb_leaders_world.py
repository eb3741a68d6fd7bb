"""leaders_world.json (heads of state and government of every state) and leaders_qids.json.

The data files are read as JSON, not through kg.kb, so these tests hold before and after the
loader integrates them: schema, sources, known states, ordered dates, no duplicate persons, one
holder of an office at a time, and a head for every state today.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from spacy.lang.en.stop_words import STOP_WORDS

from kg.kb import _slug, fold, load_kb
from kg.model import EntityType

CURATED = Path(__file__).resolve().parent.parent / "kg" / "kb" / "data" / "curated"
GENERATED = CURATED.parent / "generated"
TODAY = dt.date(2026, 12, 1)
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
QID = re.compile(r"Q[1-9]\d*")
URL = re.compile(r"https?://\S+")
# offices held by more than one person at a time by design
COLLEGIAL = {"Member of the Presidency", "Captain Regent"}
# capitalised words news uses as ordinary words; no alias may be one of them
COMMON_WORDS = set(
    """unity hope change peace joint state may will king queen prince president premier chancellor pope emir sultan
    general leader council republic march june july august justice freedom victory grace faith major rich brown white
    black young long little mark bill rose north south east west new""".split()
)


def _load(name: str) -> Any:
    return json.loads((CURATED / name).read_text(encoding="utf-8"))


def _date(value: str | None, end: bool = False) -> dt.date:
    if value is None:
        return dt.date.max if end else dt.date.min
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


@pytest.fixture(scope="module")
def world() -> dict[str, Any]:
    data: dict[str, Any] = _load("leaders_world.json")
    return data


@pytest.fixture(scope="module")
def qids() -> dict[str, Any]:
    data: dict[str, Any] = _load("leaders_qids.json")
    return data


@pytest.fixture(scope="module")
def existing() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = _load("leaders.json")["leaders"]
    return data


@pytest.fixture(scope="module")
def state_codes() -> set[str]:
    """The sovereign states: UN members, and the four the KB treats as states."""
    generated = json.loads((GENERATED / "states.json").read_text(encoding="utf-8"))
    curated = _load("states.json")
    treated = set(curated["not_sovereign_but_state"]["ids"])
    return {s["id"] for s in [*generated, *curated["extra_states"]] if s.get("un_member") or s["id"] in treated}


def _check_record(rec: dict[str, Any], where: str) -> None:
    assert isinstance(rec["name"], str) and rec["name"].strip() == rec["name"] and rec["name"], where
    assert rec["qid"] is None or QID.fullmatch(rec["qid"]), (where, rec["qid"])
    assert URL.fullmatch(rec["source"]) and rec["source"].startswith("https://"), (where, rec["source"])
    for extra in rec.get("sources", []):
        assert URL.fullmatch(extra), (where, extra)
    aliases = rec["aliases"]
    assert isinstance(aliases, list) and all(isinstance(a, str) and a.strip() == a and a for a in aliases), where
    folded = [fold(a) for a in aliases]
    assert len(set(folded)) == len(folded), (where, "duplicate alias", aliases)
    assert fold(rec["name"]) not in folded, (where, "alias repeats the name")
    for form in [rec["name"], *aliases]:
        assert fold(form) not in COMMON_WORDS and fold(form) not in STOP_WORDS, (where, form)
        assert form[0].isupper() or form[0] in "'ʻ‘", (where, form)
    assert rec["offices"], where
    for office in rec["offices"]:
        role, _state, start, end = office
        assert isinstance(role, str) and role[0].isupper(), (where, office)
        assert isinstance(start, str) and DATE.fullmatch(start), (where, office)
        assert end is None or (isinstance(end, str) and DATE.fullmatch(end)), (where, office)
        assert _date(start) <= TODAY, (where, office)
        assert end is None or _date(start) < _date(end, end=True), (where, office)


def test_the_files_hold_the_whole_world(world: dict[str, Any], qids: dict[str, Any], state_codes: set[str]) -> None:
    assert len(world["leaders"]) >= 1700
    assert len(world["de_facto"]) >= 30
    assert len(qids["qids"]) >= 250
    assert len(world["_about"]) > 500 and "2000" in world["_about"]
    held = {o[1] for r in world["leaders"] for o in r["offices"]}
    assert len(held) >= 190
    assert held <= state_codes


def test_every_record_has_a_name_a_source_and_well_formed_offices(world: dict[str, Any], state_codes: set[str]) -> None:
    for rec in world["leaders"]:
        _check_record(rec, rec["name"])
        for office in rec["offices"]:
            assert office[1] in state_codes, (rec["name"], office)
    de_facto_states = {"Abkhazia", "South Ossetia", "Transnistria", "Northern Cyprus", "Somaliland", "Artsakh"}
    for rec in world["de_facto"]:
        _check_record(rec, rec["name"])
        assert rec["state_name"] in de_facto_states
        assert {o[1] for o in rec["offices"]} == {rec["state_name"]}, rec["name"]


def test_ids_and_qids_are_unique_and_new(
    world: dict[str, Any], existing: list[dict[str, Any]], qids: dict[str, Any]
) -> None:
    records = [*world["leaders"], *world["de_facto"]]
    slugs = collections.Counter(_slug(r["name"]) for r in records)
    assert [s for s, n in slugs.items() if n > 1] == []
    kb = load_kb()
    # no collision with an id the KB has from elsewhere (a state, a place, an organization, leaders.json)
    assert [s for s in slugs if f"person/{s}" in kb.entries and kb.entries[f"person/{s}"].type not in (
        EntityType.LEADER, EntityType.PERSON)] == []  # fmt: skip
    assert {_slug(r["name"]) for r in existing} & set(slugs) == set()
    new_qids = collections.Counter(r["qid"] for r in records if r["qid"])
    assert [q for q, n in new_qids.items() if n > 1] == []
    old_qids = {r["qid"] for r in existing if r["qid"]} | {v["qid"] for v in qids["qids"].values()}
    assert set(new_qids) & old_qids == set()
    # no person in both files under the same name or a shared spelling
    old_forms = {fold(a) for r in existing for a in [r["name"], *r["aliases"]]}
    assert [r["name"] for r in records if fold(r["name"]) in old_forms] == []


def test_one_holder_of_an_office_at_a_time(world: dict[str, Any]) -> None:
    allowed = set(world["_overlaps"])  # states with rival governments, each with its reason
    assert all(isinstance(reason, str) and reason for reason in world["_overlaps"].values())
    spans: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = collections.defaultdict(list)
    for rec in world["leaders"] + world["de_facto"]:
        for role, state, start, end in rec["offices"]:
            if role not in COLLEGIAL and state not in allowed:
                spans[(state, role)].append((_date(start), _date(end, end=True), rec["name"]))
    clashes = []
    for key, items in spans.items():
        items.sort()
        for i, (_s1, e1, n1) in enumerate(items):
            for s2, _e2, n2 in items[i + 1 :]:
                if n1 != n2 and s2 < e1 - dt.timedelta(days=2):
                    clashes.append((key, n1, n2))
    assert clashes == []


def test_known_holders(world: dict[str, Any]) -> None:
    by_name = {r["name"]: r for r in world["leaders"]}
    assert ["President", "MEX", "2006-12-01", "2012-12-01"] in by_name["Felipe Calderón"]["offices"]
    assert by_name["Felipe Calderón"]["qid"] == "Q57269"
    assert ["President", "ZAF", "1999-06-14", "2008-09-24"] in by_name["Thabo Mbeki"]["offices"]
    assert ["King", "SAU", "2005-08-01", "2015-01-23"] in by_name["King Abdullah of Saudi Arabia"]["offices"]
    assert ["Prime Minister", "GBR", "2026-07-20", None] in by_name["Andy Burnham"]["offices"]
    assert by_name["Andris Bērziņš (prime minister)"]["aliases"] == ["Andris Bērziņš"]
    assert not any(
        o[1] == "AUS" and o[0] == "King" for r in world["leaders"] for o in r["offices"]
    )  # realm monarchs left out
    de_facto = {r["name"]: r for r in world["de_facto"]}
    assert de_facto["Samvel Shahramanyan"]["offices"] == [["President", "Artsakh", "2023-09-10", "2024-01-01"]]


def test_qids_for_leaders_json(qids: dict[str, Any], existing: list[dict[str, Any]], world: dict[str, Any]) -> None:
    by_name = {r["name"]: r for r in existing}
    used = {r["qid"] for r in world["leaders"]} | {r["qid"] for r in existing if r["qid"]}
    for name, entry in qids["qids"].items():
        assert name in by_name and by_name[name]["qid"] is None, name
        assert QID.fullmatch(entry["qid"]) and entry["qid"] not in used, (name, entry)
        assert entry["source"] == f"https://www.wikidata.org/wiki/{entry['qid']}"
    assert by_name.keys() >= qids["office_changes"].keys()
    for name, change in qids["office_changes"].items():
        held = {tuple(o[:3]): o[3] for o in by_name[name]["offices"]}
        for role, state, start, new_end, source in change.get("end", []):
            assert held[(role, state, start)] is None, (name, role, start)  # only open offices are ended
            assert _date(start) < _date(new_end) and URL.fullmatch(source), (name, new_end)
        for role, state, start, end, source in change.get("add", []):
            assert DATE.fullmatch(start) and (end is None or _date(start) < _date(end)), (name, start, end)
            assert (role, state, start) not in held and URL.fullmatch(source), (name, role, start)


def _merged(
    world: dict[str, Any], qids: dict[str, Any], existing: list[dict[str, Any]]
) -> list[tuple[str, list[list[Any]]]]:
    """leaders.json with the office changes applied, and leaders_world.json: what the KB holds once merged."""
    out: list[tuple[str, list[list[Any]]]] = []
    for rec in existing:
        offices = [list(o) for o in rec["offices"]]
        change = qids["office_changes"].get(rec["name"], {})
        for role, state, start, new_end, _source in change.get("end", []):
            for o in offices:
                if o[:3] == [role, state, start]:
                    o[3] = new_end
        offices += [o[:4] for o in change.get("add", [])]
        out.append((rec["name"], offices))
    out += [(r["name"], r["offices"]) for r in world["leaders"]]
    return out


def test_every_state_has_a_head_today_and_one_per_office(
    world: dict[str, Any], qids: dict[str, Any], existing: list[dict[str, Any]], state_codes: set[str]
) -> None:
    holders: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for name, offices in _merged(world, qids, existing):
        for role, state, start, end in offices:
            if _date(start) <= TODAY < _date(end, end=True):
                holders[(state, role)].append(name)
    assert state_codes - {state for state, _role in holders} == set()
    several = {
        k: v for k, v in holders.items() if len(v) > 1 and k[1] not in COLLEGIAL and k[0] not in world["_overlaps"]
    }
    assert several == {}
