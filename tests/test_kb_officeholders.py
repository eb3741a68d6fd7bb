"""The officeholders file (kg/kb/data/curated/officeholders.json): schema, sources, references, dates, aliases.

The file is read directly, not through kg.kb.load_kb, so that these checks hold whether or not the loader
has been taught to read it yet.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import re
import unicodedata
from collections import defaultdict
from functools import cache
from typing import Any

import pytest
from spacy.lang.en.stop_words import STOP_WORDS

DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
QID = re.compile(r"Q[1-9]\d*")
OFFICE_KEYS = {"role", "title", "of", "start", "end", "for", "for_region", "mission", "acting"}
RECORD_KEYS = {"id", "name", "qid", "aliases", "offices", "source"}

# Capitalised in a name but an ordinary word in running text: never an alias on its own.
COMMON_WORDS = frozenset(
    """
    ban park rice power cook straw fox brown hunt bishop page swing lake green amos cooper miller price little
    white ross baker martin holmes king young wood may major hill hall ward wells mills bell burns grant rose
    stone love rich gay long short fair free black gray grey read will bush gates carter hope unity change peace
    joint state faith grace joy victory justice liberty rule law press media council union court office
    """.split()
)
# Given names that are how news names the person (Ethiopian naming has no family name).
GIVEN_NAME_ALIASES = frozenset({"Tedros"})
ROLES_WITH_ONE_HOLDER = frozenset(
    {
        "Secretary-General",
        "Foreign Minister",
        "Defence Minister",
        "High Commissioner",
        "Director-General",
        "Executive Director",
        "Commissioner-General",
        "Emergency Relief Coordinator",
        "Prosecutor",
        "Commission President",
        "European Council President",
        "High Representative",
        "Commission Chairperson",
        "Permanent Representative to the United Nations",
        "President of the Court",
        "Deputy Secretary-General",
    }
)


def _load(name: str) -> Any:
    return json.loads((importlib.resources.files("kg.kb") / "data" / name).read_text(encoding="utf-8"))


@cache
def data() -> dict[str, Any]:
    result: dict[str, Any] = _load("curated/officeholders.json")
    return result


def records() -> list[dict[str, Any]]:
    return list(data()["officeholders"])


def slug(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return "-".join(filter(None, "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text).split("-")))


def lower_bound(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def upper_bound(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        first_of_next = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


@cache
def state_codes() -> frozenset[str]:
    generated = {s["id"] for s in _load("generated/states.json")}
    extra = {s["id"] for s in _load("curated/states.json")["extra_states"]}
    return frozenset(generated | extra)


@cache
def org_ids() -> frozenset[str]:
    own = _load("curated/organizations_extra_officeholders.json")["organizations"]
    return frozenset(o["id"] for o in [*_load("curated/organizations.json")["organizations"], *own])


@cache
def region_ids() -> frozenset[str]:
    return frozenset(r["id"] for r in _load("curated/regions.json")["regions"])


def holders(of: str, role: str, on: dt.date) -> list[str]:
    """Names holding `role` of `of` on `on`, reading partial dates as their first day (as kg.kb does)."""
    found = []
    for rec in records():
        for o in rec["offices"]:
            if o["of"] != of or o["role"] != role or o.get("acting"):
                continue
            if lower_bound(o["start"]) <= on and (o["end"] is None or on < lower_bound(o["end"])):
                found.append(rec["name"])
    return found


def test_parses_with_the_documented_fields_and_enough_records() -> None:
    d = data()
    assert d["_about"] and set(d) == {"_about", "roles", "officeholders"}
    recs = records()
    assert len(recs) >= 600  # a truncated file fails here
    assert sum(len(r["offices"]) for r in recs) >= 700
    for rec in recs:
        assert set(rec) == RECORD_KEYS, rec["name"]
        assert rec["name"].strip() == rec["name"] and rec["offices"], rec["name"]
        assert rec["qid"] is None or QID.fullmatch(rec["qid"]), rec["name"]
        assert re.fullmatch(r"https://[^\s]+", rec["source"]), rec["name"]
        for o in rec["offices"]:
            assert set(o) <= OFFICE_KEYS and {"role", "title", "of", "start", "end"} <= set(o), rec["name"]
            assert o["role"] in d["roles"], (rec["name"], o["role"])
            assert o["title"].strip() and o.get("acting", True) is True, rec["name"]


def test_ids_are_unique_and_do_not_collide_with_other_entities() -> None:
    recs = records()
    ids = [r["id"] for r in recs]
    assert len(ids) == len(set(ids))
    assert all(r["id"] == slug(r["name"]) for r in recs)
    assert len({r["qid"] for r in recs if r["qid"]}) == sum(1 for r in recs if r["qid"])
    # the same person as a record of leaders.json shares its key and its spelling; nothing else may
    leaders = {slug(r["name"]): r["name"] for r in _load("curated/leaders.json")["leaders"]}
    for rec in recs:
        if rec["id"] in leaders:
            assert leaders[rec["id"]] == rec["name"], rec["name"]
    other = {s.lower() for s in state_codes()} | {o.lower() for o in org_ids()} | region_ids()
    assert not other & set(ids)


def test_every_office_is_held_in_a_known_state_or_organization() -> None:
    for rec in records():
        for o in rec["offices"]:
            kind, _, ident = o["of"].partition("/")
            assert (kind == "state" and ident in state_codes()) or (kind == "org" and ident in org_ids()), (
                rec["name"],
                o["of"],
            )
            if "for" in o:
                kind, _, ident = o["for"].partition("/")
                assert (kind == "state" and ident in state_codes()) or (kind == "region" and ident in region_ids())
            assert "for" not in o or "for_region" not in o


def test_dates_parse_and_every_term_starts_before_it_ends() -> None:
    for rec in records():
        for o in rec["offices"]:
            assert DATE.fullmatch(o["start"]), (rec["name"], o["start"])
            start = lower_bound(o["start"])
            assert dt.date(1940, 1, 1) < start < dt.date(2027, 1, 1), rec["name"]
            if o["end"] is not None:
                assert DATE.fullmatch(o["end"]), (rec["name"], o["end"])
                assert start < upper_bound(o["end"]), (rec["name"], o["title"])


def test_one_holder_at_a_time() -> None:
    """Two holders of one single-holder office never overlap (acting holders aside; a partial date may touch)."""
    terms: dict[tuple[str, str, str], list[tuple[dt.date, dt.date, dt.date, str]]] = defaultdict(list)
    for rec in records():
        for o in rec["offices"]:
            if o["role"] in ROLES_WITH_ONE_HOLDER and not o.get("acting"):
                end = lower_bound(o["end"]) if o["end"] else dt.date.max
                start = o["start"]
                terms[(o["of"], o["role"], o.get("for", ""))].append(
                    (lower_bound(start), upper_bound(start), end, rec["name"])
                )
    for key, spans in terms.items():
        spans.sort()
        for (_, _, end, name), (_, latest_start, _, nxt) in zip(spans, spans[1:], strict=False):
            assert end <= latest_start, (key, name, nxt)


def test_aliases_are_unique_and_never_a_common_word_or_a_bare_first_name() -> None:
    seen: dict[str, str] = {}
    for rec in records():
        folded = [a.casefold() for a in rec["aliases"]]
        assert len(folded) == len(set(folded)) and rec["name"].casefold() not in folded, rec["name"]
        first = rec["name"].split()[0]
        for alias in rec["aliases"]:
            assert alias.strip() == alias and len(alias) > 2, (rec["name"], alias)
            if " " not in alias:
                assert alias.lower() not in COMMON_WORDS and alias.lower() not in STOP_WORDS, (rec["name"], alias)
                assert alias != first or alias in GIVEN_NAME_ALIASES or len(rec["name"].split()) == 1, (
                    rec["name"],
                    alias,
                )
            assert seen.setdefault(alias.casefold(), rec["name"]) == rec["name"], (alias, seen[alias.casefold()])


@pytest.mark.parametrize(
    ("of", "role", "on", "expected"),
    [
        ("org/UN", "Secretary-General", dt.date(2010, 6, 1), ["Ban Ki-moon"]),
        ("org/UN", "Secretary-General", dt.date(2024, 3, 1), ["António Guterres"]),
        ("state/USA", "Foreign Minister", dt.date(2014, 3, 27), ["John Kerry"]),
        ("state/USA", "Defence Minister", dt.date(2025, 6, 1), ["Pete Hegseth"]),
        ("state/RUS", "Foreign Minister", dt.date(2020, 10, 9), ["Sergey Lavrov"]),
        ("state/GBR", "Defence Minister", dt.date(2022, 3, 1), ["Ben Wallace"]),
        ("state/GBR", "Foreign Minister", dt.date(2025, 10, 1), ["Yvette Cooper"]),
        ("state/CHN", "Foreign Minister", dt.date(2023, 5, 1), ["Qin Gang"]),
        ("state/FRA", "Defence Minister", dt.date(2025, 11, 1), ["Catherine Vautrin"]),
        ("state/UKR", "Defence Minister", dt.date(2024, 1, 1), ["Rustem Umerov"]),
        ("state/ISR", "Defence Minister", dt.date(2024, 1, 1), ["Yoav Gallant"]),
        ("state/ARM", "Foreign Minister", dt.date(2020, 10, 9), ["Zohrab Mnatsakanyan"]),
        ("state/AZE", "Foreign Minister", dt.date(2020, 10, 9), ["Jeyhun Bayramov"]),
        ("org/NATO", "Secretary-General", dt.date(2022, 3, 1), ["Jens Stoltenberg"]),
        ("org/EU", "High Representative", dt.date(2022, 3, 1), ["Josep Borrell"]),
        ("org/OCHA", "Emergency Relief Coordinator", dt.date(2023, 1, 1), ["Martin Griffiths"]),
        ("org/UNHCR", "High Commissioner", dt.date(2026, 2, 1), ["Barham Salih"]),
    ],
)
def test_the_officeholder_on_a_date(of: str, role: str, on: dt.date, expected: list[str]) -> None:
    assert holders(of, role, on) == expected


def test_envoys_carry_the_country_of_their_mandate() -> None:
    by_name = {r["name"]: r for r in records()}
    syria = [o for o in by_name["Staffan de Mistura"]["offices"] if o.get("for") == "state/SYR"]
    assert [(o["role"], o["start"], o["end"]) for o in syria] == [("Special Envoy", "2014-07-10", "2018-12-31")]
    assert {o.get("mission") for o in by_name["Ján Kubiš"]["offices"]} >= {"UNAMA", "UNAMI", "UNSCOL", "UNSMIL"}
    envoy_roles = {
        "Special Envoy",
        "Special Representative",
        "Personal Envoy",
        "Special Coordinator",
        "Special Adviser",
    }
    for rec in records():
        for o in rec["offices"]:
            if o["role"] in envoy_roles:
                assert "for" in o or "for_region" in o, (rec["name"], o["title"])


def test_extra_organizations_are_few_and_new() -> None:
    own = _load("curated/organizations_extra_officeholders.json")["organizations"]
    existing = _load("curated/organizations.json")["organizations"]
    assert 1 <= len(own) <= 5
    assert not {o["id"] for o in own} & {o["id"] for o in existing}
    taken = {a.casefold() for o in existing for a in [o["name"], *o["aliases"]]}
    for org in own:
        assert re.fullmatch(r"https://[^\s]+", org["source"]) and org.get("parent") in {o["id"] for o in existing}
        assert not {a.casefold() for a in [org["name"], *org["aliases"]]} & taken, org["id"]
