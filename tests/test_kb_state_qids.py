"""Wikidata ids (QIDs) of the knowledge base's states.

Which states count as UN members: the records of kg/kb/data/generated/states.json whose "un_member" flag is
set (193 records, the flag the generator takes from country_converter's UN membership column); their KB
entries are "state/<ISO alpha-3>". Each QID filled by hand was read on a page found with the search tool's
stored pages or documentation (the page is named next to each pair below); a state whose QID no page
confirmed stays without one and is listed in UN_MEMBERS_WITHOUT_CONFIRMED_QID, so that filling one later
makes this test ask for the list to shrink.
"""

from __future__ import annotations

from kg.kb import load_data, load_kb
from kg.model import EntityType

# UN members whose Wikidata id no page read so far confirmed (left null rather than guessed); the other 53
# were read in Our World in Data's country table (owid/owid-grapher, CountriesRegions.ts, column
# wikidata_uri), which each such record of states.json names as its source
UN_MEMBERS_WITHOUT_CONFIRMED_QID: frozenset[str] = frozenset()

# (KB key, name, QID) confirmed on a page read with the search tool
CONFIRMED = [
    # docs: gist.github.com/hadyelsahar/944b4b32cd8b5216ee9d2186a7677a2e (wd:Q228 holds the Andorra article)
    ("state/AND", "Andorra", "Q228"),
    # docs: huggingface.co/datasets/Orange/KGConv data/country/dev.json (Q691 asked as Papua New Guinea)
    ("state/PNG", "Papua New Guinea", "Q691"),
    # pages: https://warlike.info/Q185682 (the French Indochina article)
    ("state/XFIND", "French Indochina", "Q185682"),
    # code: owid/owid-grapher CountriesRegions.ts (Our World in Data's country table, wikidata_uri)
    ("state/SLB", "Solomon Islands", "Q685"),
    ("state/FSM", "Micronesia", "Q702"),
    ("state/GIN", "Guinea", "Q1006"),
    ("state/GNB", "Guinea-Bissau", "Q1007"),
    ("state/TLS", "Timor-Leste", "Q574"),
    ("state/VUT", "Vanuatu", "Q686"),
]


def test_a_state_id_names_the_page_it_was_read_on() -> None:
    kb = load_kb()
    assert "owid-grapher" in kb.entries["state/SLB"].source


def _un_member_keys() -> set[str]:
    return {f"state/{rec['id']}" for rec in load_data("generated/states.json") if rec.get("un_member")}


def test_un_members_have_a_qid_unless_listed_as_unconfirmed() -> None:
    kb = load_kb()
    keys = _un_member_keys()
    assert len(keys) == 193
    missing = {key.removeprefix("state/") for key in keys if not kb.entries[key].qid}
    assert missing == UN_MEMBERS_WITHOUT_CONFIRMED_QID


def test_state_qids_are_unique() -> None:
    kb = load_kb()
    seen: dict[str, str] = {}
    for entry in kb.of_type(EntityType.STATE):
        if entry.qid:
            assert entry.qid not in seen, (entry.key, seen.get(entry.qid))
            seen[entry.qid] = entry.key


def test_confirmed_state_qids() -> None:
    kb = load_kb()
    for key, name, qid in CONFIRMED:
        entry = kb.entries[key]
        assert entry.type is EntityType.STATE, key
        assert entry.name == name, key
        assert entry.qid == qid, key
