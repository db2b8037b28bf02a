"""Subjects: whom or where a figure belongs to (``patterns/subjects.yaml``).

A place first: the provinces of the gazetteer, provincial bodies (their province),
the country ("Việt Nam": "cả nước", "toàn quốc"), an unnamed "tỉnh" (the province of
the context); an organization only where no place is known.

    >>> Subjects(doc, sentences).subject(start, end)
    'Sơn La'
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

import regex
from spacy.tokens import Doc

from pipeline.facts.sentences import Sentences
from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, literals, phrases


@patterns.resource
def _subject_rules():
    data = patterns.load_yaml("subjects.yaml")
    not_after = phrases(data["national_not_after"])
    national = regex.compile(rf"{BEFORE}(?<!(?:{not_after})\s+)(?:{phrases(data['national_cues'])}){AFTER}")
    unnamed = regex.compile(rf"{BEFORE}(?:{phrases(data['unnamed_province'])}){AFTER}(?!\s+\p{{Lu}})")
    province_names = {row["name"] for row in patterns.load_csv("provinces.csv")}
    in_name = regex.compile(r"(?:tỉnh|thành phố|TP\.?)\s+(" + literals(province_names) + r")(?![\p{L}])")
    return data, national, unnamed, in_name


@dataclass
class SubjectMention:
    """A place or organization named in the text, a candidate subject of the figures near it."""

    start: int
    name: str | None   # None: an unnamed "tỉnh" pointing back to the province in context
    place: bool        # a province or the country, rather than an organization


class Subjects:
    """The candidate subjects of one doc, looked up by a figure's position."""

    def __init__(self, doc: Doc, sentences: Sentences):
        data, national, unnamed, in_name = _subject_rules()
        text = doc.text
        self.sentences = sentences
        mentions: list[SubjectMention] = []
        org_ranges = []
        for span in doc.spans["organizations"] if "organizations" in doc.spans else []:
            name = (span._.data or {}).get("name")
            if not name:
                continue
            org_ranges.append((span.start_char, span.end_char))
            province = in_name.search(name)
            if province:
                mentions.append(SubjectMention(span.start_char, province.group(1), True))
            elif unnamed.search(name.split()[-1]):   # "Hội đồng nhân dân tỉnh": the province in context
                mentions.append(SubjectMention(span.start_char, None, True))
            elif not national.fullmatch(name):
                mentions.append(SubjectMention(span.start_char, name, False))
        self.eras = defaultdict(lambda: ([], []))   # province name -> (starts, eras) of its mentions
        for span in doc.spans["provinces"] if "provinces" in doc.spans else []:
            mentions.append(SubjectMention(span.start_char, span._.data["name"], True))
            starts, eras = self.eras[span._.data["name"]]
            starts.append(span.start_char)
            eras.append(span._.data.get("era"))
        for pattern, name in ((national, data["national"]), (unnamed, None)):
            for m in pattern.finditer(text):
                if not any(start <= m.start() < end for start, end in org_ranges):
                    mentions.append(SubjectMention(m.start(), name, True))
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.by_sentence = sentences.group(self.mentions)
        # per sentence, the last named place (else the last named mention) of the nearest earlier
        # sentence of its paragraph that has one
        self.earlier_place = sentences.carry([_last(here, place=True) for here in self.by_sentence])
        self.earlier_named = sentences.carry([_last(here, place=False) for here in self.by_sentence])
        lead = sentences.spans[:data["lead_sentences"]]
        lead_end = lead[-1][1] if lead else 0
        lead_places = [m for m in self.mentions if m.name and m.place and m.start < lead_end]
        self.home = lead_places[0].name if lead_places else None

    def subject(self, start: int, end: int) -> str | None:
        """The place the figure belongs to, else an organization.

        Places first at every level: the nearest place before the figure in its sentence
        (an unnamed "tỉnh" there means the province in context), else one after it, else
        the last place of an earlier sentence of the paragraph, else the article's home
        (the first place of the headline and lead). An organization only where no place
        is known: a donor or company in the sentence does not own the province's figure.
        """
        number = self.sentences.of(start)
        here = self.by_sentence[number]
        places = [m for m in here if m.place]
        before = [m for m in places if m.start < start]
        after = [m for m in places if m.start >= end]
        nearest = before[-1] if before else after[0] if after else None
        if nearest is not None and nearest.name:
            return nearest.name
        if self.earlier_place[number]:
            return self.earlier_place[number]
        if self.home:
            return self.home
        organizations = [m for m in here if not m.place]
        if organizations:
            before = [m for m in organizations if m.start < start]
            return (before[-1] if before else organizations[0]).name
        return self.earlier_named[number]

    def era(self, subject: str | None, start: int) -> str | None:
        """The era (pre_2025/post_2025) of a province subject: that of the nearest mention
        of the province before the figure, else after it."""
        if subject not in self.eras:
            return None
        starts, eras = self.eras[subject]
        before = bisect.bisect_left(starts, start)
        return eras[before - 1] if before else eras[0]


def _last(mentions: list[SubjectMention], place: bool) -> str | None:
    """The name of the last named mention (a place only, with ``place``), or None."""
    named = [m.name for m in mentions if m.name and (m.place or not place)]
    return named[-1] if named else None
