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
import functools
from dataclasses import dataclass

import regex
from spacy.tokens import Doc

from pipeline.facts.clauses import Clauses
from pipeline.rules.compiled import compiled
from pipeline.rules.endings import ending
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, Phrases, WordLed, literals, phrases, trie


@dataclass(frozen=True)
class Body:
    start: int
    end: int
    name: str
    org_id: str | None
    foreign: bool = False   # a foreign body or a donor by kind: raises funds ("vận động") for others


@dataclass(frozen=True)
class Given:
    names: tuple[str, ...] = ()
    ids: tuple[str | None, ...] = ()
    source: str | None = None


NOBODY = Given()


@patterns.resource
def _donor_rules() -> dict:
    data = patterns.load_yaml("donors.yaml")
    verb = rf"(?!(?i:{phrases(data['not_verbs'])}){AFTER})(?P<verb>(?i:{phrases(data['verbs'])})){AFTER}"
    aux = rf"(?:(?i:{phrases(data['auxiliaries'])}){AFTER}\s*)*"
    # "Tổ chức Cứu trợ trẻ em (Save the Children)", "CARE, với sự tài trợ của Chính phủ Australia, trao"
    aside = r"(?:\s*\([^()]{0,80}\))?(?:\s*,[^,;()]{0,80},)?"
    # words between the agent and its verb, no punctuation ("Quỹ Ford trong hơn 20 năm hoạt
    # động tại Việt Nam đã tài trợ", "KOICA đang xem xét tài trợ")
    gap = rf"(?:\s+(?!(?i:{phrases(data['gap_stops'])}){AFTER})[^\s,;:.!?()\"“”]+){{0,{data['agent_gap']}}}?"
    # the countries as a trie: regex tries a word start of a name against a few first letters, not
    # against each of a hundred names in turn (whether a name holds one: 5.3 -> 2.5 us a name)
    countries = trie(row["name"] for row in patterns.load_csv("countries.csv"))
    return {
        "agent": compiled(regex, rf"{aside}\s*,?{gap}\s*{aux}{verb}"),
        "coordinated": compiled(regex, rf"{aside}\s*(?:,|\s(?i:và|cùng|cùng với|phối hợp với))\s*\Z"),
        "passive": ending(rf"{BEFORE}(?i:do|được|bởi)\s+\Z"),
        "passive_verb": compiled(regex, rf"{aside}\s*{aux}{verb}"),
        # a count of things given or of those who get them: a giving verb right before it ("trao
        # tặng 15 chiếc xe lăn"), or "cho" ("phẫu thuật cho 1.204 trẻ em", "cấp nước sạch cho 4 xã")
        "given_count": ending(rf"(?:{verb}(?:\s+[\p{{Ll}}]+){{0,2}}?|{BEFORE}(?i:cho))\s+\Z"),
        # "từ nguồn vốn của KOICA"; "khoản viện trợ không hoàn lại 4,5 triệu EUR của KfW"
        "source": ending(rf"{BEFORE}(?i:{phrases(data['source_nouns'])})(?:\s+[\p{{Ll}}]+){{0,5}}"
                         rf"(?:\s+[\d.,]+(?:\s+\p{{L}}+){{1,2}})?\s+(?i:của|từ)\s+\Z"),
        "lender": ending(rf"{BEFORE}(?i:vay)(?:\s+(?i:vốn|ưu đãi|từ))*\s+\Z"),
        "signing": ending(rf"{BEFORE}(?i:giữa)\s+\Z"),
        "not_name": compiled(regex, rf"^(?:{phrases(data['not_donor_names'])}){AFTER}"),
        "foreign": compiled(regex, rf"{BEFORE}(?:{countries}){AFTER}"),
        "not_kinds": frozenset(data["not_donor_kinds"]),
        "own_funds": Phrases(data["own_funds"]),
        "foreign_verb": compiled(regex, rf"{aside}\s*,?{gap}\s*{aux}(?i:{phrases(data['foreign_only_verbs'])}){AFTER}"),
        "giving_kinds": frozenset(data["giving_kinds"]),
        "implementing": frozenset(verb.lower() for verb in data["implementing_verbs"]),
        "anaphora": WordLed(compiled(regex, rf"{BEFORE}(?<!(?i:các|những|nhiều|số|\d)\s+)(?:{phrases(data['anaphora'])})"
                                            rf"{AFTER}(?!\s+(?:\p{{Lu}}|phi\s+chính\s+phủ|quốc\s+tế|nước\s+ngoài))"),
                            data["anaphora"]),
        "reach": data["anaphora_reach"], "agent_reach": data["agent_reach"],
        # a short form in brackets right after a body: "Tổ chức Plan quốc tế tại Việt Nam (Plan)",
        # "Tổ chức Church World Service (CWS, Hoa Kỳ)"
        "short_form": compiled(regex, r"\s*\((\p{Lu}[\p{L}\p{N}&-]{1,24})(?:,[^()]{0,40})?\)"),
    }


def text_phrases() -> list[Phrases]:
    """The lists of phrases :class:`Donors` reads in the whole text (see :meth:`Sentences.phrases`)."""
    return [_donor_rules()["own_funds"]]


class Donors:
    """The givers of the figures of one doc, looked up by a figure's position."""

    def __init__(self, doc: Doc, clauses: Clauses):
        """The bodies are read when a figure that may have givers first asks (an article whose
        figures are counts and percents has none)."""
        self.text, self.clauses, self.rules = doc.text, clauses, _donor_rules()
        self._far: dict[int, regex.Match | bool | None] = {}   # a body's agent match read to its reach (see _agent_at)
        self._groups: dict[tuple[int, int], int] = {}   # (first body of a clause, agent) -> first body coordinated with it
        self._marks: dict[tuple[int, int], list[tuple[Body, bool]]] = {}   # a clause's or sentence's _marked

    @functools.cached_property
    def bodies(self) -> list[Body]:
        """The bodies that can give, and the words that stand for them again, in text order."""
        bodies = []
        for start, end, data in self.clauses.sentences.organizations:
            if data.get("name") and self._can_give(data):
                foreign = (data.get("country") or "VN") != "VN" or data.get("kind") in self.rules["giving_kinds"]
                bodies.append(Body(start, end, data["name"], data.get("org_id"), foreign))
        return sorted(bodies + self._named_again(bodies, self.clauses.sentences.organizations),
                      key=lambda b: (b.start, b.end))

    @functools.cached_property
    def starts(self) -> list[int]:
        return [b.start for b in self.bodies]

    @functools.cached_property
    def own_funds(self) -> list[int]:
        """Where the words of a giver's own funds end ("vốn đối ứng của tỉnh")."""
        return [m.end() for m in self.clauses.sentences.phrases(self.rules["own_funds"])]

    def _named_again(self, bodies: list[Body], organizations: list[tuple[int, int, dict]]) -> list[Body]:
        """"tổ chức", "Quỹ" standing for the last body that can give named before them (``organizations``:
        (start, end, data) of every organization span)."""
        if not bodies:   # nothing to stand for: the words are not looked for (three articles in four with an amount)
            return []
        ends = sorted((b.end, n) for n, b in enumerate(bodies))
        covered = sorted((start, end) for start, end, _ in organizations)
        found = self._short_forms(bodies, covered)
        for m in self.rules["anaphora"].finditer(self.text):
            inside = bisect.bisect_right(covered, (m.start(), float("inf"))) - 1
            if inside >= 0 and covered[inside][1] > m.start():
                continue   # part of a name
            last = bisect.bisect_right(ends, (m.start(), float("inf"))) - 1
            if last >= 0 and m.start() - ends[last][0] <= self.rules["reach"]:
                referent = bodies[ends[last][1]]
                found.append(Body(m.start(), m.end(), referent.name, referent.org_id, referent.foreign))
        return found

    def _short_forms(self, bodies: list[Body], covered: list[tuple[int, int]]) -> list[Body]:
        """A body's short form in brackets, written again later alone, is that body."""
        forms = {}
        for body in bodies:
            m = self.rules["short_form"].match(self.text, body.end)
            if m and m.group(1) not in forms:
                forms[m.group(1)] = (m.end(), body)
        if not forms:
            return []
        found = []
        pattern = regex.compile(rf"{BEFORE}(?:{literals(forms)}){AFTER}")
        for m in pattern.finditer(self.text):
            after, body = forms[m.group()]
            inside = bisect.bisect_right(covered, (m.start(), float("inf"))) - 1
            if m.start() >= after and not (inside >= 0 and covered[inside][1] > m.start()):
                found.append(Body(m.start(), m.end(), body.name, body.org_id, body.foreign))
        return found

    def _can_give(self, data: dict) -> bool:
        """A foreign body, or one that is not a Vietnamese state or party body."""
        if data.get("country") and data.get("country") != "VN":
            return True
        if data.get("kind") in self.rules["not_kinds"]:
            return False
        return not self.rules["not_name"].search(data["name"]) or bool(self.rules["foreign"].search(data["name"]))

    def donors(self, start: int, end: int, kind: str = "money") -> Given:
        """The givers of the figure at ``start:end``: in its clause, else in its sentence. Only
        money has givers, and a count of things given or of those who get them ("Đại sứ quán
        Israel trao tặng 15 chiếc xe lăn", "hỗ trợ phẫu thuật cho 1.204 trẻ em"); a percent, a
        ratio or another count ("hợp tác giữa hai nước") has none."""
        if kind != "money" and not (kind == "count" and self.rules["given_count"].match(
                self.text, max(0, start - 60), start)):
            return NOBODY
        segment = self.clauses.segment(start)
        last_own = bisect.bisect_right(self.own_funds, start) - 1
        if last_own >= 0 and self.own_funds[last_own] > segment[0]:
            return NOBODY   # "vốn đối ứng của tỉnh 500.000 USD", "người dân đóng góp 200 triệu đồng"
        clause = self.clauses.clause(start)
        sentence = self.clauses.sentences.spans[self.clauses.sentences.of(start)]
        for source, (low, high) in (("clause", clause), ("sentence", sentence)):
            # the agent and whoever funds it ("X hỗ trợ ... từ nguồn tài trợ của Y"); one who
            # only carries out a project funded by a body named ("do CARE triển khai ... do EU
            # đồng tài trợ") is not a donor
            agents, implementing = self._agents(low, start)
            # past its clause, a body of a later clause is that clause's ("...; dự án Điện Nghi Sơn 2,
            # trị giá 2,793 tỷ USD; ...; thỏa thuận hợp tác giữa Tập đoàn TH và ...")
            found = [(body, implementing) for body in agents] + self._marked(low, min(high, clause[1]))
            if not all(only for _, only in found):
                found = [(body, only) for body, only in found if not only]
            found = [body for body, _ in found]
            if found:
                unique = list({body.org_id or body.name: body for body in reversed(found)}.values())[::-1]
                return Given(tuple(b.name for b in unique), tuple(b.org_id for b in unique), source)
        return NOBODY

    def _inside(self, low: int, high: int) -> list[Body]:
        return self.bodies[bisect.bisect_left(self.starts, low):bisect.bisect_left(self.starts, high)]

    @functools.cached_property
    def longest(self) -> int:
        return max((b.end - b.start for b in self.bodies), default=0)

    @functools.cached_property
    def far_agents(self) -> list[int]:
        """The numbers of the bodies whose agent match, read to its reach, is found (asked only where a
        figure stands beyond the reach of some body of its clause)."""
        return [number for number, body in enumerate(self.bodies)
                if self._agent_at(number, body.end + self.rules["agent_reach"] + 1)]

    def _agents(self, low: int, figure: int) -> tuple[list[Body], bool]:
        """The subject of the giving verb nearest before the figure, with the bodies coordinated
        with it ("USAID và UNICEF hỗ trợ"), and whether the verb only implements ("triển khai").
        Each body's verb is looked for up to the figure, at most ``agent_reach`` characters after the
        body: beyond it the bodies' matches are read once, so that a sentence of many bodies and
        amounts costs linear time."""
        first, number = bisect.bisect_left(self.starts, low), bisect.bisect_left(self.starts, figure) - 1
        near = figure - self.rules["agent_reach"] - self.longest   # a body starting after it may reach the figure
        found = None
        while number >= first and not found and self.bodies[number].start > near:
            found = self._agent_at(number, figure)
            number -= 0 if found else 1
        if not found and number >= first:
            last = bisect.bisect_right(self.far_agents, number) - 1
            if last >= 0 and self.far_agents[last] >= first:
                number = self.far_agents[last]
                found = self._agent_at(number, figure)
        if not found:
            return [], False
        implementing = found is not True and found.group("verb").lower() in self.rules["implementing"]
        return self.bodies[self._group_start(first, number):number + 1], implementing

    def _agent_at(self, number: int, figure: int) -> regex.Match | bool | None:
        """The agent rule's match after body ``number`` read up to the figure and at most ``agent_reach``
        characters (True: a foreign body's own verb; None: neither); read once for a figure beyond the reach."""
        body = self.bodies[number]
        end = min(figure, body.end + self.rules["agent_reach"])
        if end < figure and number in self._far:
            return self._far[number]
        m = self.rules["agent"].match(self.text, body.end, end)
        if m is None and body.foreign and self.rules["foreign_verb"].match(self.text, body.end, end):
            m = True
        if end < figure:
            self._far[number] = m
        return m

    def _group_start(self, first: int, number: int) -> int:
        """The first of the bodies from ``first`` on coordinated with body ``number`` right before it."""
        key = (first, number)
        if key not in self._groups:
            start = number
            while start > first and self.rules["coordinated"].match(self.text, self.bodies[start - 1].end,
                                                                    self.bodies[start].start):
                start -= 1
            self._groups[key] = start
        return self._groups[key]

    def _marked(self, low: int, high: int) -> list[tuple[Body, bool]]:
        """Bodies marked as givers by the words before them: passive, source, lender, signing;
        with whether the passive's verb only implements ("do CARE triển khai"); read once per clause or sentence."""
        if (low, high) in self._marks:
            return self._marks[low, high]
        found = self._marks[low, high] = []
        for body in self._inside(low, high):
            before = max(low, body.start - 60)
            if self.rules["passive"].match(self.text, before, body.start):
                m = self.rules["passive_verb"].match(self.text, body.end, high)
                if m:
                    found.append((body, m.group("verb").lower() in self.rules["implementing"]))
            elif any(self.rules[kind].match(self.text, before, body.start) for kind in ("source", "lender", "signing")):
                found.append((body, False))
        return found
