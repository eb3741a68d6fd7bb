"""Heads of state and government across 2005-2025: the knowledge base names who led a state on a date.

Cases span the continents and the conflicts news reports on (Libya's rival governments, Kosovo,
Haiti, the Sahel); most were gaps filled in leaders_world.json from the pages its records cite.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from kg.kb import KnowledgeBase, load_kb
from kg.model import EntityType

WORLD = Path(__file__).resolve().parent.parent / "kg" / "kb" / "data" / "curated" / "leaders_world.json"

# (state, date, the person's name in the knowledge base)
CASES = [
    ("LBY", "2013-01-01", "Mohammed Magariaf"),
    ("LBY", "2014-01-01", "Nouri Abusahmain"),
    ("LBY", "2018-06-01", "Fayez al-Sarraj"),
    ("LBY", "2024-06-01", "Abdul Hamid Dbeibeh"),
    ("LBY", "2024-06-01", "Osama Hammad"),
    ("LBY", "2024-06-01", "Mohamed al-Menfi"),
    ("XKX", "2007-01-01", "Agim Çeku"),
    ("XKX", "2010-07-01", "Hashim Thaçi"),
    ("XKX", "2016-01-01", "Isa Mustafa"),
    ("XKX", "2019-01-01", "Ramush Haradinaj"),
    ("XKX", "2020-09-01", "Avdullah Hoti"),
    ("HTI", "2005-06-01", "Gérard Latortue"),
    ("HTI", "2013-01-01", "Laurent Lamothe"),
    ("HTI", "2016-08-01", "Enex Jean-Charles"),
    ("HTI", "2025-05-01", "Fritz Alphonse Jean"),
    ("SEN", "2010-01-01", "Souleymane Ndéné Ndiaye"),
    ("SEN", "2015-01-01", "Macky Sall"),
    ("SEN", "2025-01-01", "Ousmane Sonko"),
    ("TUN", "2008-01-01", "Mohamed Ghannouchi"),
    ("MDA", "2006-01-01", "Vasile Tarlev"),
    ("LKA", "2012-01-01", "D. M. Jayaratne"),
    ("TCD", "2011-01-01", "Emmanuel Nadingar"),
    ("TCD", "2022-01-01", "Mahamat Déby"),
    ("MLI", "2023-01-01", "Assimi Goïta"),
    ("GIN", "2022-01-01", "Mamady Doumbouya"),
    ("BFA", "2023-06-01", "Ibrahim Traoré"),
    ("UKR", "2023-01-01", "Volodymyr Zelenskyy"),
    ("SYR", "2015-01-01", "Bashar al-Assad"),
    ("PSE", "2010-01-01", "Mahmoud Abbas"),
    ("BOL", "2010-01-01", "Evo Morales"),
    ("KOR", "2010-01-01", "Lee Myung-bak"),
    ("USA", "2010-01-01", "Barack Obama"),
    ("DEU", "2010-01-01", "Angela Merkel"),
    ("AUS", "2023-01-01", "Anthony Albanese"),
    ("ZAF", "2020-01-01", "Cyril Ramaphosa"),
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.mark.parametrize(("state", "on", "name"), CASES)
def test_the_head_of_a_state_on_a_date(kb: KnowledgeBase, state: str, on: str, name: str) -> None:
    date = dt.date.fromisoformat(on)
    keys = {f.key for f in kb.lookup(name) if kb.entries[f.key].type is EntityType.LEADER}
    assert [kb.entries[k].name for k in keys] == [name]
    person = kb.entries[keys.pop()]
    assert person.holds_office(f"state/{state}", date)
    assert person.leads_on(date, f"state/{state}")  # the office held is one of head of state or government


def test_news_spellings_name_the_leader(kb: KnowledgeBase) -> None:
    spellings = {
        "Fayez al-Serraj": "Fayez al-Sarraj",
        "Fayez Serraj": "Fayez al-Sarraj",
        "Abdulhamid Dbeibah": "Abdul Hamid Dbeibeh",
        "Abdul Hamid Dbeibah": "Abdul Hamid Dbeibeh",
        "Nuri Abu Sahmain": "Nouri Abusahmain",
        "Mohamed Magarief": "Mohammed Magariaf",
        "Agim Ceku": "Agim Çeku",
        "Assimi Goita": "Assimi Goïta",
    }
    for spelling, name in spellings.items():
        assert name in {kb.entries[f.key].name for f in kb.lookup(spelling)}, spelling


def _date(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def test_every_record_has_a_source_and_ordered_dates() -> None:
    data: dict[str, Any] = json.loads(WORLD.read_text(encoding="utf-8"))
    for rec in [*data["leaders"], *data["de_facto"]]:
        assert rec["source"].startswith("https://"), rec["name"]
        for _role, _state, start, end in rec["offices"]:
            assert start, rec["name"]
            assert end is None or _date(start) <= _date(end), (rec["name"], start, end)
