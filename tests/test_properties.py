"""Property-based tests: whatever text users throw at kg, it gives an article or a clear error,
IRIs stay valid, and offsets stay true."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from kg import article, pipeline, rdf
from kg.errors import BadInput
from kg.linking import slug
from kg.validate import validate_graph

ODD = st.sampled_from(
    [
        "\u201c",
        "\u201d",
        "\u2019",
        "\u200f",
        "\u202e",
        "\u00e9",
        "\u0259",
        "\U0001f600",
        "\u0000",
        "\r",
        "\ufeff",
        "<",
        ">",
        '"',
        "{",
        "}",
        "|",
        "\\",
        "^",
        "`",
    ]
)
NAMES = st.lists(
    st.one_of(
        st.sampled_from(["Aliyev", "Baku", "Armenia", "President", "said", "Dr.", "Ankara"]),
        ODD,
        st.text(min_size=1, max_size=6),
    ),
    min_size=1,
    max_size=12,
).map(" ".join)


@given(st.text(max_size=300))
def test_from_text_gives_article_or_clear_error(text: str) -> None:
    try:
        art = article.from_text(text)
    except BadInput as exc:
        assert str(exc).startswith("<text>: the article ")
        return
    assert art.text.strip()
    assert "\r" not in art.text


@given(st.text(max_size=80))
def test_slug_is_iri_safe(text: str) -> None:
    s = slug(text)
    assert s and all(c.isascii() and (c.isalnum() or c == "-") for c in s)
    URIRef(f"https://w3id.org/kg-news/id/person/{s}")  # must not raise


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NAMES)
def test_odd_unicode_builds_a_conforming_graph(name: str) -> None:
    text = f"President {name} said Azerbaijan and Armenia met in Baku. {name} spoke."
    art = article.from_text(text, date="2020-10-09")
    x = pipeline.extract(art)
    for ent in x.entities.values():
        for m in ent.mentions:
            assert art.text[m.start : m.end] == m.text
    report = validate_graph(rdf.merged_view(rdf.to_dataset(x)))
    assert report.conforms, report.text()
