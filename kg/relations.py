"""Relations stage: who attacks, captures, occupies, supports, demands, negotiates with or is a member of
whom, which places lie where, and what the knowledge base adds to what a sentence names.

Input: the parsed doc, the Extraction with its entities and statements, the Linked token->entity map,
the knowledge base and the Attribution (which statement's words claim which tokens). Output: Relation
records appended to the Extraction, each the claim of the speaker whose words hold its cue, else the
narrator's.

The grammar is data (kg/lexicon/relations.json): trigger patterns (a verb or noun, and the roles of the
parse where its subject and object stand), place sequences (regular expressions over the words between
two mentions), and the rule classes of world-knowledge completion. This module interprets them; a
relation's types and direction are checked before it is kept (two places never lie in each other).
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.attribution import Attribution
from kg.kb import KnowledgeBase, fold, in_term
from kg.lexicon import lexicon
from kg.linking import Linked
from kg.model import EntityType, Evidence, Extraction, Relation

TYPE_NAMES = {t.value: t for t in EntityType}
PLACES = {EntityType.REGION, EntityType.SETTLEMENT}
AGENTS = {EntityType.STATE, EntityType.LEADER, EntityType.PERSON, EntityType.ORGANIZATION}
# the kinds of organization that belong to a state (an armed group's 'state' is only where it fights)
MISSIONS = frozenset({"un_mission", "igo_mission"})
STATE_ORGANS = frozenset(
    """armed_forces armed_forces_branch police intelligence legislature election_commission government ministry
    un_organ un_body un_mission un_agency regional_organ igo_mission""".split()
)


@functools.lru_cache(maxsize=1)
def grammar() -> dict[str, Any]:
    """kg/lexicon/relations.json with lookup tables added."""
    text = (importlib.resources.files("kg.lexicon") / "relations.json").read_text(encoding="utf-8")
    g: dict[str, Any] = json.loads(text)
    named = {k: {TYPE_NAMES[t] for t in v} for k, v in g["types"].items()}

    def types(spec: str | list[str]) -> set[EntityType]:
        return named[spec] if isinstance(spec, str) else {TYPE_NAMES[t] for t in spec}

    by_verb: dict[str, list[dict[str, Any]]] = {}
    by_noun: dict[str, list[dict[str, Any]]] = {}
    for p in g["patterns"]:
        p["_subject_types"] = types(p["subject_types"])
        p["_object_types"] = types(p["object_types"])
        trig = p["trigger"]
        if trig["pos"] == "verb":
            for lemma in trig["lemmas"]:
                by_verb.setdefault(lemma, []).append(p)
        elif trig["pos"] == "adp":
            for w in trig["words"]:
                by_noun.setdefault(f"adp:{w}", []).append(p)
        else:
            for w in trig["words"]:
                by_noun.setdefault(w, []).append(p)
    g["_by_verb"], g["_by_noun"] = by_verb, by_noun
    g["_governors"] = {k: set(v) for k, v in g["governors"].items() if k != "comment"}
    g["_generic_heads"] = frozenset(g["generic_heads"]["words"])
    g["_sovereign"] = frozenset(g["sovereign_attributes"]["words"])
    g["collective_subjects"]["lemmas"] = frozenset(g["collective_subjects"]["lemmas"])
    g["_victim_verbs"] = frozenset(g["victim_verbs"]["lemmas"])
    for rule in g["sequences"]["rules"]:
        rule["_re"] = re.compile(rule["between"])
        rule["_first"] = types(rule["first"]) if rule["first"] != "place" else PLACES
        rule["_second"] = types(rule["second"]) if rule["second"] != "place" else PLACES
    return g


def hypothetical(tok: Token) -> bool:
    """Inside an if-clause, or a conditional, modal or negated verb, or under a verb of intending or
    denying: no fact."""
    lex = lexicon()
    if tok.lower_ in lex["negation"]:
        return True
    if tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in lex["factual_noun_modifiers"] for c in tok.children):
        return False  # 'wants to isolate Hamas in its ongoing fight': the fight is asserted, whatever may be done
    child = tok
    for anc in [tok, *tok.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in anc.children):
            return True
        if anc.lemma_.lower() in lex["irrealis_verbs"] and anc.i != tok.i and child.dep_ not in ("nsubj", "nsubjpass"):
            return True  # 'denied targeting', 'offered to host negotiations': not (yet) a fact
        if anc.dep_ in ("relcl", "appos"):
            break  # 'refuge within X, which was retaken': a relative clause asserts on its own
        child = anc
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for c in verb.children:
        if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in ("would", "could", "might")):
            return True
        if (
            tok.i == verb.i
            and c.dep_ == "advcl"
            and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
        ):
            return True
    return False


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl") and any(c.dep_ == "agent" for c in verb.children)
    )


class Reader:
    """Reads the relations of one article."""

    def __init__(self, doc: Doc, x: Extraction, linked: Linked, kb: KnowledgeBase, att: Attribution) -> None:
        self.doc, self.x, self.linked, self.kb, self.att = doc, x, linked, kb, att
        self.g = grammar()
        self.sentence: int = 0
        self.trigger: Token | None = None
        self.pattern: dict[str, Any] | None = None
        self.exclude: set[str] = set()  # what a pronoun may not refer to (the other argument)
        self.sents: list[tuple[int, Span]] = []
        for s in x.sentences:
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is not None:
                self.sents.append((s.index, span))

    # ---- entities of the parse ---------------------------------------------------------------
    def ent(self, tok: Token) -> str | None:
        """The entity a token is part of a mention of."""
        return self.linked.token_entity.get(tok.i)

    def etype(self, key: str) -> EntityType:
        """The type of an entity of the article."""
        return self.x.entities[key].type

    def np(self, tok: Token, depth: int = 0) -> list[str]:
        """The entities a noun phrase headed by tok names: itself and its conjuncts, a pronoun's
        referent, an appositive, or (for a generic head) the names inside it ('targets in Pakistan')."""
        out: list[str] = []
        for t in [tok, *tok.conjuncts]:
            for k in self._np1(t, depth):
                if k not in out:
                    out.append(k)
            # 'Thai and Cambodian soldiers': each coordinated modifier names its own
            for c in t.children:
                if c.dep_ in ("amod", "compound", "nmod") and c.conjuncts and self.ent(t) is not None:
                    for m in [c, *c.conjuncts]:
                        named = self.ent(m)
                        if named is not None and named not in out:
                            out.append(named)
        return out

    def _np1(self, tok: Token, depth: int) -> list[str]:
        if depth > 3:
            return []
        k = self.ent(tok)
        if k is not None:
            if self.etype(k) is EntityType.UN_RESOLUTION:
                # 'four UNSC and two UNGA resolutions': every group of the phrase
                groups = [r for t in tok.subtree if (r := self.ent(t)) and self.etype(r) is EntityType.UN_RESOLUTION]
                return list(dict.fromkeys(groups))
            return [k]
        low = tok.lower_
        if low in self.g["conflict_sides"]["words"] and any(
            c.lower_ in ("the", "both", "two") for c in tok.children if c.dep_ in ("det", "nummod", "predet", "amod")
        ):
            return self._sides()
        if low in ("which", "that", "who", "whom") and tok.head.dep_ in ("relcl", "acl") and tok.head.head.i != tok.i:
            return self.np(tok.head.head, depth + 1)  # 'Banjska Monastery, which was retaken'
        if low in ("he", "she", "it", "they", "his", "her", "its", "their", "them", "him"):
            return self._pronoun(tok)
        if low in ("we", "our", "us", "i") and tok.text != "US":
            voice = self.att.voice
            if voice is not None and self.sentence in voice.body:
                return list(voice.authors)
            return []
        if low in self.g["_sovereign"]:
            # 'its airspace', "Pakistan's territory", 'Pakistani territory': the state they are
            for c in tok.children:
                if c.dep_ in ("poss", "amod", "compound"):
                    found = self.np(c, depth + 1) if c.dep_ == "poss" else ([k] if (k := self.ent(c)) else [])
                    if found:
                        return found
        heads = self.g["_generic_heads"]
        listing = low in heads or tok.lemma_.lower() in heads or low in ("enclave", "exclave", "peninsula", "forces")
        listing = listing and not any(c.dep_ == "poss" for c in tok.children)  # "Guyana's position including ..."
        for c in tok.children:
            if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ == "including" and listing):
                # 'the breakaway enclave, including its capital Stepanakert'
                targets = [c] if c.dep_ == "appos" else [p for p in c.children if p.dep_ == "pobj"]
                for t in targets:
                    found = self.np(t, depth + 1)
                    if found:
                        return found
        generic = low in heads or tok.lemma_.lower() in heads or low in ("militaries", "military", "forces")
        if generic:
            # 'villages in Fuzuli, Jabrayil, Khojavend regions': the names that modify a generic head
            named = [k for c in tok.children if c.dep_ in ("compound", "nmod") for t in c.subtree if (k := self.ent(t))]
            if named:
                return list(dict.fromkeys(named))
            # 'the militaries of the United States', 'targets in Pakistan', 'facilities used by Houthi rebels'
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "in", "inside", "across", "near", "from"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            # every name in the phrase: 'targets in Pakistan and Pakistan-administered Kashmir'
                            found = [k for t in p.subtree if (k := self.ent(t))]
                            if found:
                                return list(dict.fromkeys(found))
                if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in (
                    "use",
                    "hold",
                    "occupy",
                    "control",
                    "belong",
                    "run",
                ):
                    for a in c.children:
                        if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ in ("by", "to")):
                            for p in a.children:
                                if p.dep_ == "pobj":
                                    return self.np(p, depth + 1)
            return []
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod"):
                k = self.ent(c)
                if k is not None:
                    return [k]
        return []

    def _sides(self) -> list[str]:
        """'both parties', 'the two sides': the two sides of the conflict the article has read so far."""
        for r in self.x.relations:
            if r.predicate == "in_conflict_with" or (
                r.predicate == "attacks"
                and any(
                    q.predicate == "attacks" and (q.subject, q.object) == (r.object, r.subject)
                    for q in self.x.relations
                )
            ):
                return [r.subject, r.object]
        return []

    def _pronoun(self, tok: Token) -> list[str]:
        """'its', 'their': the nearest state or organization before it in the sentence, else the
        discourse's referent as of the sentence."""
        sent = tok.sent
        person = tok.lower_ in ("he", "she", "his", "her", "him")
        want = {EntityType.PERSON, EntityType.LEADER} if person else {EntityType.STATE, EntityType.ORGANIZATION}
        # the subject of the clause, when it agrees ('Armenia began its assault')
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i:
                k = self.ent(c)
                if k and self.etype(k) in want and k not in self.exclude:
                    return [k]
        if tok.dep_ in ("nsubj", "nsubjpass"):
            # a subject pronoun of a dependent clause is the subject of the clause it hangs on ('Moscow
            # controls 20% of Ukraine's territory, including Crimea, which it annexed in 2014')
            head = verb
            for _ in range(6):
                if head.head.i == head.i:
                    break
                head = head.head
                if head.pos_ not in ("VERB", "AUX"):
                    continue
                subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                k = self.ent(subj) if subj is not None else None
                if k and self.etype(k) in want and k not in self.exclude:
                    return [k]
                if subj is not None:
                    break
        before = [self.ent(t) for t in self.doc[sent.start : tok.i]]
        near = [k for k in before if k and self.etype(k) in want and k not in self.exclude]
        if near:
            return [near[-1]]
        if self.att.discourse is not None:
            return self.att.discourse.resolve(tok.lower_, self.sentence)
        return []

    def subtree_entities(self, tok: Token) -> list[str]:
        """The entities of a phrase: its head's, else the first names inside it (not inside a clause)."""
        found = self.np(tok)
        if found:
            return found
        out: list[str] = []
        stack = [tok]
        while stack:
            t = stack.pop(0)
            if t.dep_ in ("relcl", "acl", "advcl", "ccomp") and t is not tok:
                continue
            if t.dep_ == "prep" and t.lower_ not in ("of", "in", "inside", "near", "at") and t is not tok:
                continue  # 'missions against Islamic State': not what the missions are
            k = self.ent(t)
            if k and k not in out:
                out.append(k)
                continue
            stack.extend(t.children)
        return out

    # ---- roles -------------------------------------------------------------------------------
    def role(self, name: str, trig: Token) -> list[str]:
        """The entities standing in a named role of the parse around a trigger (see relations.json)."""
        kind, _, arg = name.partition(":")
        fn: Callable[[Token, str], list[str]] | None = getattr(self, f"_role_{kind}", None)
        if fn is None:
            raise ValueError(f"relations.json: unknown role {name!r}")
        return fn(trig, arg)

    def _verb_subject(self, verb: Token) -> Token | None:
        head = verb
        for _ in range(4):
            for c in head.children:
                if c.dep_ in ("nsubj", "csubj"):
                    return c
            if head.dep_ in ("xcomp", "conj", "pcomp", "advcl", "acomp") and head.head.i != head.i:
                head = head.head  # 'Russia was ready to continue negotiations': 'ready' is the subject's
                continue
            if head.dep_ in ("acl", "relcl") and head.head.i != head.i:
                return head.head
            if (
                head.dep_ == "prep"
                and head.pos_ == "ADP"
                and head.head.pos_ in ("VERB", "AUX")
                and head.head.i != head.i
                and not any(c.dep_ == "dobj" for c in head.head.children)
            ):
                # 'troops succeeded in pushing Boko Haram out': the gerund's subject is the verb's ('accused
                # Russia of shelling' is its object's)
                head = head.head
                continue
            break
        return None

    def _role_subj(self, trig: Token, _: str) -> list[str]:
        if _passive(trig):
            for c in trig.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return self.np(p)
            return []
        subj = self._verb_subject(trig)
        if subj is None:
            return []
        found = self.np(subj)
        if not found:
            found = self._listed_subject(trig, subj)
        if not found and (
            subj.dep_ == "nsubj" and subj.head.dep_ == "acl" or trig.dep_ == "acl" and subj.i == trig.head.i
        ):
            # 'its commitments to defend the ROK': whose commitments
            found = [k for c in subj.children if c.dep_ == "poss" for k in self.np(c)]
        return found

    def _role_target_in(self, trig: Token, _: str) -> list[str]:
        """'attacks on civilian settlements in the disputed region': a target named only by a common noun
        is the place its 'in' phrase names."""
        for prep in trig.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("on", "against", "at"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj" or self.subtree_entities(pobj):
                    continue
                for inner in [*pobj.children, *trig.children]:
                    if inner.dep_ == "prep" and inner.lower_ == "in":
                        found = [k for k in self.subtree_entities(inner) if self.etype(k) in PLACES]
                        if found:
                            return found[:1]
        return []

    def _role_accused(self, trig: Token, _: str) -> list[str]:
        """'Armenia accused Azerbaijan of attacks on ...': the object of an accusation verb whose 'of' or
        'for' phrase holds the trigger (relations.json 'accusation_verbs')."""
        section = self.g["accusation_verbs"]
        tok = trig
        for _step in range(6):
            head = tok.head
            if head.i == tok.i:
                return []
            if head.pos_ == "VERB" and head.lemma_.lower() in section["lemmas"]:
                came_through = next((t for t in head.children if t.i <= tok.i and tok.i <= t.right_edge.i), None)
                if came_through is None or came_through.lower_ not in section["prepositions"]:
                    return []
                for c in head.children:
                    if c.dep_ == "dobj":
                        return self.np(c)
                return []
            tok = head
        return []

    def _listed_subject(self, verb: Token, subj: Token) -> list[str]:
        """'other countries supported Guyana's position including Brazil, the UK and US', 'the forces that
        have supported Assad's regime, including Russia, Iran and Hezbollah': a collective subject is
        specified by the 'including' list of its clause, wherever the parser hangs it, or by what
        'among' it 'were' ('Among the countries that abstained were South Africa, India and Brazil')."""
        head = subj.head.head if subj.tag_ in ("WDT", "WP") and subj.head.dep_ == "relcl" else subj
        if head.lemma_.lower() not in self.g["collective_subjects"]["lemmas"]:
            return []
        inside = {t.i for t in head.subtree} if head is subj else set()
        # 'Among the countries that abstained were South Africa, India and Brazil'
        if head.dep_ == "pobj" and head.head.lower_ == "among" and head.head.head.lemma_ == "be":
            for c in head.head.head.children:
                if c.dep_ in ("nsubj", "attr") and c.i > head.i:
                    return self.np(c)
        for t in verb.subtree:
            if t.lower_ == "including" and t.i not in inside:
                return list(
                    dict.fromkeys(k for p in t.children if p.dep_ == "pobj" for u in p.subtree if (k := self.ent(u)))
                )
        return []

    def _role_obj(self, trig: Token, _: str) -> list[str]:
        if _passive(trig):
            for c in trig.children:
                if c.dep_ == "nsubjpass":
                    return self.np(c)
            if trig.dep_ in ("acl", "relcl"):
                return self.np(trig.head)  # 'a building occupied by X'
            return []
        for c in trig.children:
            if c.dep_ in ("dobj", "attr"):
                return self.subtree_entities(c)
        return []

    def _role_obj_head(self, trig: Token, _: str) -> list[str]:
        for c in trig.children:
            if c.dep_ == "dobj":
                if c.lower_ == "that":  # 'demand that X withdraw', parsed with 'that' as the object
                    return self._that_subject(c)
                return self.np(c)
        return []

    def _that_subject(self, that: Token) -> list[str]:
        for t in that.subtree:
            if t is not that and t.pos_ in ("NOUN", "PROPN", "PRON"):
                return self.np(t)
        return []

    def _role_objposs(self, trig: Token, _: str) -> list[str]:
        for c in trig.children:
            if c.dep_ == "dobj":
                for g in c.children:
                    if g.dep_ == "poss":
                        return self.np(g)
        return []

    def _prep(self, head: Token, word: str) -> list[str]:
        # 'called on Thursday on South Sudan President Salva Kiir': the first phrase that names someone
        for c in head.children:
            if c.dep_ in ("prep", "agent") and c.lower_ == word:
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = self.subtree_entities(p)
                        if found:
                            return found
        return []

    def _role_prep(self, trig: Token, word: str) -> list[str]:
        found = self._prep(trig, word)
        if not found and trig.pos_ == "NOUN":
            # "the M23's offensive and advances towards Goma": the phrase closes the coordination
            for cj in trig.conjuncts:
                if cj.i > trig.i and cj.pos_ == "NOUN":
                    found = self._prep(cj, word)
                    if found:
                        break
        return found

    def _role_victim(self, trig: Token, _: str) -> list[str]:
        """Whom an attack noun struck, read off a verb of harm it hangs on: 'soldiers were killed in an
        attack' (the passive's subject), 'X killed N soldiers in an ambush' (the object), 'civilians
        died in the strikes' (the subject of 'die')."""
        verb = self._governor(trig)
        if verb is None or trig.dep_ != "pobj" or verb.lemma_.lower() not in self.g["_victim_verbs"]:
            return []
        want = ("nsubjpass",) if _passive(verb) else ("nsubj",) if verb.lemma_.lower() == "die" else ("dobj",)
        for c in verb.children:
            if c.dep_ in want:
                return self.np(c)
        return []

    def _role_objprep(self, trig: Token, word: str) -> list[str]:
        for c in trig.children:
            if c.dep_ in ("dobj", "attr"):
                found = self._prep(c, word)
                if found:
                    return found
        return []

    def _role_poss(self, trig: Token, _: str) -> list[str]:
        for c in trig.children:
            if c.dep_ == "poss":
                return self.np(c)
        return []

    def _role_mod(self, trig: Token, _: str) -> list[str]:
        """A name or demonym right on the noun ('Houthi attacks', 'Israeli bombardment'), not inside a
        modifier of its own ('Iranian-backed')."""
        out: list[str] = []
        for c in trig.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.i < trig.i:
                if any(g.dep_ in ("amod", "npadvmod", "advmod") and g.i > c.i for g in c.children) or c.text.endswith(
                    ("-backed", "-led", "-allied", "-aligned")
                ):
                    continue
                for t in [c, *c.conjuncts]:
                    k = self.ent(t)
                    if k and k not in out:
                        out.append(k)
        return out

    def _role_as_object(self, trig: Token, _: str) -> list[str]:
        """'we welcome Finland as NATO's 31st Ally': the object of the verb an 'as' phrase of the trigger
        hangs on."""
        if trig.dep_ != "pobj" or trig.head.lower_ != "as" or trig.head.dep_ != "prep":
            return []
        return [k for c in trig.head.head.children if c.dep_ in ("dobj", "nsubjpass") for k in self.np(c)]

    def _role_gov_obj(self, trig: Token, _: str) -> list[str]:
        """'liberated X from Y's occupation': the object of the verb the trigger's phrase hangs on."""
        head = trig.head if trig.dep_ == "pobj" else trig
        verb = head.head if head.dep_ == "prep" else head
        for c in verb.children:
            if c.dep_ in ("dobj",):
                return self.subtree_entities(c)
        return []

    def _role_speaker_state(self, trig: Token, _: str) -> list[str]:
        """The state the speaker of the sentence belongs to, when the trigger is in their words."""
        for speaker in self._role_speaker(trig, _):
            if self.etype(speaker) is EntityType.STATE:
                return [speaker]
            body = self.body_of(speaker)
            if body and self.etype(body) is EntityType.STATE:
                return [body]
        return []

    def _role_speaker(self, trig: Token, _: str) -> list[str]:
        """The speakers whose words hold the trigger ('..., saying that North Korea must halt ...')."""
        out: list[str] = []
        for i in self.att.by_sentence.get(self.sentence, []):
            if trig.i in self.att.scopes.get(i, set()) and self.x.statements[i].speaker not in out:
                out.append(self.x.statements[i].speaker)
        return out

    def _role_coord_before(self, trig: Token, _: str) -> list[str]:
        """'France, Russia and the United States as ...': the names coordinated right before."""
        out: list[str] = []
        j = trig.i - 1
        sent = trig.sent
        while j >= sent.start:
            t = self.doc[j]
            k = self.ent(t)
            if k:
                if k not in out:
                    out.append(k)
            elif t.lower_ not in (",", "and", "the", "&"):
                break
            j -= 1
        return list(reversed(out))

    def _role_prep_obj(self, trig: Token, _: str) -> list[str]:
        for c in trig.children:
            if c.dep_ == "pobj":
                return self.np(c)
        nxt = [t for t in self.doc[trig.i + 1 : min(len(self.doc), trig.i + 5)] if self.ent(t)]
        return [self.ent(nxt[0])] if nxt and self.ent(nxt[0]) else []  # type: ignore[list-item]

    _BREAKS = frozenset(
        {";", ":", "because", "when", "while", "but", "although", "after", "before", "as", "which", "who"}
    )

    def _role_after(self, trig: Token, n: str) -> list[str]:
        """Names within n words after the trigger, up to a clause break (a fallback for lists the parser
        breaks: 'liberated 6 more villages in Fuzuli, Jabrayil, Khojavend regions')."""
        out: list[str] = []
        for t in self.doc[trig.i + 1 : min(trig.sent.end, trig.i + 1 + int(n))]:
            if t.lower_ in self._BREAKS or t.lower_ == "from":
                break
            k = self.ent(t)
            if k and k not in out:
                out.append(k)
        return out

    def _role_before(self, trig: Token, n: str) -> list[str]:
        out: list[str] = []
        for t in reversed(self.doc[max(trig.sent.start, trig.i - int(n)) : trig.i]):
            if t.lower_ in self._BREAKS:
                break
            k = self.ent(t)
            if k and k not in out:
                out.append(k)
        return list(reversed(out))

    def _role_prep_in_state(self, trig: Token, _: str) -> list[str]:
        """'the resumption of fighting by X in the DRC': the state the fighting is in, also where the
        parser hangs 'in' on the by-phrase's noun, the nearest ('fighting by the M23 armed group in the DRC')."""
        found = [k for k in self._prep(trig, "in") if self.etype(k) is EntityType.STATE][:1]
        for by in [c for c in trig.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"][:1]:
            for p in [p for p in by.children if p.dep_ == "pobj"][:1]:
                found = found or [k for k in self._prep(p, "in") if self.etype(k) is EntityType.STATE][:1]
        return found

    def _role_resister(self, trig: Token, _: str) -> list[str]:
        """'Ukraine has spent more than a year fending off a Russian invasion': the subject of a verb of
        resistance whose object the attack is (relations.json governors 'resistance')."""
        verb = self._governor(trig)
        if verb is None or trig.dep_ != "dobj" or verb.lemma_.lower() not in self.g["_governors"]["resistance"]:
            return []
        subj = self._verb_subject(verb)
        return self.np(subj) if subj is not None else []

    def _role_gov_prep_in_state(self, trig: Token, _: str) -> list[str]:
        """'India carried out surgical strikes in Pakistan': the state the verb governing the noun puts it in."""
        verb = self._governor(trig)
        return [k for k in self._prep(verb, "in") if self.etype(k) is EntityType.STATE][:1] if verb is not None else []

    def _role_acl_subtree(self, trig: Token, _: str) -> list[str]:
        out: list[str] = []
        for c in trig.children:
            if c.dep_ in ("acl", "relcl"):
                # 'drafted by Britain, France and Germany', 'backed by the U.S.': its authors, not its subject
                agents = {t.i for a in c.subtree if a.dep_ == "agent" for t in a.subtree}
                for t in c.subtree:
                    k = self.ent(t) if t.i not in agents else None
                    if k and k not in out:
                        out.append(k)
        return out

    def _role_comp_places(self, trig: Token, _: str) -> list[str]:
        out: list[str] = []
        for c in trig.children:
            if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and c.lower_ == "that"):
                for t in c.subtree:
                    k = self.ent(t)
                    if k and k not in out and self.etype(k) in PLACES and self.x.entities[k].subtype != "group":
                        out.append(k)
        return out

    def _role_deep_prep(self, trig: Token, word: str) -> list[str]:
        """P anywhere under the trigger, or the verb it is the object of."""
        heads = [trig]
        verb = self._governor(trig)
        if verb is not None:
            heads.append(verb)
        for h in heads:
            for t in h.subtree:
                if t.dep_ == "prep" and t.lower_ == word:
                    for p in t.children:
                        if p.dep_ == "pobj":
                            found = self.subtree_entities(p)
                            if found:
                                return found
        return []

    def body_of(self, person: str) -> str | None:
        """The state or organization a person speaks for: where they hold office on the article's date
        (an office of a state organ stands for the state)."""
        entry = self.kb.entries.get(person)
        ent = self.x.entities.get(person)
        held_in = ent.attrs.get("held_in") if ent is not None else None
        if entry is not None and not isinstance(held_in, str):
            d = self.x.article.date
            for _role, where, start, end in entry.offices:
                if in_term(start, end, d):
                    held_in = where
                    break
        if not isinstance(held_in, str) or held_in not in self.kb.entries:
            state = ent.attrs.get("state") if ent is not None else None
            return state if isinstance(state, str) else None
        org = self.kb.entries[held_in]
        if org.type is EntityType.ORGANIZATION and org.state and org.subtype in STATE_ORGANS:
            held_in = org.state
        builder = self.linked.builder
        if builder is not None:
            builder.entity_from_kb(self.kb.entries[held_in])
        return held_in

    def _role_by(self, trig: Token, _: str) -> list[str]:
        found = self._prep(trig, "by")
        if found:
            return found
        for c in trig.children:
            if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN":
                for a in c.children:
                    if a.dep_ in ("agent",) or (a.dep_ == "prep" and a.lower_ == "by"):
                        for p in a.children:
                            if p.dep_ == "pobj":
                                return self.subtree_entities(p)
        return []

    def _role_acl(self, trig: Token, word: str) -> list[str]:
        for c in trig.children:
            if c.dep_ in ("acl", "relcl"):
                found = self._prep(c, word)
                if found:
                    return found
        return []

    def _governor(self, trig: Token) -> Token | None:
        """The verb a noun trigger is the object of ('launched strikes', 'carried out attacks')."""
        if trig.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and trig.head.pos_ in ("VERB", "AUX"):
            return trig.head
        if trig.dep_ == "pobj" and trig.head.dep_ == "prep" and trig.head.head.pos_ in ("VERB", "AUX"):
            return trig.head.head if trig.head.lower_ not in ("of", "after", "before", "since", "despite") else None
        return None

    def _role_gov_subj(self, trig: Token, _: str) -> list[str]:
        verb = self._governor(trig)
        allowed = (
            self.g["_governors"].get(str(self.pattern.get("governors", "action")), set()) if self.pattern else set()
        )
        if verb is None or verb.lemma_.lower() not in allowed:
            return []  # 'condemned the attacks': the one who condemns did not attack
        if trig.dep_ == "nsubjpass":
            return []
        subj = self._verb_subject(verb)
        return self.np(subj) if subj is not None else []

    def _role_gov_prep(self, trig: Token, word: str) -> list[str]:
        verb = self._governor(trig)
        return self._prep(verb, word) if verb is not None else []

    def _role_between(self, trig: Token, _: str) -> list[str]:
        """'conflict between X and Y', also where the parser hangs 'between' on the noun of a place phrase
        before it, the nearest ('an ongoing conflict in Western New Guinea between Indonesia and ...')."""
        heads = [trig] + [p for c in trig.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        for head in heads:
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "between":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return self.np(p)
        return []

    def _role_clause_subj(self, trig: Token, _: str) -> list[str]:
        verb = trig
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subj = self._verb_subject(verb)
        return self.np(subj) if subj is not None else []

    def _role_clause_agent(self, trig: Token, _: str) -> list[str]:
        """The one who acts in the trigger's clause: the by-agent of a passive ('pushed out ... by Nigerian
        troops with assistance from ...'), else its subject."""
        verb = trig
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if _passive(verb):
            for c in verb.children:
                if c.dep_ == "agent":
                    return [k for p in c.children if p.dep_ == "pobj" for k in self.np(p)]
            return []
        return self._role_clause_subj(trig, _)

    def _role_clause_subj_of_comp(self, trig: Token, _: str) -> list[str]:
        for c in trig.children:
            if c.dep_ in ("ccomp", "xcomp"):
                for g in c.children:
                    if g.dep_ in ("nsubj", "nsubjpass"):
                        return self.np(g)
        return []

    def _role_participle_head(self, trig: Token, _: str) -> list[str]:
        if trig.dep_ in ("acl", "amod", "relcl"):
            return self.np(trig.head)
        return []

    def _role_appos_head(self, trig: Token, _: str) -> list[str]:
        head = trig
        while head.dep_ in ("pobj", "prep", "attr") and head.head.i != head.i:
            head = head.head
            if head.dep_ == "appos" or self.ent(head):
                break
        if head.dep_ == "appos":
            return self.np(head.head)
        return []

    def _role_sentence_states_before(self, trig: Token, _: str) -> list[str]:
        sent = trig.sent
        return [k for t in self.doc[sent.start : trig.i] if (k := self.ent(t)) and self.etype(k) is EntityType.STATE][
            :1
        ]

    def _role_voting_body(self, trig: Token, _: str) -> list[str]:
        """The deliberative body named last before the trigger (a vote is cast in it)."""
        heads = set(self.pattern.get("voting_body_heads", [])) if self.pattern else set()
        best: tuple[int, str] | None = None
        for key, spans in self.linked.spans.items():
            ent = self.x.entities.get(key)
            if ent is None or ent.type is not EntityType.ORGANIZATION:
                continue
            if not heads & set(fold(ent.label).split()) and not heads & {
                fold(m.text).split()[-1] for m in ent.mentions
            }:
                continue
            for start, _end in spans:
                if start < trig.i and (best is None or start > best[0]):
                    best = (start, key)
        return [best[1]] if best else []

    def _role_paren_list(self, trig: Token, _: str) -> list[str]:
        """'3 votes in favour (Algeria, China, Russia)': the names in the parenthesis right after the trigger
        (or after its 'in favour' / 'against')."""
        doc = self.doc
        i = trig.i + 1
        while i < min(len(doc), trig.i + 4) and doc[i].text != "(":
            i += 1
        if i >= len(doc) or doc[i].text != "(":
            return []
        found: list[str] = []
        j = i + 1
        while j < len(doc) and doc[j].text != ")" and j < i + 40:
            k = self.ent(doc[j])
            if k and k not in found:
                found.append(k)
            j += 1
        return found if j < len(doc) and doc[j].text == ")" else []

    def _role_self(self, trig: Token, _: str) -> list[str]:
        k = self.ent(trig)
        return [k] if k else []

    # ---- patterns ----------------------------------------------------------------------------
    def patterns_for(self, tok: Token) -> list[dict[str, Any]]:
        """The patterns a token triggers: by verb lemma, noun word (or two-word noun), preposition."""
        g = self.g
        if tok.pos_ in ("VERB", "AUX"):
            return g["_by_verb"].get(tok.lemma_.lower(), [])
        if tok.pos_ == "ADP":
            return g["_by_noun"].get(f"adp:{tok.lower_}", [])
        if tok.pos_ in ("NOUN", "PROPN"):
            found = g["_by_noun"].get(tok.lower_, [])
            if tok.i > 0:
                found = found + g["_by_noun"].get(f"{self.doc[tok.i - 1].lower_} {tok.lower_}", [])
            return found
        return []

    def _needs(self, p: dict[str, Any], tok: Token) -> bool:
        gerund_preps = set(p.get("trigger_not_before_gerund", []))
        if gerund_preps and any(
            c.dep_ == "prep" and c.lower_ in gerund_preps and any(g.dep_ == "pcomp" for g in c.children)
            for c in tok.children
        ):
            return False  # 'We join the European Union in taking a stand': joining an act, not a body
        needs = p.get("trigger_needs", {}).get(tok.lemma_.lower())
        if needs:
            words = {c.lower_ for c in tok.children} | {g.lower_ for c in tok.children for g in c.children}
            return bool(words & set(needs))
        where = p.get("trigger_where")
        if where == "prep:with":
            return tok.dep_ == "pobj" and tok.head.lower_ == "with"
        if where == "prep:from":
            return tok.dep_ == "pobj" and tok.head.lower_ == "from"
        if where == "occupying_subject":
            heads = [c for c in tok.children if c.dep_ == "nsubj"] + (
                [tok.head] if tok.dep_ in ("acl", "relcl") else []
            )
            return any(t.lower_ == "occupying" for h in heads for t in h.subtree if t.i < tok.i)
        if where == "participle":
            return (
                tok.tag_ == "VBN"
                and tok.dep_ in ("acl", "amod", "relcl")
                and any(c.dep_ == "agent" for c in tok.children)
            )
        return p["id"] not in ("with-support-from", "occupation-from")

    def args(self, roles: list[str], trig: Token, types: set[EntityType]) -> list[str]:
        """The entities of the first role (in order) that yields any of the allowed types."""
        for name in roles:
            found = [k for k in self.role(name, trig) if self.etype(k) in types]
            if found:
                return found
        return []

    def read_patterns(self, sent: Span) -> None:
        """Every trigger pattern of a sentence: subjects and objects by role, mapped and checked."""
        for tok in sent:
            patterns = self.patterns_for(tok)
            if not patterns or hypothetical(tok):
                continue
            # 'aid packages for Ukraine': a noun modifying another noun reads its roles from that noun
            anchor = tok.head if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.pos_ == "NOUN" else tok
            if tok.dep_ == "aux" and tok.head.pos_ in ("VERB", "AUX"):
                anchor = tok.head  # 'North Korea must halt': a modal reads its roles from its verb
            for p in patterns:
                if not self._needs(p, tok):
                    continue
                self.trigger = tok
                self.pattern = p
                objects = self.args(p["object"], anchor, p["_object_types"] | self._mappable(p, "object"))
                # 'Hamas in its fight against Israel': 'its' is not the side fought against
                self.exclude = set(objects)
                subjects = self.args(p["subject"], anchor, p["_subject_types"] | self._mappable(p, "subject"))
                self.exclude = set()
                subjects = [k for k in (self._map(p, "subject", k) for k in subjects) if k]
                objects = [k for k in (self._map(p, "object", k) for k in objects) if k]
                if p["predicate"] == "attacks" and not objects and len(subjects) == 2 and subjects == self._sides():
                    subjects, objects = subjects[:1], subjects[1:]  # 'The two sides fired artillery': each at the other
                    self.add(objects[0], "attacks", subjects[0], sent, p["id"], 0.65)
                pairs = None
                if (
                    (p.get("symmetric") or p.get("mutual"))
                    and len(subjects) >= 2
                    and (not objects or (p.get("symmetric") and subjects == objects))
                ):
                    # 'Thai and Cambodian soldiers clashed'; 'Egypt, Sudan, and Ethiopia have been
                    # negotiating': every two of the coordinated subjects
                    pairs = [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1 :]]
                if not p.get("all_subjects") and p["predicate"] not in ("supports", "attacks", "demands"):
                    subjects = subjects[:1]
                what = self._what(tok, sent) if p["predicate"] == "demands" else None
                for s, o in pairs if pairs is not None else [(s, o) for s in subjects for o in objects]:
                    if p.get("mixed_sides") and self.etype(s) is self.etype(o) is EntityType.STATE:
                        continue  # two states in a war are in conflict (conflict-between), not listed as attacks
                    if p.get("mutual"):
                        # fighting is mutual: each side attacks the other, and states whose forces
                        # fight each other are in conflict ('Thai and Cambodian soldiers clashed')
                        self.add(o, p["predicate"], s, sent, p["id"], 0.7)
                        sides = [k if self.etype(k) is EntityType.STATE else self._forces_state(k) for k in (s, o)]
                        if sides[0] and sides[1] and sides[0] != sides[1]:
                            self.add(sides[0], "in_conflict_with", sides[1], sent, f"{p['id']}-states", 0.65)
                    if what is None:
                        self.add(s, p["predicate"], o, sent, p["id"], 0.7)
                    else:
                        self.add(s, p["predicate"], o, sent, p["id"], 0.7, what=what)
                self.trigger = None

    def _what(self, trig: Token, sent: Span) -> str:
        """What is demanded: the words after the verb to the end of the sentence."""
        rest = self.doc[trig.i + 1 : sent.end]
        while len(rest) and rest[-1].is_punct:
            rest = rest[:-1]
        return rest.text

    @staticmethod
    def _mappable(p: dict[str, Any], side: str) -> set[EntityType]:
        """Types an argument may have before it is mapped to its state or body."""
        if p.get(f"{side}_to_state"):
            return {EntityType.ORGANIZATION, EntityType.SETTLEMENT, EntityType.LEADER}
        if side == "subject" and p.get("subject_to_body"):
            return {EntityType.PERSON, EntityType.LEADER}
        return set()

    def _map(self, p: dict[str, Any], side: str, key: str) -> str | None:
        """An armed force or organ for its state, a capital for its state, a representative for the body
        they speak for; None when the result is not of the pattern's types."""
        types = p["_subject_types"] if side == "subject" else p["_object_types"]
        etype = self.etype(key)
        if p.get(f"{side}_to_state") and etype in (EntityType.ORGANIZATION, EntityType.SETTLEMENT):
            state = self.state_of(key)
            if state and EntityType.STATE in types:
                return state
        if side == "subject" and p.get("subject_to_body") and etype in (EntityType.PERSON, EntityType.LEADER):
            body = self.body_of(key)
            return body if body and self.etype(body) in types else None
        if p.get(f"{side}_to_state") and etype is EntityType.LEADER and EntityType.STATE in types:
            # 'called on South Sudan President Salva Kiir to release ...': a demand of his state
            led = next((r.object for r in self.x.relations if r.subject == key and r.predicate == "leader_of"), None)
            return led
        if p["predicate"] == "supports" and side == "object":
            key = self.capital_state(key)
        return key if self.etype(key) in types else None

    def own_state(self, key: str) -> str | None:
        """The state an organ belongs to (its attribute, or the KB's state of a state organ)."""
        ent = self.x.entities[key]
        state = ent.attrs.get("state")
        if isinstance(state, str):
            return state
        entry = self.kb.entries.get(key)
        if entry is not None and entry.type is EntityType.ORGANIZATION and entry.subtype in STATE_ORGANS:
            return entry.state
        return None

    def state_of(self, key: str) -> str | None:
        """The state an armed force, organ or capital belongs to (as an entity of the article)."""
        ent = self.x.entities[key]
        state = ent.attrs.get("state")
        entry = self.kb.entries.get(key)
        if not isinstance(state, str) and entry is not None:
            if entry.capital_of:
                state = entry.capital_of
            elif entry.type is EntityType.ORGANIZATION and entry.subtype in STATE_ORGANS and entry.state:
                state = entry.state
        if not isinstance(state, str) or state not in self.kb.entries:
            return None
        builder = self.linked.builder
        if builder is not None:
            builder.entity_from_kb(self.kb.entries[state])
        return state

    def _forces_state(self, key: str) -> str | None:
        """The state whose armed forces an entity is, if it is a state's armed forces."""
        entry = self.kb.entries.get(key)
        kind = entry.subtype if entry is not None else self.x.entities[key].subtype
        if kind not in ("armed_forces", "armed_forces_branch") and not key.startswith("org/forces/"):
            return None
        return self.state_of(key)

    def capital_state(self, key: str) -> str:
        """'support for Kyiv': a capital stands for its state."""
        entry = self.kb.entries.get(key)
        if entry is not None and entry.capital_of:
            builder = self.linked.builder
            if builder is not None and entry.capital_of in self.kb.entries:
                return builder.entity_from_kb(self.kb.entries[entry.capital_of]).key
        return key

    # ---- place sequences ---------------------------------------------------------------------
    def read_sequences(self, sent: Span) -> None:
        """Places named one after the other (relations.json 'sequences')."""
        spans: list[tuple[int, int, str]] = []
        for key, sp in self.linked.spans.items():
            for s, e in sp:
                if sent.start <= s < sent.end:
                    spans.append((s, e, key))
        spans.sort()
        triples = list(zip(spans, spans[1:], [*spans[2:], None], strict=False))
        for (_s1, e1, k1), (s2, e2, k2), third in triples:
            if k1 == k2:
                continue
            # 'El Fasher in Sudan's North Darfur': the place lies in the later, narrower name
            if (
                third is not None
                and self.doc[e1:s2].text.strip().lower() in ("in", "in the")
                and self.doc[e2 : third[0]].text.strip() in ("'s", "\u2019s")
                and self.etype(third[2]) in PLACES
            ):
                k2 = third[2]
            between = self.doc[e1:s2].text.strip().lower() if s2 > e1 else self.doc[s2:s2].text
            if s2 < e1:
                continue
            # 'Kherson, Mykolaiv and Odesa': a list goes on with another name ('Nasir, Upper Nile state, this
            # month' does not)
            in_list = (
                e2 < sent.end
                and self.doc[e2].lower_ in (",", "and")
                and self.doc[e1:s2].text.strip() == ","
                and third is not None
                and third[0] <= e2 + 2
            )
            for rule in self.g["sequences"]["rules"]:
                t1, t2 = self.etype(k1), self.etype(k2)
                if in_list and rule["between"] == ",":
                    break  # 'Kherson, Mykolaiv and Odesa': a list, not a place and its region
                if rule["between"] == "," and self._modifies_what_follows(e2):
                    # 'Bambari, the country's fourth-largest city': an apposition whose head the second name
                    # possesses (possessor_of); otherwise the state word is a title's ('In Washington, U.S.
                    # Secretary of State ...')
                    heads = rule.get("possessor_of")
                    if (
                        heads
                        and rule["_re"].fullmatch(between)
                        and self.doc[e2 - 1].dep_ == "poss"
                        and self.doc[e2 - 1].head.lower_ in heads
                    ):
                        if t1 in rule["_first"] and t2 in rule["_second"]:
                            self.add(k1, rule["predicate"], k2, sent, rule["id"], 0.75)
                            break
                        continue
                    break
                if rule.get("possessor_of"):
                    continue
                if t1 not in rule["_first"] or t2 not in rule["_second"]:
                    continue
                if not rule["_re"].fullmatch(between):
                    continue
                words = rule.get("second_words")
                if words and not set(fold(self.x.entities[k2].label).split()) & set(words):
                    continue
                inner, outer = (k2, k1) if rule.get("rev") else (k1, k2)
                # 'Somalia's capital, Mogadishu' says capital_of and no more: the corpus reads a capital
                # named so as its state's capital, a city named 'Dakar, Senegal' as a place in it
                self.add(inner, rule["predicate"], outer, sent, rule["id"], 0.75)
                break

    def _modifies_what_follows(self, end: int) -> bool:
        """Whether a mention ending before token `end` modifies the noun after it ('U.S. Secretary',
        'UK Chargé d'Affaires')."""
        last = self.doc[end - 1]
        # or it is the subject of the clause that follows ('the conflict on the Nistru River, the United
        # Kingdom honours the victims')
        return last.dep_ in ("compound", "amod", "nmod", "poss", "nsubj", "nsubjpass") and last.head.i >= end

    # ---- what the knowledge base adds ----------------------------------------------------------
    def complete(self) -> None:
        """What the knowledge base adds to what sentences name (relations.json 'world_knowledge')."""
        kb = self.kb
        mentioned: dict[int, set[str]] = {}
        for key, ent in self.x.entities.items():
            owner = ent.attrs.get("state") if ent.type is EntityType.ORGANIZATION else None
            owner_entry = kb.entries.get(owner) if isinstance(owner, str) else None
            for m in ent.mentions:
                mentioned.setdefault(m.sentence, set()).add(key)
                # "Ethiopia's military" names its state too (a demonym, 'the Azerbaijani army', does not)
                if owner_entry is not None and owner_entry.named_in(m.text):
                    mentioned[m.sentence].add(owner_entry.key)
        in_article = set(self.x.entities)
        spans = {idx: sp for idx, sp in self.sents}
        for sidx, keys in sorted(mentioned.items()):
            sent = spans.get(sidx)
            if sent is None:
                continue
            for k in sorted(keys):
                entry = kb.entries.get(k)
                if entry is None:
                    continue
                etype = self.etype(k)
                if etype in PLACES:
                    # the narrowest container named in the same sentence; a settlement whose region the KB
                    # does not know is not put straight in its state when a region of that state is named
                    regions_here = [
                        r for r in keys if self.etype(r) is EntityType.REGION and (e := kb.entries.get(r)) and
                        e.state == entry.state and r != k
                    ]  # fmt: skip
                    # 'the Syrian capital of Damascus': a capital the sentence calls so is its state's
                    # capital (capital_of below), not also a place in it
                    called_capital = entry.capital_of in keys and self._called_capital(k, sent)
                    for container in (entry.located_in, entry.state):
                        if not container or container not in keys or container == k:
                            continue
                        if container == entry.state and etype is EntityType.SETTLEMENT and regions_here:
                            break
                        if called_capital and container == entry.capital_of:
                            break
                        self.add(k, "located_in", container, sent, "kb-located-in", 0.7, narrator=True)
                        break
                    if entry.capital_of and entry.capital_of in kb.entries and self._called_capital(k, sent):
                        builder = self.linked.builder
                        if builder is not None:
                            builder.entity_from_kb(kb.entries[entry.capital_of])
                        self.add(k, "capital_of", entry.capital_of, sent, "kb-capital-of", 0.7, narrator=True)
                if etype is EntityType.ORGANIZATION:
                    for owner in self._owners(entry.key):
                        if owner in in_article:
                            self.add(k, "part_of", owner, sent, "kb-part-of", 0.7, narrator=True)
                            break
        # a head of state or government titled without the state: the state they lead on the date
        heads = set(lexicon()["head_roles"])
        for key, ent in list(self.x.entities.items()):
            entry = kb.entries.get(key)
            if entry is None or not entry.head_offices:
                continue
            for m in ent.mentions:
                sent = spans.get(m.sentence)
                tok = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if sent is None or tok is None:
                    continue
                # the title before the name, or at the head of the mention ('King Mohammed VI')
                own = tok[0].lower_ in heads or (len(tok) > 2 and f"{tok[0].lower_} {tok[1].lower_}" in heads)
                prev = self.doc[max(0, tok.start - 2) : tok.start]
                if not own and not (
                    len(prev) and (prev[-1].lower_ in heads or " ".join(t.lower_ for t in prev) in heads)
                ):
                    continue
                for i in sorted(entry.head_offices):
                    role, held_in, start, end = entry.offices[i]
                    d = self.x.article.date
                    if d is not None and in_term(start, end, d):
                        if held_in in self.kb.entries and held_in.startswith("state/"):
                            builder = self.linked.builder
                            if builder is not None:
                                builder.entity_from_kb(self.kb.entries[held_in])
                            self.add(key, "leader_of", held_in, sent, "kb-leader-of", 0.7, narrator=True, role=role,
                                     as_of=d.isoformat())  # fmt: skip
                        break

    def _called_capital(self, key: str, sent: Span) -> bool:
        """'the Syrian capital of Damascus', 'in the capital, Juba', "Venezuela's capital Caracas": the
        word 'capital' just before a mention of the city in this sentence."""
        for m in self.x.entities[key].mentions:
            tok = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if tok is None or not (sent.start <= tok.start < sent.end):
                continue
            before = [t.lower_ for t in self.doc[max(sent.start, tok.start - 3) : tok.start]]
            while before and before[-1] in (",", "of", "city"):
                before.pop()
            if before and before[-1] == "capital":
                return True
        return False

    def _owners(self, key: str) -> list[str]:
        """What an organization is part of, the widest first: its parents up to the root ('MONUSCO' is the
        United Nations'), and the state of a state organ (not the state an armed group fights in); a
        principal organ of the UN is reported as part of nothing, a committee of one as part of its organ."""
        chain: list[str] = []
        entry = self.kb.entries.get(key)
        seen = {key}
        while entry is not None and entry.parent and entry.parent not in seen:
            chain.append(entry.parent)
            seen.add(entry.parent)
            entry = self.kb.entries.get(entry.parent)
        owners = list(reversed(chain))
        top = self.kb.entries.get(key)
        if top is not None and top.subtype == "un_organ":
            return []  # the Security Council or the General Assembly is the UN itself, not a part reported
        if top is not None and top.subtype == "un_body" and chain:
            parent = self.kb.entries.get(chain[0])
            if parent is not None and parent.subtype == "un_organ":
                owners = [chain[0]]  # a Council committee is the Council's
        if top is not None and top.state and top.subtype in STATE_ORGANS and top.subtype not in MISSIONS:
            owners.append(top.state)  # a field mission is its organization's, not its host state's
        return owners

    # ---- recording ----------------------------------------------------------------------------
    def add(
        self,
        s: str | None,
        p: str,
        o: str | None,
        sent: Span,
        rule: str,
        conf: float,
        narrator: bool = False,
        **attrs: str,
    ) -> None:
        """Record s-p-o read in sent: the claim of each speaker whose words hold the cue (the one who is
        the subject, or issued it, first), else the narrator's. Types and direction are checked."""
        if not s or not o or s == o or not self._plausible(s, p, o):
            return
        s0 = next((sp for idx, sp in self.sents if idx == self.sentence or sp.start == sent.start), sent)
        ev = self.evidence(s0, rule, conf)
        stmts = self.att.by_sentence.get(ev.sentence, [])
        if self.trigger is not None:
            stmts = [i for i in stmts if self.trigger.i in self.att.scopes.get(i, set())]
        claims: list[tuple[str | None, int | None]] = [(None, None)]
        if narrator:
            stmts = []  # what the knowledge base adds is no one's words
        if p == "leader_of" and any(r.subject == s and r.predicate == p and r.object == o for r in self.x.relations):
            return  # an office title already gave it
        if narrator and any((r.subject, r.predicate, r.object) == (s, p, o) for r in self.x.relations):
            return
        if stmts:
            issuer = next((r.object for r in self.x.relations if r.subject == s and r.predicate == "issued_by"), None)
            own = [i for i in stmts if self.x.statements[i].speaker in (s, issuer)]
            claims = [(self.x.statements[i].speaker, i) for i in (own[:1] or stmts)]
        for claimed_by, statement in claims:
            if any((r.subject, r.predicate, r.object, r.claimed_by) == (s, p, o, claimed_by) for r in self.x.relations):
                continue
            if p in ("in_conflict_with", "negotiates_with") and any(
                (r.subject, r.predicate, r.object, r.claimed_by) == (o, p, s, claimed_by) for r in self.x.relations
            ):
                continue
            self.x.relations.append(Relation(s, p, o, ev, claimed_by, statement, dict(attrs)))

    def evidence(self, sent: Span, rule: str, conf: float) -> Evidence:
        """The evidence of a relation read in a sentence."""
        first = sent.start_char
        s = next((s for s in self.x.sentences if s.start <= first < s.end), self.x.sentences[-1])
        return Evidence(s.index, s.start, s.end, rule, conf)

    def _plausible(self, s: str, p: str, o: str) -> bool:
        """Direction and type checks: a state lies in nothing but a region it belongs to, two places
        never lie in each other, a place never lies in a settlement."""
        ts, to = self.etype(s), self.etype(o)
        if p == "located_in":
            if ts not in PLACES or to not in (EntityType.STATE, EntityType.REGION):
                return False
            if any(r.predicate == "located_in" and r.subject == o and r.object == s for r in self.x.relations):
                return False
            entry_o = self.kb.entries.get(o)
            if entry_o is not None and entry_o.state == s:
                return False  # a region is never located in a place inside it
            entry_s = self.kb.entries.get(s)
            if entry_s is not None and entry_o is not None and to is EntityType.REGION:
                if entry_s.located_in and entry_o.codes.get("iso3166-2") and entry_s.located_in != o:
                    return False  # the KB puts it in another region
                if entry_s.state and entry_o.state and entry_s.state != entry_o.state:
                    return False  # a region of another state
        if p == "capital_of" and (ts is not EntityType.SETTLEMENT or to is not EntityType.STATE):
            return False
        if (
            p == "member_of"
            and ts is EntityType.STATE
            and self.x.entities[o].subtype in ("armed_group", "political_movement")
        ):
            return False  # 'four members of al-Shabab' were its fighters: no state is a member of an armed group
        if p in ("supports", "attacks", "demands") and to is EntityType.STATE and self.own_state(s) == o:
            return False  # a state's own ministry does not 'support' it
        return True

    def run(self) -> None:
        """Read every sentence's patterns and place sequences, then complete from the KB."""
        for idx, sent in self.sents:
            self.sentence = idx
            self.read_patterns(sent)
            self.read_sequences(sent)
        self.complete()


def read_relations(doc: Doc, x: Extraction, linked: Linked, kb: KnowledgeBase, att: Attribution) -> None:
    """Append every relation the article states (and the knowledge base completes) to x.relations."""
    Reader(doc, x, linked, kb, att).run()


__all__ = ["Reader", "grammar", "hypothetical", "read_relations"]
