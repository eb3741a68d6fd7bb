"""Evaluation: score what the extractor writes against gold-annotated articles (../shared/corpus/FORMAT.md).

The system's output is the graph kg writes for the article (kg.rdf), not an internal list: every entity
node of that graph counts, an event or place with no mention in the text too.
- Entities: a system entity matches a gold entity when the types are equal and they share a surface form
  (folded: case, diacritics, curly quotes, runs of spaces, a leading article): the node's labels or any
  mention linked to it, against the gold name or any gold mention. One to one (maximum bipartite matching).
- Relations: subject and object match as above, the predicate is the gold predicate;
  in_conflict_with and negotiates_with in either direction; for attacks and captures the actor
  may be the gold actor or the state the gold actor is part_of. Every kgo:Assertion counts, whoever claims it.
- Statements: the speaker matches and the statement's source span lies in the gold evidence sentence.
Scores are reported micro-averaged, per type or predicate, per document and per genre (gold meta.genre).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Dataset, Graph
from rdflib.namespace import SKOS

from kg import article as article_mod
from kg import nlp, pipeline, rdf
from kg.errors import BadInput
from kg.kb import fold
from kg.model import Extraction
from kg.namespace import KGO
from kg.rdf import IRI_PREDICATE

SYMMETRIC = {"in_conflict_with", "negotiates_with"}
ACTOR_VIA_PART_OF = {"attacks", "captures"}


@dataclass
class Counts:
    """True positives, false positives and false negatives of one kind of item."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        """Add another count to this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def scores(self) -> dict[str, float | int]:
        """Precision, recall, F1 and the counts."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class DocScore:
    """The counts of one document, by type, predicate and for statements, with the unmatched items."""

    id: str
    genre: str = "unknown"
    entities: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    relations: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    statements: Counts = field(default_factory=Counts)
    qid_total: int = 0
    qid_correct: int = 0
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def load_gold(path: Path) -> dict[str, Any]:
    """A gold file of the corpus format, checked for its required fields."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"{path}: not a readable gold JSON file ({exc})") from exc
    for key in ("text", "entities", "relations", "statements"):
        if key not in data:
            raise BadInput(f"{path}: gold file lacks the '{key}' field (see the corpus FORMAT.md)")
    return data


_ARTICLE = re.compile(r"^(?:the|a|an) ")


def _forms(names: list[str] | set[str]) -> set[str]:
    """Folded surface forms: case, diacritics, curly quotes, runs of spaces, a leading article."""
    return {_ARTICLE.sub("", fold(n)) for n in names if n}


def _match(left: dict[str, set[str]], right: dict[str, set[str]], ok: Any) -> dict[str, str]:
    """Maximum one-to-one matching of left ids to right ids where ok(l, r) (augmenting paths, in the
    order the ids come: the same input gives the same matching, whatever the hash seed)."""
    adjacent = {lk: [rk for rk in right if ok(lk, rk)] for lk in left}
    owner: dict[str, str] = {}  # right id -> left id

    def augment(lk: str, seen: set[str]) -> bool:
        for rk in adjacent[lk]:
            if rk in seen:
                continue
            seen.add(rk)
            if rk not in owner or augment(owner[rk], seen):
                owner[rk] = lk
                return True
        return False

    for lk in left:
        augment(lk, set())
    return {lk: rk for rk, lk in owner.items()}


@dataclass
class SysEntity:
    """An entity node of the system's graph: its type, label and every surface form."""

    type: str
    label: str
    forms: set[str]
    qid: str | None


@dataclass
class SysRelation:
    """A relation triple of the system's graph, with the sentence it was read from."""

    subject: str
    predicate: str
    object: str
    sentence: str


@dataclass
class SysStatement:
    """A statement of the system's graph: its speaker and source span."""

    speaker: str
    start: int
    end: int
    sentence: str


@dataclass
class SystemView:
    """What a graph says, in the terms of the gold format: entity nodes, relation triples, statements."""

    entities: dict[str, SysEntity]
    relations: list[SysRelation]
    statements: list[SysStatement]


# the most specific of kg's classes wins when a node carries several (a Leader is also a Person)
_CLASS_ORDER = ["Leader", "UNResolution", "State", "Settlement", "Region", "Event", "Organization", "Person"]


def view_of_graph(g: Graph | Dataset) -> SystemView:
    """Read entities, relations and statements back from a graph kg wrote (merged view or dataset)."""
    triples = g.triples((None, None, None)) if not isinstance(g, Dataset) else g.quads((None, None, None, None))
    by_subject: dict[Any, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        s, p, o = t[0], t[1], t[2]
        by_subject[s][p].append(o)
    classes = {KGO[c]: c for c in _CLASS_ORDER}
    entities: dict[str, SysEntity] = {}
    # in node order, values sorted: the view (and the matching on it) must not depend on hash order
    for node in sorted(by_subject, key=str):
        props = by_subject[node]
        types = [classes[t] for t in props.get(RDF.type, []) if t in classes]
        if not types:
            continue
        etype = min(types, key=_CLASS_ORDER.index)
        labels = [str(v) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for v in sorted(props.get(p, []))]
        qids = props.get(KGO.wikidataId, [])
        entities[str(node)] = SysEntity(
            etype, labels[0] if labels else str(node), set(labels), str(qids[0]) if qids else None
        )
    relations: list[SysRelation] = []
    statements: list[SysStatement] = []
    seen: set[tuple[str, str, str]] = set()
    for node in sorted(by_subject, key=str):
        props = by_subject[node]
        types = props.get(RDF.type, [])
        if KGO.Mention in types:
            for ent in props.get(KGO.refersTo, []):
                if str(ent) in entities:
                    entities[str(ent)].forms |= {str(a) for a in props.get(KGO.anchorOf, [])}
        elif KGO.Assertion in types:
            s, p, o = (props.get(k, [None])[0] for k in (RDF.subject, RDF.predicate, RDF.object))
            if s is None or o is None or p not in IRI_PREDICATE:
                continue
            key = (str(s), IRI_PREDICATE[p], str(o))
            if key in seen or key[0] not in entities or key[2] not in entities:
                continue
            seen.add(key)
            anchor = props.get(KGO.anchorOf, [""])[0]
            relations.append(SysRelation(key[0], key[1], key[2], str(anchor)))
        elif KGO.Statement in types:
            speaker = props.get(KGO.speaker, [None])[0]
            begin, end = props.get(KGO.beginIndex, [None])[0], props.get(KGO.endIndex, [None])[0]
            if speaker is None or begin is None or end is None or str(speaker) not in entities:
                continue
            anchor = props.get(KGO.anchorOf, [""])[0]
            statements.append(SysStatement(str(speaker), int(begin), int(end), str(anchor)))
    statements.sort(key=lambda st: (st.start, st.speaker))
    return SystemView(entities, relations, statements)


def view_of_extraction(x: Extraction) -> SystemView:
    """The graph kg writes for an extraction, read back (what `kg build` puts in its files)."""
    return view_of_graph(rdf.to_dataset(x, run_time=_EPOCH))


_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def score_document(gold: dict[str, Any], system: Extraction | SystemView) -> DocScore:
    """Score one document: the graph kg writes for an extraction (or a graph read back) against its gold."""
    view = system if isinstance(system, SystemView) else view_of_extraction(system)
    meta = gold.get("meta") or {}
    ds = DocScore(id=str(gold.get("id", "?")), genre=str(meta.get("genre") or "unknown"))
    ents = view.entities
    # entities ------------------------------------------------------------------------------
    gold_ents = {e["name"]: e for e in gold["entities"]}
    gforms = {n: _forms([n, *e.get("mentions", [])]) for n, e in gold_ents.items()}
    sforms = {k: _forms([e.label, *e.forms]) for k, e in ents.items()}

    def ent_ok(sk: str, gn: str) -> bool:
        return ents[sk].type == gold_ents[gn]["type"] and bool(sforms[sk] & gforms[gn])

    matched = _match(sforms, gforms, ent_ok)
    for sk, ent in ents.items():
        if sk in matched:
            ds.entities[ent.type].tp += 1
        else:
            ds.entities[ent.type].fp += 1
            ds.errors["entity_fp"].append(f"{ent.type}: {ent.label} {sorted(ent.forms - {ent.label})}")
    hit = set(matched.values())
    for gn, ge in gold_ents.items():
        if gn not in hit:
            ds.entities[ge["type"]].fn += 1
            ds.errors["entity_fn"].append(f"{ge['type']}: {gn} {ge.get('mentions', [])}")
        if ge.get("qid"):
            ds.qid_total += 1
            hit_key = next((s for s, g in matched.items() if g == gn), None)
            if hit_key and ents[hit_key].qid == ge["qid"]:
                ds.qid_correct += 1

    # which gold entities each system entity may stand for (not one to one, for relations)
    may = {sk: {gn for gn in gold_ents if ent_ok(sk, gn)} for sk in ents}
    part_of = defaultdict(set)
    for r in gold["relations"]:
        if r["predicate"] == "part_of":
            part_of[r["subject"]].add(r["object"])

    # relations -----------------------------------------------------------------------------
    # one relation per triple: the gold format lists several claimants on one relation
    sys_rel = {str(i): r for i, r in enumerate(view.relations)}
    gold_rel = {str(i): r for i, r in enumerate(gold["relations"])}

    def rel_ok(si: str, gi: str) -> bool:
        s, g = sys_rel[si], gold_rel[gi]
        if s.predicate != g["predicate"]:
            return False
        subj_ok = {g["subject"]}
        if g["predicate"] in ACTOR_VIA_PART_OF:
            subj_ok |= part_of.get(g["subject"], set())
        if may[s.subject] & subj_ok and g["object"] in may[s.object]:
            return True
        if g["predicate"] in SYMMETRIC:
            return g["subject"] in may[s.object] and g["object"] in may[s.subject]
        return False

    rmatch = _match({k: set() for k in sys_rel}, {k: set() for k in gold_rel}, rel_ok)
    for si, r in sys_rel.items():
        c = ds.relations[r.predicate]
        if si in rmatch:
            c.tp += 1
        else:
            c.fp += 1
            ds.errors["relation_fp"].append(
                f"{ents[r.subject].label} {r.predicate} {ents[r.object].label} | {r.sentence}"
            )
    rhit = set(rmatch.values())
    found = set().union(*may.values()) if may else set()
    for gi, g in gold_rel.items():
        if gi not in rhit:
            ds.relations[g["predicate"]].fn += 1
            # which argument the graph lacks altogether: an entity miss, not a relation-reading miss
            lacks = [role for role in ("subject", "object") if g[role] not in found]
            note = f" [no {' or '.join(lacks)}]" if lacks else ""
            ds.errors["relation_fn"].append(
                f"{g['subject']} {g['predicate']} {g['object']}{note} | {g.get('evidence', '')}"
            )

    # statements ----------------------------------------------------------------------------
    text = gold["text"]

    def spans_of(sentence: str) -> list[tuple[int, int]]:
        out, i = [], text.find(sentence)
        while i >= 0:
            out.append((i, i + len(sentence)))
            i = text.find(sentence, i + 1)
        return out

    gold_st = {str(i): (s, spans_of(s["evidence"])) for i, s in enumerate(gold["statements"])}
    sys_st = {str(i): s for i, s in enumerate(view.statements)}

    def st_ok(si: str, gi: str) -> bool:
        s = sys_st[si]
        g, spans = gold_st[gi]
        if g["speaker"] not in may[s.speaker]:
            return False
        return any(a <= s.start and s.end <= b for a, b in spans)

    smatch = _match({k: set() for k in sys_st}, {k: set() for k in gold_st}, st_ok)
    ds.statements.tp = len(smatch)
    ds.statements.fp = len(sys_st) - len(smatch)
    ds.statements.fn = len(gold_st) - len(smatch)
    for si, s in sys_st.items():
        if si not in smatch:
            ds.errors["statement_fp"].append(f"{ents[s.speaker].label} | {s.sentence}")
    shit = set(smatch.values())
    for gi, (g, _) in gold_st.items():
        if gi not in shit:
            ds.errors["statement_fn"].append(f"{g['speaker']} | {g['evidence']}")
    return ds


def gold_files(paths: list[str | Path]) -> list[Path]:
    """The gold JSON files of the given files and directories."""
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix == ".json"))
        elif p.exists():
            out.append(p)
        else:
            raise BadInput(f"{p}: no such file or directory")
    if not out:
        raise BadInput(f"no gold JSON files in {', '.join(map(str, paths))}")
    return out


def evaluate_paths(paths: list[str | Path], *, model: str = nlp.DEFAULT_MODEL) -> dict[str, Any]:
    """Build every gold file's text and score the graphs; the summary of summarize()."""
    docs = []
    for path in gold_files(paths):
        gold = load_gold(path)
        art = article_mod.from_text(
            gold["text"], title=gold.get("title"), date=gold.get("date"), source=str(gold.get("source") or path.name),
            path=str(path), name=str(path),
        )  # fmt: skip
        x = pipeline.extract(art, model=model)
        docs.append(score_document(gold, x))
    return summarize(docs)


def _totals(docs: list[DocScore]) -> dict[str, Counts]:
    e, r, st = Counts(), Counts(), Counts()
    for d in docs:
        for c in d.entities.values():
            e.add(c)
        for c in d.relations.values():
            r.add(c)
        st.add(d.statements)
    return {"entities": e, "relations": r, "statements": st}


def summarize(docs: list[DocScore]) -> dict[str, Any]:
    """Micro-averaged scores by type, predicate, genre and document, and QID accuracy."""
    ent_by: dict[str, Counts] = defaultdict(Counts)
    rel_by: dict[str, Counts] = defaultdict(Counts)
    qt = qc = 0
    for d in docs:
        for k, c in d.entities.items():
            ent_by[k].add(c)
        for k, c in d.relations.items():
            rel_by[k].add(c)
        qt += d.qid_total
        qc += d.qid_correct
    total = _totals(docs)
    genres: dict[str, list[DocScore]] = defaultdict(list)
    for d in docs:
        genres[d.genre].append(d)

    def doc_summary(d: DocScore) -> dict[str, Any]:
        t = _totals([d])
        return {
            "id": d.id,
            "genre": d.genre,
            "entities": t["entities"].scores(),
            "relations": t["relations"].scores(),
            "statements": t["statements"].scores(),
            "errors": {k: v for k, v in d.errors.items()},
        }

    return {
        "entities": {
            "micro": total["entities"].scores(),
            "by_type": {k: ent_by[k].scores() for k in sorted(ent_by)},
            "qid_accuracy": round(qc / qt, 4) if qt else None,
        },
        "relations": {
            "micro": total["relations"].scores(),
            "by_predicate": {k: rel_by[k].scores() for k in sorted(rel_by)},
        },
        "statements": {"micro": total["statements"].scores()},
        "genres": {
            g: {"documents": len(ds), **{k: c.scores() for k, c in _totals(ds).items()}}
            for g, ds in sorted(genres.items())
        },
        "documents": [doc_summary(d) for d in docs],
    }


def format_table(result: dict[str, Any]) -> str:
    """The summary as plain-text tables."""
    lines = []

    def row(name: str, s: dict[str, Any]) -> str:
        return f"  {name:<22} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}   {s['tp']:>4} {s['fp']:>4} {s['fn']:>4}"

    head = f"  {'':<22} {'P':>6} {'R':>6} {'F1':>6}   {'tp':>4} {'fp':>4} {'fn':>4}"
    lines.append("Documents")
    lines.append(f"  {'id':<40} {'genre':<13} {'ent F1':>7} {'rel F1':>7} {'stm F1':>7}")
    for d in result["documents"]:
        lines.append(
            f"  {d['id'][:40]:<40} {d['genre'][:13]:<13} {d['entities']['f1']:>7.3f} {d['relations']['f1']:>7.3f}"
            f" {d['statements']['f1']:>7.3f}"
        )
    lines.append("Genres (micro F1; P/R in --json)")
    lines.append(f"  {'genre':<22} {'docs':>5} {'ent F1':>7} {'rel F1':>7} {'stm F1':>7}")
    for g, s in result["genres"].items():
        lines.append(
            f"  {g:<22} {s['documents']:>5} {s['entities']['f1']:>7.3f} {s['relations']['f1']:>7.3f}"
            f" {s['statements']['f1']:>7.3f}"
        )
    lines.append("Entities by type")
    lines.append(head)
    for k, s in result["entities"]["by_type"].items():
        lines.append(row(k, s))
    lines.append(row("micro", result["entities"]["micro"]))
    q = result["entities"]["qid_accuracy"]
    lines.append(f"  QID accuracy: {q:.3f}" if q is not None else "  QID accuracy: n/a")
    lines.append("Relations by predicate")
    lines.append(head)
    for k, s in result["relations"]["by_predicate"].items():
        lines.append(row(k, s))
    lines.append(row("micro", result["relations"]["micro"]))
    lines.append("Statements")
    lines.append(head)
    lines.append(row("micro", result["statements"]["micro"]))
    return "\n".join(lines)


_ERROR_TITLES = {
    "entity_fn": "entities missed (gold, not in the graph)",
    "entity_fp": "entities not in the gold",
    "relation_fn": "relations missed (gold: subject predicate object | evidence)",
    "relation_fp": "relations not in the gold (subject predicate object | sentence)",
    "statement_fn": "statements missed (gold: speaker | evidence)",
    "statement_fp": "statements not in the gold (speaker | sentence)",
}


def format_errors(result: dict[str, Any]) -> str:
    """Every unmatched gold and system item of every document, with its sentence."""
    lines: list[str] = []
    for d in result["documents"]:
        if not any(d["errors"].values()):
            continue
        lines.append(f"== {d['id']} ({d['genre']})")
        for key, title in _ERROR_TITLES.items():
            items = d["errors"].get(key) or []
            if items:
                lines.append(f"  -- {title}: {len(items)}")
                lines.extend(f"     {item}" for item in items)
    return "\n".join(lines)
