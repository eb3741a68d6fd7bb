"""Fuzzing in the suite: generated articles (real sentences, templates with names from the news,
random Unicode, odd names, quotes, numbers) are built without a crash, every span lies inside its
sentence, and every graph conforms to the shapes. scripts/fuzz.py runs the same for 10,000.

Below, one regression test per bug the fuzzing found, with its minimal input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from .strategies import articles, build

FUZZ = settings(derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@settings(FUZZ, max_examples=200)
@given(articles(paragraphs=2, sentences=2))
def test_spans_stay_inside_their_sentence(case: tuple[str, str | None]) -> None:
    out = build(*case, validate=False)
    assert out.refused is None
    assert out.problems == []


@settings(FUZZ, max_examples=30)
@given(articles(paragraphs=1, sentences=2))
def test_graphs_conform(case: tuple[str, str | None]) -> None:
    out = build(*case)
    assert out.refused is None
    assert out.problems == []


# ---- regressions (inputs from the fuzz runs, reduced by hand)


@pytest.mark.parametrize(
    "text",
    [
        "Title\nSecurity Council (UNSC) and two U.N.\n\nJoe Biden said Iran shelled Baku.",  # the parser split 'Joe | Biden'
        "Solution possible if Nagorno-Karabakh is given back to Azerbaijan, President Aliyev says\nHe spoke.",
    ],
)
def test_a_name_split_by_the_parser_stays_in_one_sentence(text: str) -> None:
    out = build(text, None, validate=False)
    assert out.problems == []
    assert out.extraction is not None
    assert [s.text for s in out.extraction.sentences][1] == text.splitlines()[1]


def test_an_entity_does_not_take_the_line_break_after_it() -> None:
    out = build("Title\nal- Aliyev Ankara j\U0009fe30\nc Aliyev said.", None, validate=False)
    assert out.problems == []


def test_in_a_settlement_in_a_settlement_is_no_located_in() -> None:
    out = build("Title\nFighting in Shusha, in Stepanakert.", "2020-10-09")
    assert out.problems == []


def test_a_bracket_inside_a_token_of_a_name_does_not_crash() -> None:
    # fuzz run of 10,000 (seed 20261201): ten crashes, all here: a '(' inside a token ('2(Ø') of an NER name
    text = (
        "Title\nReferencing this fact, four U.N.\n> \x8c \x0cÛÌ¬SM\x98\U0005ac45 @]é\x8c2(Ø\U0006ecfe General Assembly "
        "(UNGA) resolutions, as well as decisions by many international organizations, demand that Armenia's "
        "occupying forces withdraw from Nagorno-Karabakh and seven other occupied regions of Azerbaijan."
    )
    out = build(text, None)
    assert out.refused is None
    assert out.problems == []


def test_a_relations_evidence_never_takes_the_line_break_after_its_sentence() -> None:
    # fuzz run of 10,000 (seed 20261201, after the bracket fix): seven leader_of evidences ran one
    # character past a title line ('Armenia President ...\n')
    out = build("Armenia President \x8b\x8d\U0008cf8bÿ5¬ ¨ª뺿á\nHe spoke.", "0300-07-03", validate=False)
    assert out.problems == []


def test_a_weekday_in_an_article_dated_on_the_calendars_first_day_does_not_crash() -> None:
    # fuzz run of 10,000 (seed 77): two crashes, both an OverflowError going back from 0001-01-01 to the
    # Thursday before it
    text = (
        "Solution possible if Nagorno-Karabakh is given back to Azerbaijan, President Aliyev says\nG"
        "eneral Assembly (UNGA) resolutions, as well as decisions by many international organizatio"
        "ns, demand that Armenia's occupying forces withdraw from Nagorno-Karabakh and seven other "
        "occupied regions of Azerbaijan. Volodymyr Zelensky arrived in North Kivu from Donbas. Azer"
        "baijani Prime Minister Arayik Harutyunyan said that Serbia condemned Western Sahara on Aug"
        ". 31, 2026. 246 soldiers were killed near Kyiv, NATO said.\nFuzuli, the capital of Morocco,"
        " was shelled. Security Aliyev said in an interview on NTV Thursday. 2102 It is a treasure "
        'to have an ally like Turkey, we are very pleased,"\nIlham Aliyev said Iran condemned Stepan'
        "akert."
    )
    out = build(text, "0001-01-01")
    assert out.refused is None
    assert out.problems == []
