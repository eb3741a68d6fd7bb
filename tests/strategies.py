"""Hypothesis strategies for whole articles, and the checks every built article must pass.

Shared by tests/test_fuzz.py (a few hundred cases in the suite) and scripts/fuzz.py (10,000 on
demand). Articles are built from the sample article's real sentences, sentence templates filled
with names from the news (states, leaders, places, organizations), random Unicode, odd names,
quotes and numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from kg import article, pipeline, rdf
from kg.errors import BadInput
from kg.model import Extraction
from kg.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent
_SEED = (ROOT / "data" / "seed-article.txt").read_text(encoding="utf-8")
REAL = [s.strip() for s in re.split(r"(?<=[.!?\"\u201d])\s+|\n+", _SEED) if len(re.findall(r"[A-Za-z]+", s)) >= 3]

STATES = ["Azerbaijan", "Armenia", "Turkey", "Russia", "Ukraine", "France", "the United States", "Sudan", "China",
          "Iran", "Georgia", "Niger", "Morocco", "the Philippines", "Kosovo", "Serbia"]  # fmt: skip
DEMONYMS = ["Azerbaijani", "Armenian", "Turkish", "Russian", "Ukrainian", "French", "American", "Sudanese", "Chinese"]
LEADERS = ["Ilham Aliyev", "Nikol Pashinyan", "Recep Tayyip Erdogan", "Vladimir Putin", "Volodymyr Zelensky",
           "Emmanuel Macron", "Joe Biden", "Antonio Guterres", "Arayik Harutyunyan", "Lloyd Austin"]  # fmt: skip
PLACES = ["Baku", "Yerevan", "Ankara", "Moscow", "Kyiv", "Goma", "El Fasher", "Stepanakert", "Shusha", "Fuzuli",
          "Jabrayil", "Hadrut", "Agadez", "Banjska", "Crimea", "Nagorno-Karabakh", "Darfur", "Western Sahara",
          "North Kivu", "Donbas"]  # fmt: skip
ORGS = ["the UN Security Council", "NATO", "the European Union", "the OSCE Minsk Group", "the United Nations",
        "the Ministry of Defense of Armenia", "the Azerbaijani army", "the African Union", "Reuters", "NTV"]  # fmt: skip
ROLES = ["President", "Prime Minister", "Foreign Minister", "spokesman", "Defense Minister"]
VERBS = ["captured", "liberated", "attacked", "shelled", "occupies", "supports", "condemned", "visited"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
ODD = ["\u201c", "\u201d", "\u2019", "\u200f", "\u202e", "\u00e9", "\u0259", "\U0001f600", "\ufeff", "<", ">", '"',
       "{", "}", "|", "\\", "^", "`", "&", "\u00a0", "\u2028", "'", "(", ")", "\u2014"]  # fmt: skip

TEMPLATES = [
    "{leader} said {state} {verb} {place}.",
    "{demonym} {role} {leader} said that {state} {verb} {place} on {date}.",
    '"{words}," {leader} told {org} on {date}.',
    "\u201c{words}\u201d, said {leader}, the {role} of {state}.",
    "{place} is located in {place2}, and {place2} is located in {place}.",
    "{place} lies in {place2}.",
    "{state} and {state2} signed an agreement in {place} on {date}.",
    "{org} demanded that {state} withdraw its forces from {place}.",
    "{org} adopted resolution {n}, which demands the withdrawal of {demonym} forces from {place}.",
    "{n} soldiers were killed near {place}, {org} said.",
    "{leader} ({role}) met {leader2} in {place}; they discussed {place2}.",
    "According to {org}, {state} occupies {place}.",
    '{state}\'s {role}, {leader}, said: "{words}"',
    "{leader} said {leader2} is the {role} of {state2}.",
    "On {date}, {state} attacked {state2}.",
    "{place}, the capital of {state}, was shelled.",
    "Shelling was reported in {place}, {place2}, on {date}.",
    "{leader} arrived in {place} from {place2}.",
]
# templates that met an extraction bug recorded earlier (tests/test_fuzz.py, now fixed and a plain
# regression test): the long run (scripts/fuzz.py) still mixes them in, the suite leaves them out
KNOWN_BUG_TEMPLATES = [
    "Fighting in {place}, in {place2}.",  # two settlements: the second is 'located in' the first (rule in-place-in-place)
]

NAME = st.lists(
    st.one_of(
        st.sampled_from(["Aliyev", "Baku", "Armenia", "President", "said", "Dr.", "Ankara", "al-", "O'Brien", "Mc"]),
        st.sampled_from(ODD),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=4,
).map(" ".join)
WORDS = st.one_of(
    st.sampled_from(["We will not give up", "Karabakh is Azerbaijan", "the ceasefire holds", "no comment"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40),
)
DATE = st.builds(lambda m, d, y: f"{m} {d}, {y}", st.sampled_from(MONTHS), st.integers(1, 31), st.integers(1990, 2026))


@st.composite
def sentence(draw: st.DrawFn, known_bugs: bool = False) -> str:
    kind = draw(st.integers(0, 9))
    if kind <= 3:
        return draw(st.sampled_from(REAL))
    if kind == 4:  # random Unicode, names and numbers around a real sentence
        return f"{draw(NAME)} {draw(st.sampled_from(REAL))} {draw(st.integers(-(10**6), 10**9))}"
    template = draw(st.sampled_from(TEMPLATES + KNOWN_BUG_TEMPLATES if known_bugs else TEMPLATES))
    leader = draw(st.one_of(st.sampled_from(LEADERS), NAME)) if kind == 9 else draw(st.sampled_from(LEADERS))
    return template.format(
        leader=leader,
        leader2=draw(st.sampled_from(LEADERS)),
        state=draw(st.sampled_from(STATES)),
        state2=draw(st.sampled_from(STATES)),
        demonym=draw(st.sampled_from(DEMONYMS)),
        role=draw(st.sampled_from(ROLES)),
        verb=draw(st.sampled_from(VERBS)),
        place=draw(st.sampled_from(PLACES)),
        place2=draw(st.sampled_from(PLACES)),
        org=draw(st.sampled_from(ORGS)),
        words=draw(WORDS),
        date=draw(DATE),
        n=draw(st.integers(0, 3000)),
    )


@st.composite
def articles(
    draw: st.DrawFn, paragraphs: int = 4, sentences: int = 4, known_bugs: bool = False
) -> tuple[str, str | None]:
    """(text, date): a title line, then paragraphs of sentences."""
    one = sentence(known_bugs)
    body = draw(st.lists(st.lists(one, min_size=1, max_size=sentences).map(" ".join), min_size=1, max_size=paragraphs))
    title = draw(st.one_of(st.sampled_from(REAL[:3]), NAME, one))
    date = draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n"]))
    return title + "\n" + sep.join(body), date


@dataclass
class Outcome:
    """What building one article gave: its extraction, and every problem found."""

    extraction: Extraction | None = None
    refused: str | None = None  # a clear BadInput: acceptable only for input that is no article
    problems: list[str] = field(default_factory=list)


def spans_outside(x: Extraction) -> list[str]:
    """Every mention, relation and statement span that does not lie inside its sentence."""
    out: list[str] = []
    text = x.article.text
    sents = x.sentences

    def check(kind: str, sentence: int, start: int, end: int) -> None:
        if not 0 <= sentence < len(sents):
            out.append(f"{kind} [{start}:{end}] names sentence {sentence} of {len(sents)}")
            return
        s = sents[sentence]
        if not (s.start <= start <= end <= s.end):
            out.append(f"{kind} [{start}:{end}] {text[start:end]!r} is outside sentence {sentence} [{s.start}:{s.end}]")

    for ent in x.entities.values():
        for m in ent.mentions:
            check(f"mention of {ent.key}", m.sentence, m.start, m.end)
            if text[m.start : m.end] != m.text:
                out.append(
                    f"mention of {ent.key} [{m.start}:{m.end}] records {m.text!r}, the text has {text[m.start : m.end]!r}"
                )
    for r in x.relations:
        check(f"{r.predicate}({r.subject}, {r.object})", r.evidence.sentence, r.evidence.start, r.evidence.end)
    for st_ in x.statements:
        check(f"statement of {st_.speaker}", st_.evidence.sentence, st_.evidence.start, st_.evidence.end)
    return out


def build(text: str, date: str | None, *, validate: bool = True) -> Outcome:
    """Read, extract and (optionally) validate one article, collecting problems instead of raising."""
    try:
        art = article.from_text(text, date=date, source="fuzz")
    except BadInput as exc:
        return Outcome(refused=str(exc))
    x = pipeline.extract(art)
    outcome = Outcome(extraction=x, problems=spans_outside(x))
    if validate:
        report = validate_graph(rdf.merged_view(rdf.to_dataset(x)))
        if not report.conforms:
            outcome.problems.append(report.text())
    return outcome
