"""Donors: the organization that gives, funds, signs, invests or lends an amount (``patterns/donors.yaml``).

Read in the figure's clause, else its sentence, from the organizations the extractor found,
in five constructions: the agent of a giving verb ("Tổ chức Plan International tài trợ 1,2
tỷ đồng", "USAID và UNICEF hỗ trợ"), a passive ("do JICA viện trợ", "được KOICA tài trợ"),
a source ("từ nguồn vốn của KOICA", "với sự tài trợ của Chính phủ Australia"), a lender
("vay vốn Ngân hàng Thế giới (WB)") and a signing ("thỏa thuận ... giữa AFD và UBND tỉnh").
Vietnamese state and party bodies never give: a province's own budget is not aid.

    >>> Donors(doc, clauses).donors(start, end)
    Given(names=('Tổ chức Plan International',), ids=('plan-international',), source='clause')
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex
from spacy.tokens import Doc

from pipeline.facts.clauses import Clauses
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, literals, phrases


@dataclass(frozen=True)
class Body:
    start: int
    end: int
    name: str
    org_id: str | None


@dataclass(frozen=True)
class Given:
    names: tuple[str, ...] = ()
    ids: tuple[str | None, ...] = ()
    source: str | None = None


NOBODY = Given()


@patterns.resource
def _donor_rules() -> dict:
    data = patterns.load_yaml("donors.yaml")
    verb = rf"(?!(?i:{phrases(data['not_verbs'])}){AFTER})(?i:{phrases(data['verbs'])}){AFTER}"
    aux = rf"(?:(?i:{phrases(data['auxiliaries'])}){AFTER}\s*)*"
    # "Tổ chức Cứu trợ trẻ em (Save the Children)", "CARE, với sự tài trợ của Chính phủ Australia, trao"
    aside = r"(?:\s*\([^()]{0,80}\))?(?:\s*,[^,;()]{0,80},)?"
    countries = literals(row["name"] for row in patterns.load_csv("countries.csv"))
    return {
        "agent": regex.compile(rf"{aside}\s*,?\s*{aux}{verb}"),
        "coordinated": regex.compile(rf"{aside}\s*(?:,|\s(?i:và|cùng|cùng với|phối hợp với))\s*\Z"),
        "passive": regex.compile(rf"{BEFORE}(?i:do|được|bởi)\s+\Z"),
        "passive_verb": regex.compile(rf"{aside}\s*{aux}{verb}"),
        "source": regex.compile(rf"{BEFORE}(?i:{phrases(data['source_nouns'])})(?:\s+[\p{{Ll}}]+){{0,3}}\s+(?i:của|từ)\s+\Z"),
        "lender": regex.compile(rf"{BEFORE}(?i:vay)(?:\s+(?i:vốn|ưu đãi|từ))*\s+\Z"),
        "signing": regex.compile(rf"{BEFORE}(?i:giữa)\s+\Z"),
        "not_name": regex.compile(rf"^(?:{phrases(data['not_donor_names'])}){AFTER}"),
        "foreign": regex.compile(rf"{BEFORE}(?:{countries}){AFTER}"),
        "not_kinds": frozenset(data["not_donor_kinds"]),
        "anaphora": regex.compile(rf"{BEFORE}(?<!(?i:các|những|nhiều|số|\d)\s+)(?:{phrases(data['anaphora'])})"
                                  rf"{AFTER}(?!\s+(?:\p{{Lu}}|phi\s+chính\s+phủ|quốc\s+tế|nước\s+ngoài))"),
        "reach": data["anaphora_reach"],
    }


class Donors:
    """The givers of the figures of one doc, looked up by a figure's position."""

    def __init__(self, doc: Doc, clauses: Clauses):
        rules = _donor_rules()
        self.text, self.clauses, self.rules = doc.text, clauses, rules
        bodies = []
        for span in doc.spans["organizations"] if "organizations" in doc.spans else []:
            data = span._.data or {}
            if data.get("name") and self._can_give(data):
                bodies.append(Body(span.start_char, span.end_char, data["name"], data.get("org_id")))
        self.bodies = sorted(bodies + self._named_again(bodies, doc), key=lambda b: (b.start, b.end))
        self.starts = [b.start for b in self.bodies]

    def _named_again(self, bodies: list[Body], doc: Doc) -> list[Body]:
        """"tổ chức", "Quỹ" standing for the last body that can give named before them."""
        ends = sorted((b.end, n) for n, b in enumerate(bodies))
        covered = sorted((span.start_char, span.end_char) for span in doc.spans.get("organizations", []))
        found = []
        for m in self.rules["anaphora"].finditer(self.text):
            inside = bisect.bisect_right(covered, (m.start(), float("inf"))) - 1
            if inside >= 0 and covered[inside][1] > m.start():
                continue   # part of a name
            last = bisect.bisect_right(ends, (m.start(), float("inf"))) - 1
            if last >= 0 and m.start() - ends[last][0] <= self.rules["reach"]:
                referent = bodies[ends[last][1]]
                found.append(Body(m.start(), m.end(), referent.name, referent.org_id))
        return found

    def _can_give(self, data: dict) -> bool:
        """A foreign body, or one that is not a Vietnamese state or party body."""
        if data.get("country") and data.get("country") != "VN":
            return True
        if data.get("kind") in self.rules["not_kinds"]:
            return False
        return not self.rules["not_name"].search(data["name"]) or bool(self.rules["foreign"].search(data["name"]))

    def donors(self, start: int, end: int) -> Given:
        """The givers of the figure at ``start:end``: in its clause, else in its sentence."""
        clause = self.clauses.clause(start)
        sentence = self.clauses.sentences.spans[self.clauses.sentences.of(start)]
        for source, (low, high) in (("clause", clause), ("sentence", sentence)):
            found = self._agents(low, start) or self._marked(low, high)
            if found:
                unique = list(dict.fromkeys(found))
                return Given(tuple(b.name for b in unique), tuple(b.org_id for b in unique), source)
        return NOBODY

    def _inside(self, low: int, high: int) -> list[Body]:
        return self.bodies[bisect.bisect_left(self.starts, low):bisect.bisect_left(self.starts, high)]

    def _agents(self, low: int, figure: int) -> list[Body]:
        """The subject of the giving verb nearest before the figure, with the bodies coordinated
        with it ("USAID và UNICEF hỗ trợ")."""
        candidates = self._inside(low, figure)
        for number in range(len(candidates) - 1, -1, -1):
            body = candidates[number]
            if self.rules["agent"].match(self.text, body.end, figure) is None:
                continue
            group = [body]
            for earlier in reversed(candidates[:number]):
                if not self.rules["coordinated"].search(self.text, earlier.end, group[0].start):
                    break
                group.insert(0, earlier)
            return group
        return []

    def _marked(self, low: int, high: int) -> list[Body]:
        """Bodies marked as givers by the words before them: passive, source, lender, signing."""
        found = []
        for body in self._inside(low, high):
            before = max(low, body.start - 60)
            if self.rules["passive"].search(self.text, before, body.start):
                if self.rules["passive_verb"].match(self.text, body.end, high):
                    found.append(body)
            elif any(self.rules[kind].search(self.text, before, body.start) for kind in ("source", "lender", "signing")):
                found.append(body)
        return found
