"""English labels and language-tagged names of the generated subdivisions and cities (issue 12).

scripts/build_kb.py writes `name_en` (the preferred English label), `names` ({BCP 47 tag: [names]})
and `name_en_source` on every record of kg/kb/data/generated/subdivisions.json and cities.json;
kg/kb/data/curated/place_names_en.json corrects what the packages get wrong.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest

from kg.kb import load_data

# language[-Script][-REGION]: the subset of BCP 47 the build writes (ISO 639 language, ISO 15924
# script, ISO 3166 or UN M.49 region).
BCP47 = re.compile(r"^(?:[a-z]{2,3})(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")


def _data(rel: str) -> Any:
    return load_data(rel)


@functools.cache
def _subdivisions() -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in _data("generated/subdivisions.json")}


@functools.cache
def _cities() -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in _data("generated/cities.json")}


def test_the_seed_districts_are_labelled_in_english() -> None:
    subs = _subdivisions()
    for code, english, local in (
        ("AZ-FUZ", "Fuzuli", "Füzuli"),
        ("AZ-CAB", "Jabrayil", "Cəbrayıl"),
        ("AZ-XVD", "Khojavend", "Xocavənd"),
    ):
        rec = subs[code]
        assert rec["name"] == local  # the ISO 3166-2 name is kept
        assert rec["name_en"] == english
        assert rec["names"]["en"][0] == english
        assert f"{english} District" in rec["names"]["en"]  # the form with its suffix is an alternative
        assert rec["names"]["az"] == [local]


# Twenty subdivisions in eight scripts and several romanizations, with their usual English names.
SAMPLE = {
    "UA-14": "Donetsk Oblast",
    "UA-51": "Odesa Oblast",
    "UA-30": "Kyiv",
    "UA-43": "Crimea",
    "RU-CE": "Chechnya",
    "RU-BEL": "Belgorod Oblast",
    "RU-SPE": "Saint Petersburg",
    "CN-XZ": "Tibet",
    "CN-GD": "Guangdong",
    "CN-XJ": "Xinjiang",
    "SA-01": "Riyadh Region",
    "SA-04": "Eastern Province",
    "ET-TI": "Tigray",
    "ET-AM": "Amhara",
    "MX-CMX": "Mexico City",
    "MX-JAL": "Jalisco",
    "SY-HL": "Aleppo Governorate",
    "TH-10": "Bangkok",
    "KP-01": "Pyongyang",
    "GR-A": "Eastern Macedonia and Thrace",
}


@pytest.mark.parametrize("code", sorted(SAMPLE))
def test_subdivisions_of_other_scripts_have_their_english_name(code: str) -> None:
    rec = _subdivisions()[code]
    assert rec["name_en"] == SAMPLE[code]
    assert rec["name_en"].isascii()
    assert rec["name_en"] != rec["name"] or rec["name"].isascii()


def test_sample_size() -> None:
    assert len(SAMPLE) == 20
    assert len({code.split("-")[0] for code in SAMPLE}) >= 8


def test_local_and_transliterated_forms_carry_their_language() -> None:
    subs = _subdivisions()
    assert "Донецька область" in subs["UA-14"]["names"]["uk"]
    assert subs["UA-14"]["names"]["uk-Latn"] == ["Donetska oblast"]  # the ISO romanization
    assert "الرياض" in subs["SA-01"]["names"]["ar"]
    assert "Ar Riyāḑ" in subs["SA-01"]["names"]["ar-Latn"]
    assert "ትግራይ" in subs["ET-TI"]["names"]["am"]
    assert "Nord-Kivu" in subs["CD-NK"]["names"]["fr"]
    assert subs["CD-NK"]["name_en"] == "North Kivu"


def test_suffix_kept_where_the_bare_name_is_a_city_or_another_subdivision() -> None:
    subs = _subdivisions()
    assert subs["AZ-LAN"]["name_en"] == "Lankaran District"  # the district around the city
    assert subs["AZ-LA"]["name_en"] == "Lankaran"  # the city itself
    assert subs["UA-32"]["name_en"] == "Kyiv Oblast"
    assert subs["LB-AS"]["name_en"] == "North Governorate"  # never the bare compass word
    assert subs["SS-UY"]["name_en"] == "Unity State"  # never a common English word


def test_no_english_label_is_empty_and_every_tag_is_bcp47() -> None:
    count = 0
    for table in (_subdivisions(), _cities()):
        for rec in table.values():
            assert rec["name_en"].strip() == rec["name_en"] and rec["name_en"], rec["id"]
            assert rec["names"]["en"][0] == rec["name_en"], rec["id"]
            assert rec["name_en_source"], rec["id"]
            for tag, forms in rec["names"].items():
                assert BCP47.match(tag), (rec["id"], tag)
                assert forms and all(f.strip() for f in forms), (rec["id"], tag)
                assert len(forms) == len(set(forms)), (rec["id"], tag)
            count += 1
    assert count >= 3590 + 6000


def test_existing_fields_are_kept() -> None:
    subs = _subdivisions()
    assert len(subs) >= 3590
    assert all({"id", "name", "state", "kind", "source"} <= set(r) for r in subs.values())
    assert all({"id", "name", "state", "population", "capital", "source"} <= set(r) for r in _cities().values())


def test_cities_drop_scholarly_transliteration_marks() -> None:
    cities = {r["name"]: r for r in _cities().values()}
    assert cities["Kandahār"]["name_en"] == "Kandahar"
    assert cities["Abū Ghurayb"]["name_en"] == "Abu Ghraib"  # from the curated override
    assert cities["Kyiv"]["names"]["uk"] == ["Київ"]  # CLDR's exemplar city, through babel
    assert cities["Baku"]["names"]["az"] == ["Bakı"]
    assert cities["Moscow"]["name_en"] == "Moscow"


def test_curated_overrides_are_sourced_and_applied() -> None:
    curated = _data("curated/place_names_en.json")["names"]
    assert len(curated) >= 40
    subs, cities = _subdivisions(), _cities()
    for code, rec in curated.items():
        assert rec["name"] and rec["source"].startswith("https://"), code
        target = cities[code] if code.startswith("geonames:") else subs[code]
        assert target["name_en"] == rec["name"], code
        assert target["name_en_source"] == rec["source"], code
