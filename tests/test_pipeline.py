"""The seed article end to end: the exact entities, relations and statements a careful reader expects."""

from __future__ import annotations

import datetime as dt

from kg.api import Built
from kg.model import EntityType


def _by_label(built: Built) -> dict[str, str]:
    return {e.label: e.type.value for e in built.extraction.entities.values()}


def test_seed_entities(seed_built: Built) -> None:
    assert _by_label(seed_built) == {
        "Azerbaijan": "State", "Armenia": "State", "Turkey": "State",
        "Ilham Aliyev": "Leader", "Nikol Pashinyan": "Leader",
        "Azerbaijani Armed Forces": "Organization", "Armed Forces of Armenia": "Organization",
        "Ministry of Foreign Affairs of Turkey": "Organization", "NTV": "Organization",
        "UN Security Council": "Organization", "UN General Assembly": "Organization",
        "4 UNSC resolutions": "UNResolution", "2 UNGA resolutions": "UNResolution",
        "Nagorno-Karabakh": "Region", "Fuzuli": "Region", "Jabrayil": "Region", "Khojavend": "Region",
        "seven other occupied regions of Azerbaijan": "Region", "Baku": "Settlement",
        "the latest bout of fighting": "Event", "the conflict with Armenia": "Event",
    }  # fmt: skip


def test_seed_surface_forms_link_to_one_entity(seed_built: Built) -> None:
    ents = seed_built.extraction.entities
    assert set(ents["state/TUR"].surface_forms) == {"Turkey", "Turkish", "Ankara"}
    assert set(ents["person/ilham-aliyev"].surface_forms) == {"Ilham Aliyev", "Aliyev", "The Azerbaijani president"}
    assert ents["person/nikol-pashinyan"].surface_forms == ["Pashinian"]
    assert ents["state/AZE"].qid == "Q227"
    assert ents["state/AZE"].codes == {"iso3166-1-alpha-2": "AZ", "iso3166-1-alpha-3": "AZE"}
    assert set(ents["org/ARM-AF"].surface_forms) == {
        "Armenian troops",
        "Armenian military",
        "Armenian forces",
        "Armenia's occupying forces",
    }


def test_seed_relations(seed_built: Built) -> None:
    x = seed_built.extraction
    got = {
        (
            x.entities[r.subject].label,
            r.predicate,
            x.entities[r.object].label,
            x.entities[r.claimed_by].label if r.claimed_by else None,
        )
        for r in x.relations
    }
    assert got == {
        ("Ilham Aliyev", "leader_of", "Azerbaijan", None),
        ("Nikol Pashinyan", "leader_of", "Armenia", None),
        ("Baku", "located_in", "Azerbaijan", None),
        ("Nagorno-Karabakh", "located_in", "Azerbaijan", None),
        ("seven other occupied regions of Azerbaijan", "located_in", "Azerbaijan", None),
        ("Armed Forces of Armenia", "part_of", "Armenia", None),
        ("Azerbaijani Armed Forces", "part_of", "Azerbaijan", None),
        ("Ministry of Foreign Affairs of Turkey", "part_of", "Turkey", None),
        ("Armed Forces of Armenia", "attacks", "Azerbaijan", None),
        ("Azerbaijani Armed Forces", "attacks", "Armed Forces of Armenia", "Ilham Aliyev"),
        ("Azerbaijani Armed Forces", "captures", "Fuzuli", "Ilham Aliyev"),
        ("Azerbaijani Armed Forces", "captures", "Jabrayil", "Ilham Aliyev"),
        ("Azerbaijani Armed Forces", "captures", "Khojavend", "Ilham Aliyev"),
        ("Armenia", "occupies", "Fuzuli", "Ilham Aliyev"),
        ("Armenia", "occupies", "Jabrayil", "Ilham Aliyev"),
        ("Armenia", "occupies", "Khojavend", "Ilham Aliyev"),
        ("Armenia", "occupies", "Nagorno-Karabakh", None),
        ("Armenia", "occupies", "Nagorno-Karabakh", "UN Security Council"),
        ("Armenia", "occupies", "Nagorno-Karabakh", "UN General Assembly"),
        ("Armenia", "occupies", "seven other occupied regions of Azerbaijan", "UN Security Council"),
        ("Armenia", "occupies", "seven other occupied regions of Azerbaijan", "UN General Assembly"),
        ("Turkey", "supports", "Azerbaijan", "Turkey"),
        ("Azerbaijan", "in_conflict_with", "Armenia", "Ilham Aliyev"),
        ("4 UNSC resolutions", "issued_by", "UN Security Council", None),
        ("2 UNGA resolutions", "issued_by", "UN General Assembly", None),
        ("4 UNSC resolutions", "demands", "Armenia", "UN Security Council"),
        ("2 UNGA resolutions", "demands", "Armenia", "UN General Assembly"),
        ("4 UNSC resolutions", "resolution_about", "Nagorno-Karabakh", "UN Security Council"),
        ("2 UNGA resolutions", "resolution_about", "Nagorno-Karabakh", "UN General Assembly"),
    }


def test_conditional_negotiation_is_no_relation(seed_built: Built) -> None:
    # "will sit down at the negotiating table with Armenia if it leaves ..." is a condition
    assert not [r for r in seed_built.extraction.relations if r.predicate == "negotiates_with"]


def test_seed_statements(seed_built: Built) -> None:
    x = seed_built.extraction
    speakers = [x.entities[s.speaker].label for s in x.statements]
    assert speakers.count("Ilham Aliyev") == 13
    assert sorted(set(speakers)) == [
        "Ilham Aliyev", "Ministry of Foreign Affairs of Turkey", "Turkey", "UN General Assembly", "UN Security Council"
    ]  # fmt: skip
    tweet = next(s for s in x.statements if s.medium == "tweet")
    assert (tweet.date, tweet.date_text) == (dt.date(2020, 10, 8), "yesterday")
    ntv = next(s for s in x.statements if s.medium == "interview")
    assert (ntv.date, ntv.date_text, ntv.medium_entity) == (dt.date(2020, 10, 8), "Thursday", "org/NTV_TR")
    quotes = [s.content for s in x.statements if s.quote]
    assert "Turkey is a world power." in quotes


def test_no_speaker_claim_in_narrator_graph(seed_built: Built) -> None:
    from kg.rdf import entity_iri, merged_view

    merged = merged_view(seed_built.dataset)
    x = seed_built.extraction
    narrator = {(r.subject, r.predicate, r.object) for r in x.relations if r.claimed_by is None}
    for r in x.relations:
        if r.claimed_by is not None and (r.subject, r.predicate, r.object) not in narrator:
            from kg.rdf import PREDICATE_IRI

            assert (entity_iri(r.subject), PREDICATE_IRI[r.predicate], entity_iri(r.object)) not in merged


def test_every_type_has_an_rdf_class(seed_built: Built) -> None:
    from kg.rdf import CLASS_TYPE

    assert set(CLASS_TYPE.values()) == set(EntityType)


def test_seed_events_and_occasions(seed_built: Built) -> None:
    x = seed_built.extraction
    interview = next(e for e in x.events if e.kind == "interview")
    assert (interview.label, interview.date, interview.participants) == (
        "Ilham Aliyev interview (NTV)",
        dt.date(2020, 10, 8),
        ["person/ilham-aliyev", "org/NTV_TR"],
    )
    # both sentences of the quote were said in that interview
    assert sorted(x.statements[i].evidence.sentence for i in interview.statements) == [
        4,
        5,
    ]  # the title is one sentence
    assert {e.kind for e in x.events} == {"interview", "clash", "conflict"}


def test_places_are_labelled_in_english_with_their_local_names(seed_built: Built) -> None:
    """The seed's districts read Fuzuli, Jabrayil and Khojavend in every view; their ISO 3166-2 names
    (Füzuli, Cəbrayıl, Xocavənd) are alternative labels tagged with their language."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS, SKOS

    g = seed_built.graph
    for code, english, local in (("AZ-FUZ", "Fuzuli", "Füzuli"), ("AZ-CAB", "Jabrayil", "Cəbrayıl"),
                                 ("AZ-XVD", "Khojavend", "Xocavənd")):  # fmt: skip
        node = URIRef(f"https://w3id.org/kg-news/id/region/{code}")
        assert g.value(node, RDFS.label) == Literal(english)
        assert g.value(node, SKOS.prefLabel) == Literal(english, lang="en")
        assert Literal(local, lang="az") in set(g.objects(node, SKOS.altLabel))


def test_date_dependent_decisions_say_their_date(seed_built: Built) -> None:
    """'the Azerbaijani president' resolved to Ilham Aliyev as of the article's date: the assertion
    and the mention record that date."""
    import datetime as dt

    from rdflib import Literal
    from rdflib.namespace import XSD

    from kg.namespace import KGO

    g = seed_built.graph
    dates = set(g.objects(None, KGO.asOf))
    assert dates == {Literal(dt.date(2020, 10, 9), datatype=XSD.date)}
