"""Stage 2: raw article text in, clean Vietnamese text out.

Mojibake repaired (ftfy), legacy font encodings converted (TCVN3, VNI:
:mod:`pipeline.text.legacy`), Unicode NFC, one tone-mark convention ("hoà" -> "hòa",
"Thuỳ" -> "Thùy"), odd spaces and zero-width characters, and scraped page chrome (login prompts, share
bars, "Lượt xem: 10894", visitor counters, file paths, repeated captions)
dropped line by line. The rules live in ``patterns/normalize.yaml`` and
``patterns/boilerplate.yaml``. All output offsets refer to the text returned here.

    >>> normalize("Lượt xem: 10894\\nÔng Lại Văn Hoàn, Phó Chủ tịch UBND tỉnh Thái Bình").text
    'Ông Lại Văn Hoàn, Phó Chủ tịch UBND tỉnh Thái Bình'
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

import ftfy
import regex

from pipeline.rules import patterns
from pipeline.rules.budget import checkpoint
from pipeline.rules.compiled import compiled
from pipeline.text import legacy
from pipeline.text.tone_marks import fix_misplaced_tone_marks

TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


@dataclass
class Normalized:
    """The clean text and what was removed to get it (rule name per dropped line)."""

    text: str
    dropped: list[tuple[str, str]] = field(default_factory=list)
    repaired_mojibake: bool = False
    legacy_font: str | None = None   # "tcvn3" or "vni" when the text was typed in one


@functools.lru_cache(maxsize=1)
def _rules():
    settings = patterns.load_yaml("normalize.yaml")
    boiler = patterns.load_yaml("boilerplate.yaml")
    tone_map = {}
    for pair in settings["tone_shift_pairs"]:
        first, second = pair[0], pair[1]
        for mark in TONE_MARKS:
            for f, s in ((first, second), (first.upper(), second), (first.upper(), second.upper())):
                old = f + unicodedata.normalize("NFC", s + mark)
                new = unicodedata.normalize("NFC", f + mark) + s
                tone_map[old] = new
    # the pair ends its syllable and does not follow "q" (one pass over the text, no backtracking)
    tone_pattern = regex.compile(r"(?<![qQ])(?:" + "|".join(map(regex.escape, tone_map)) + r")(?!\p{L})")
    translate = {ord(c): None for c in settings["remove_chars"]}
    translate.update({ord(c): " " for c in settings["space_chars"]})
    translate.update({ord(c): "\n" for c in settings["newline_chars"] if c != "\r"})
    mojibake = regex.compile("|".join(map(regex.escape, settings["mojibake_markers"])))
    # str.translate looks up every character; most texts have none to change, which one search tells
    translate = translate, regex.compile("[" + "".join(map(regex.escape, map(chr, translate))) + "]")
    return tone_map, tone_pattern, translate, mojibake, line_rules(boiler["lines"]), boiler


def line_rules(rules: list[dict]):
    """All boilerplate rules as one pattern, one named group per rule, tried in file order:
    ``fullmatch`` of the alternation picks the first rule whose pattern covers the whole line,
    as trying them one by one would, in one call instead of one per rule."""
    groups = []
    for number, rule in enumerate(rules):
        pattern = rule["pattern"]
        scoped = regex.match(r"\(\?([a-zA-Z]+)\)", pattern)   # a leading (?i) applies to this rule only
        if scoped:
            pattern = f"(?{scoped.group(1)}:{pattern[scoped.end():]})"
        groups.append(f"(?P<r{number}>{pattern})")
    names = {f"r{number}": rule["name"] for number, rule in enumerate(rules)}
    # anchored: a rule is for a whole line, and nothing tries it from inside one
    return compiled(regex, r"\A(?:" + "|".join(groups) + r")\Z", regex.V1), names


def fix_tone_marks(text: str) -> str:
    """Move old-style tone marks: ``fix_tone_marks("Thuỳ hoà")`` -> ``"Thùy hòa"``."""
    tone_map, tone_pattern, *_ = _rules()
    return tone_pattern.sub(lambda m: tone_map[m.group()], text)


def boilerplate_rule(line: str) -> str | None:
    """The name of the boilerplate rule a (trimmed) line matches, or None."""
    *_, (combined, names), _ = _rules()
    found = combined.fullmatch(line)
    if found is None:
        return None
    return next(name for group, name in names.items() if found.start(group) >= 0)


def _is_doubled(line: str, min_chars: int) -> bool:
    half, rest = divmod(len(line), 2)
    if half < min_chars:
        return False
    # "A A": two equal halves around one space
    return rest == 1 and line[:half] == line[half + 1:] and line[half] == " "


def normalize(raw: str) -> Normalized:
    """Clean one article's text (see module docstring)."""
    _, _, translate, mojibake, _, boiler = _rules()
    repaired = bool(mojibake.search(raw))
    if repaired:
        raw = ftfy.fix_encoding(raw)
    raw, font = legacy.convert(raw)
    table, odd = translate
    text = raw.replace("\r\n", "\n").translate(table) if odd.search(raw) else raw
    text = unicodedata.normalize("NFC", text)
    text = fix_misplaced_tone_marks(fix_tone_marks(text))
    kept, dropped, seen = [], [], set()
    block_rules = set(boiler["related_block_rules"])
    in_block = False
    for line in text.split("\n"):
        checkpoint()
        line = " ".join(line.split())
        if not line:
            in_block = False
            if kept and kept[-1] != "":
                kept.append("")
            continue
        rule = "related_link" if in_block else boilerplate_rule(line)
        in_block = in_block or rule in block_rules
        if rule is None and _is_doubled(line, boiler["doubled_line_min_chars"]):
            if len(line) // 2 < boiler["doubled_body_min_chars"]:
                rule = "doubled_line"
            else:   # a body scraped twice on one line: one copy stays
                dropped.append(("doubled_body", line[len(line) // 2 + 1:]))
                line = line[:len(line) // 2]
        if rule is None and len(line) >= boiler["repeated_line_min_chars"] and line in seen:
            rule = "repeated_line"
        if rule:
            dropped.append((rule, line))
            continue
        seen.add(line)
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    return Normalized("\n".join(kept), dropped, repaired, font)
