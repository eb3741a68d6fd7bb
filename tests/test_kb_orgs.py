"""The curated organization files: the UN system, regional organizations, armed groups.

Each file is checked as data, without the loader: it parses, every record has the schema of
organizations.json and a source, ids are unique and new, every state code and every parent
exists, dates are ISO and ordered, and no alias is a word or name that would be matched in
running text for something else. Counts are asserted so that a truncated file fails.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import re
import unicodedata
from collections import Counter
from typing import Any

import pytest

from kg.kb import KBEntry, load_kb
from kg.model import EntityType

CURATED = importlib.resources.files("kg.kb") / "data" / "curated"
GENERATED = importlib.resources.files("kg.kb") / "data" / "generated"

# file -> (kinds allowed, minimum number of records)
FILES = {
    "un_system.json": ({"un_mission", "un_agency", "un_body", "un_organ"}, 220),
    "regional_orgs.json": ({"igo", "regional_organ", "igo_mission"}, 225),
    "armed_groups.json": ({"armed_group", "political_movement"}, 400),
}
REQUIRED = ("id", "name", "kind", "qid", "parent", "state", "aliases", "source")
OPTIONAL = ("active", "members")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

# Single words that an alias must not be: they occur in running text with another meaning.
# (Acronyms are folded to lower case by the gazetteer, so "FACT" or "MEND" would match the word.)
COMMON_WORDS = frozenset(
    """
    a an the and or of in on at to for by with from as is it be are was were this that these those
    act action aid aim air alliance all army art bank base bay big board body border bras can cap
    care case cell center centre change chief city coalition code command commission committee
    common community congress council court cover crew cut day defence defense democracy division
    eagle eagles east end eye faith fact family fight force forces free freedom front general
    gold group guard hamas hope hum independence initiative ism jam joint justice kid land law
    league liberation light line living lobby mission model movement nation national navy new north
    office order pace pap party path peace people plan platform police power progress rats red
    reform republic resistance revolution right rise road rock rule safe scorpions sea security
    shape shield south spring state states step strike sun support team tip together trust unity
    union victory vision voice war watch way west will wing world youth
    may june april august march
    """.split()
)

# Acronyms that news uses far more often for something else: ISI (Pakistan's Inter-Services
# Intelligence), UDA (Kenya's United Democratic Alliance), NDC (Ghana's National Democratic
# Congress), JAS (the Gripen fighter), CDN (content delivery network, "Canadian").
TAKEN_ELSEWHERE = frozenset({"isi", "uda", "ndc", "jas", "cdn"})

# Aliases that two records deliberately share: an acronym that news uses for both, left to
# the linker to resolve by context. Everything else must name one record only.
SHARED_ALIASES = frozenset(
    {
        "auc",  # African Union Commission; United Self-Defense Forces of Colombia
        "jem",  # Justice and Equality Movement (Sudan); Jaish-e-Mohammed (Pakistan)
        "national liberation army",  # ELN (Colombia); NLA (North Macedonia, 2001)
        "the national liberation army",
    }
)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def load(name: str, base: Any = CURATED) -> Any:
    return json.loads((base / name).read_text(encoding="utf-8"))


def parse_date(value: str) -> dt.date:
    assert ISO_DATE.fullmatch(value), value
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))


@pytest.fixture(scope="module")
def files() -> dict[str, Any]:
    return {name: load(name) for name in FILES}


@pytest.fixture(scope="module")
def records(files: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for data in files.values() for r in data["organizations"]]


@pytest.fixture(scope="module")
def state_codes() -> set[str]:
    return {s["iso3"] for s in load("states.json", GENERATED)} | {
        s["iso3"] for s in load("states.json")["extra_states"]
    }


@pytest.fixture(scope="module")
def existing_orgs() -> dict[str, dict[str, Any]]:
    return {o["id"]: o for o in load("organizations.json")["organizations"]}


@pytest.mark.parametrize("name", sorted(FILES))
def test_file_parses_with_about_and_enough_records(name: str, files: dict[str, Any]) -> None:
    data = files[name]
    kinds, minimum = FILES[name]
    assert isinstance(data["_about"], str) and len(data["_about"]) > 200
    recs = data["organizations"]
    assert len(recs) >= minimum, f"{name}: {len(recs)} records, expected at least {minimum}"
    assert Counter(r["kind"] for r in recs).keys() <= kinds


def test_every_record_has_the_schema_and_a_source(records: list[dict[str, Any]]) -> None:
    for r in records:
        assert set(REQUIRED) <= set(r) and set(r) - set(REQUIRED) <= set(OPTIONAL), r["id"]
        assert r["name"].strip() == r["name"] and r["name"], r["id"]
        assert re.fullmatch(r"https://[^\s]+", r["source"]), r["id"]
        assert r["qid"] is None or re.fullmatch(r"Q[1-9]\d*", r["qid"]), r["id"]
        assert isinstance(r["aliases"], list) and all(isinstance(a, str) and a.strip() == a and a for a in r["aliases"])


def test_ids_are_unique_and_new(records: list[dict[str, Any]], existing_orgs: dict[str, Any]) -> None:
    ids = [r["id"] for r in records]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", i) for i in ids), [
        i for i in ids if not re.fullmatch(r"[A-Z][A-Z0-9_]*", i)
    ]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    regions = load("regions.json")
    taken = {i.upper() for i in existing_orgs}
    taken |= {s["id"].upper() for s in load("states.json", GENERATED)}
    taken |= {x["id"].upper() for x in [*regions["regions"], *regions["settlements"]]}
    taken |= {s["id"].upper() for s in load("subdivisions.json", GENERATED)}
    assert sorted(set(ids) & taken) == []


def test_states_and_parents_exist(
    records: list[dict[str, Any]], state_codes: set[str], existing_orgs: dict[str, Any]
) -> None:
    known = set(existing_orgs) | {r["id"] for r in records}
    for r in records:
        assert r["state"] is None or r["state"] in state_codes, (r["id"], r["state"])
        assert r["parent"] is None or r["parent"] in known, (r["id"], r["parent"])
        assert r["parent"] != r["id"]
        members = r.get("members")
        if members is not None:
            assert r["kind"] == "igo", r["id"]
            assert members and len(set(members)) == len(members), r["id"]
            assert set(members) <= state_codes, (r["id"], set(members) - state_codes)


def test_no_parent_cycles(records: list[dict[str, Any]], existing_orgs: dict[str, Any]) -> None:
    parent = {o["id"]: o.get("parent") for o in existing_orgs.values()} | {r["id"]: r["parent"] for r in records}
    for start in parent:
        seen, node = set(), start
        while node is not None:
            assert node not in seen, f"parent cycle through {start}"
            seen.add(node)
            node = parent.get(node)


def test_dates_parse_and_are_ordered(records: list[dict[str, Any]]) -> None:
    dated = 0
    for r in records:
        if "active" not in r:
            continue
        start, end = r["active"]
        assert start is not None or end is not None, r["id"]
        if start is not None and end is not None:
            assert parse_date(start) < parse_date(end), r["id"]
        for d in (start, end):
            if d is not None:
                assert dt.date(1850, 1, 1) <= parse_date(d) <= dt.date(2026, 12, 31), r["id"]
                dated += 1
    assert dated >= 700


def test_aliases_unique_per_record_and_not_common_words(records: list[dict[str, Any]]) -> None:
    for r in records:
        folded = [fold(a) for a in [r["name"], *r["aliases"]]]
        assert [a for a, n in Counter(folded).items() if n > 1] == [], r["id"]
        for form in folded:
            assert form not in COMMON_WORDS and form not in TAKEN_ELSEWHERE, (r["id"], form)
            assert form.removeprefix("the ") not in COMMON_WORDS, (r["id"], form)
            assert len(form) >= 2, (r["id"], form)


def test_no_alias_names_a_state_or_another_organization(
    records: list[dict[str, Any]], existing_orgs: dict[str, Any]
) -> None:
    states = [*load("states.json", GENERATED), *load("states.json")["extra_states"]]
    overrides = load("states.json")["states"]
    state_forms = {fold(n) for s in states for n in [s["name"], *s.get("aliases", [])]}
    state_forms |= {fold(n) for o in overrides.values() for n in [o.get("name", ""), *o.get("aliases", [])] if n}
    regions = load("regions.json")
    place_forms = {fold(n) for x in [*regions["regions"], *regions["settlements"]] for n in [x["name"], *x["aliases"]]}
    owner: dict[str, set[str]] = {}
    for o in existing_orgs.values():
        for a in [o["name"], *o["aliases"]]:
            owner.setdefault(fold(a), set()).add(o["id"])
    for r in records:
        for a in [r["name"], *r["aliases"]]:
            f = fold(a)
            assert f not in state_forms, (r["id"], a)
            assert f not in place_forms, (r["id"], a)
            owner.setdefault(f, set()).add(r["id"])
    shared = {f: ids for f, ids in owner.items() if len(ids) > 1 and f not in SHARED_ALIASES}
    assert shared == {}


def test_no_alias_names_a_subdivision_or_city(records: list[dict[str, Any]]) -> None:
    places = {fold(s["name"]) for s in load("subdivisions.json", GENERATED)}
    places |= {fold(c["name"]) for c in load("cities.json", GENERATED)}
    clashes = {fold(a) for r in records for a in [r["name"], *r["aliases"]]} & places
    # Imo (Nigerian state) / IMO, Itu (Brazilian town) / ITU, Los Rastrojos (Venezuelan town) / the gang:
    # each is the usual name of both; the linker decides by context.
    assert clashes == {"imo", "itu", "los rastrojos"}


@pytest.mark.parametrize(("name", "regions"), [("armed_groups.json", 10), ("regional_orgs.json", 6)])
def test_records_are_listed_under_exactly_one_region(name: str, regions: int, files: dict[str, Any]) -> None:
    data = files[name]
    listed = [i for ids in data["_regions"].values() for i in ids]
    assert sorted(listed) == sorted(r["id"] for r in data["organizations"])
    assert len(data["_regions"]) >= regions
    assert all(len(ids) >= 5 for region, ids in data["_regions"].items() if region != "Global networks")


def test_records_build_knowledge_base_entries(records: list[dict[str, Any]]) -> None:
    """The records take the path organizations.json takes through the loader, unchanged."""
    entries = [
        KBEntry(
            key=f"org/{r['id']}",
            type=EntityType.ORGANIZATION,
            name=r["name"],
            aliases=r["aliases"],
            qid=r.get("qid"),
            subtype=r["kind"],
            parent=f"org/{r['parent']}" if r.get("parent") else None,
            state=f"state/{r['state']}" if r.get("state") else None,
            source=r["source"],
        )
        for r in records
    ]
    assert len({e.key for e in entries}) == len(records)
    kb = load_kb()
    assert all(e.state is None or e.state in kb.entries for e in entries)


def test_extend_names_existing_organizations(
    files: dict[str, Any], existing_orgs: dict[str, Any], state_codes: set[str]
) -> None:
    extend = files["regional_orgs.json"]["extend"]
    assert len(extend) >= 15
    for e in extend:
        assert e["id"] in existing_orgs, e["id"]
        assert set(e) <= {"id", "aliases", "members", "source"} and e["source"].startswith("https://")
        assert set(e.get("members", [])) <= state_codes, e["id"]
        old = {fold(a) for a in [existing_orgs[e["id"]]["name"], *existing_orgs[e["id"]]["aliases"]]}
        assert not old & {fold(a) for a in e.get("aliases", [])}, e["id"]


def test_known_facts_read_from_the_sources(files: dict[str, Any]) -> None:
    """A few records checked field by field against the pages they cite."""
    by_id = {r["id"]: r for data in files.values() for r in data["organizations"]}
    extend = {e["id"]: e for e in files["regional_orgs.json"]["extend"]}
    assert by_id["MINUSMA"]["state"] == "MLI" and by_id["MINUSMA"]["parent"] == "UNSC"
    assert by_id["MINUSMA"]["active"] == ["2013", "2023"]
    assert by_id["UNSCOL"]["active"] == ["2007-02-16", None]
    assert by_id["ISWAP"]["parent"] == "ISIS" and by_id["ISWAP"]["state"] == "NGA"
    assert by_id["JNIM"]["parent"] == "AL_QAEDA"
    assert (
        "al-Shabab" in by_id["AL_SHABAAB"]["aliases"]
        and "Harakat al-Shabaab al-Mujahideen" in by_id["AL_SHABAAB"]["aliases"]
    )
    assert by_id["AES"]["members"] == ["BFA", "MLI", "NER"]
    assert set(by_id["EAC"]["members"]) == {"BDI", "COD", "KEN", "RWA", "SOM", "SSD", "TZA", "UGA"}
    assert by_id["KFOR"]["parent"] == "NATO" and by_id["EULEX"]["state"] == "XKX"
    assert not {"BFA", "MLI", "NER"} & set(extend["ECOWAS"]["members"])
    assert len(extend["NATO"]["members"]) == 32
