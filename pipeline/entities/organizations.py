"""Organizations: state, Party, mass, foreign and international bodies named in the text.

A name is read with the grammar in ``patterns/organizations.yaml`` (HEAD, then a
FIELD or an open proper name, then an OWNER organization or a PLACE), plus the
names and short forms of ``patterns/acronyms.csv`` and those the article defines
in brackets. Every mention is a row whose ``name`` is canonical within the article:

    "UBND tỉnh Thái Bình"                     -> "Ủy ban nhân dân tỉnh Thái Bình" (acronym "UBND tỉnh Thái Bình")
    "Ban Thường vụ Tỉnh ủy Thái Nguyên"        -> head "Ban", field "Thường vụ", owner "Tỉnh ủy Thái Nguyên"
    "... hữu nghị Việt Nam (VUFO)", "VUFO"     -> both "Liên hiệp các tổ chức hữu nghị Việt Nam"
    "UBND tỉnh" in an article about Lạng Sơn   -> "Ủy ban nhân dân tỉnh Lạng Sơn"
    "Sở Ngoại vụ" after "Sở Ngoại vụ tỉnh Lạng Sơn" -> "Sở Ngoại vụ tỉnh Lạng Sơn"
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component
from pipeline.entities.org_grammar import OrgName, canonical, grammar
from pipeline.rules.budget import checkpoint
from pipeline.rules.grammar import alternation, fold
from pipeline.rules.overlap import longest_first, non_overlapping

SPEC = ComponentSpec(
    name="organizations", span_key="organizations", table="organizations", label="ORG", color="#7aecec",
    columns=(
        Column("name", "string", "canonical full name within the article (UBND written out, bare names completed)"),
        Column("acronym", "string", "its short form: defined in the text, from patterns/acronyms.csv, or the head's"),
    ),
    internal=("head",),
    reads=("doc.spans[provinces]",),
    assigns=("doc.spans[organizations]", "doc._.org_context"),
    scores=(Score("organizations", gold="organizations", pairs=((None, "name", "name"),), method="identity"),),
)


def own_province(doc) -> tuple[str, str] | None:
    """(name, kind) of the province the article mentions most (the first on a tie), or None."""
    spans = sorted(doc.spans["provinces"], key=lambda s: s.start_char) if "provinces" in doc.spans else []
    if not spans:
        return None
    names = [span._.data["name"] for span in spans]
    counts = Counter(names)
    best = max(range(len(names)), key=lambda i: (counts[names[i]], -names.index(names[i])))
    return names[best], spans[best]._.data.get("kind") or "tỉnh"


@component(SPEC)
class OrganizationFinder:
    """Finds organization names in ``doc.text`` (runs after the province gazetteer).

    Leaves ``doc._.org_context`` = {"own": (province, kind), "placed": [names]}
    for the officials extractor, which reads names after titles with the same grammar.
    """

    def __init__(self):
        self.grammar = grammar()

    def candidates(self, text: str, provinces: dict) -> list[OrgName]:
        g = self.grammar
        found = []
        for m in g.head_re.finditer(text):
            checkpoint()
            org = g.parse_head(text, m.start(), provinces)
            if org:
                found.append(org)
        for m in g.absorbing_re.finditer(text):
            head = g.heads[fold(g.absorbed_head[fold(m.group())])]
            start = m.end() - len(head["name"])
            org = g.parse_rest(text, start, m.end(), head, provinces)
            if org:
                found.append(replace(org, rule="title+" + org.rule))
        for m in g.table_re.finditer(text):
            row = g.table_row(m.group())
            found.append(OrgName(m.start(), m.end(), "", full=row["name"],
                                 rule="acronyms.csv" if m.group() == row["acronym"] else "acronyms.csv name"))
        return sorted(non_overlapping(found, prefer=longest_first), key=lambda o: o.start)

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        provinces = {span.start_char: span for span in doc.spans["provinces"]} if "provinces" in doc.spans else {}
        own = own_province(doc)
        orgs = self.candidates(text, provinces)
        placed = sorted({org.name(own) for org in orgs if not org.bare})
        names = {org: canonical(org, own, placed) for org in orgs}

        # short forms defined in brackets (not mentions of their own), then their other mentions
        defined, brackets = {}, []
        for org in orgs:
            short = self.grammar.short_form(text, names[org][0], org.end)
            if short:
                defined.setdefault(short, names[org][0])
                start = text.index(short, org.end)
                brackets.append((start, start + len(short)))
        orgs = [org for org in orgs if (org.start, org.end) not in brackets]
        if defined:
            alias_re = regex.compile(r"(?<![\p{L}\p{N}&-])(?:" + alternation(map(regex.escape, defined))
                                     + r")(?![\p{L}\p{N}&]|-\p{L})")
            extra = [OrgName(m.start(), m.end(), "", full=defined[m.group()], rule="short form defined in text")
                     for m in alias_re.finditer(text) if m.span() not in brackets]
            orgs = sorted(non_overlapping(orgs + extra, prefer=longest_first), key=lambda o: o.start)
            names.update({org: (org.full, "") for org in extra})

        # a classifier ("tổ chức") belongs to a name as the article writes it inside sentences
        # ("Tổ chức Children Of Vietnam", then "COV" too; "tổ chức WVI" -> "Tầm nhìn Thế giới")
        for base, classifier in self.classifier_use(orgs).items():
            for org in orgs:
                if (org.open_name if org.head in self.grammar.classifiers else org.full) == base:
                    name = f"{classifier} {base}" if classifier else base
                    names[org] = (name, names[org][1] + ("+context" if name != names[org][0] else ""))

        doc._.org_context = {"own": own, "placed": placed}
        acronyms = {name: short for short, name in defined.items()}
        return [Match(org.start, org.end, {
            "name": names[org][0], "acronym": self.acronym(names[org][0], org.head, acronyms), "head": org.head or None,
        }, rule=org.rule + names[org][1]) for org in orgs]

    def classifier_use(self, orgs: list[OrgName]) -> dict[str, str | None]:
        """name -> the classifier to write before it ("Tổ chức") or None, by the majority of
        its mentions inside sentences; mentions at a sentence start only count if alone."""
        votes, alone = {}, {}
        for org in orgs:
            if org.head in self.grammar.classifiers and org.open_name:
                if org.in_name is None:
                    alone[org.open_name] = org.head
                else:
                    votes.setdefault(org.open_name, Counter())[org.head if org.in_name else None] += 1
        decided = {}
        for base, count in votes.items():
            ranked = count.most_common()
            tie = len(ranked) > 1 and ranked[0][1] == ranked[1][1]
            decided[base] = next(c for c in count if c) if tie else ranked[0][0]
        return {**alone, **decided}

    def acronym(self, name: str, head: str, defined: dict) -> str | None:
        """The short form: defined in the text, from acronyms.csv, or the head's ("UBND tỉnh Thái Bình")."""
        unclassified = next((name[len(c) + 1:] for c in self.grammar.classifiers if name.startswith(c + " ")), name)
        found = defined.get(name) or self.grammar.acronym_of.get(fold(name)) or self.grammar.acronym_of.get(fold(unclassified))
        short_head = self.grammar.head_short.get(head)
        if not found and short_head and name.startswith(head):
            found = short_head + name[len(head):]
        return found
