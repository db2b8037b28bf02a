"""WordLed (pipeline.rules.grammar: a pattern searched only where its first words stand) finds what the pattern's own
finditer finds: on the attribution corpora and on texts made to trip it (words glued to others,
repeated, overlapping the end of a match, at the very start and end, capitalised)."""
from __future__ import annotations

import pytest

from pipeline.facts.donors import _donor_rules
from pipeline.facts.subjects import _subject_rules
from pipeline.rules import patterns

EDGES = [
    "", "tỉnh", "toàn tỉnh", "tỉnh ta tỉnh", "các tỉnh", "8 tỉnh và thành phố", "tỉnhtỉnh tỉnh", "xtỉnh tỉnh",
    "thành phố Hà Nội, thành phố ta, toàn tỉnh.", "Tỉnh tỉnh  ta\ntỉnh", "tỉnh tỉnh tỉnh", "thành  phố  ta",
    "Quỹ này, tổ chức này và quỹ", "các tổ chức tổ chức", "Quỹ Quỹ quỹ này", "tổ chức phi chính phủ, tổ chức",
    "số quỹ; 3 quỹ, những tổ chức này", "tổ chức Quỹ", "quỹ", "tổ",
]


def _texts() -> list[str]:
    lines = [line.split("\t")[0] for name in ("subjects", "donors", "periods", "metrics")
             for line in (patterns.folder() / f"{name}.corpus.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return EDGES + lines + ["\n".join(lines)]


@pytest.mark.parametrize("led", [_subject_rules()[1]["unnamed"], _donor_rules()["anaphora"]],
                         ids=["unnamed", "anaphora"])
def test_a_word_led_pattern_finds_what_its_finditer_finds(led):
    for text in _texts():
        assert [m.span() for m in led.finditer(text)] == [m.span() for m in led.pattern.finditer(text)], text
