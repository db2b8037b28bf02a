"""Tone marks on the wrong vowel of a syllable, moved where the orthography puts them.

    >>> fix_misplaced_tone_marks("Sở Kế họach và Đầu tư, Ban Đối ngọai, Qũy Vì người nghèo")
    'Sở Kế hoạch và Đầu tư, Ban Đối ngoại, Quỹ Vì người nghèo'

The rules are data (``patterns/tone_marks.yaml``). From them one regex (a trie of every
vowel cluster with its mark set before the vowel that takes it, each with the context in
which that is wrong) is compiled: one pass over the text, no Python loop over words; only a
misplaced mark is a match. A precomposed letter is swapped for another, so the text keeps
its length and every offset (the normalizer calls this on its own output). The old-style
"hoà" (a mark after the vowel that takes it) is the normalizer's own ``fix_tone_marks``.
"""
from __future__ import annotations

import re
import unicodedata

from pipeline.rules import patterns
from pipeline.rules.grammar import trie
from pipeline.rules.compiled import compiled

#: the five tone marks as combining characters: huyền, sắc, hỏi, ngã, nặng
TONES = "\u0300\u0301\u0309\u0303\u0323"


def _toned(nucleus: str, position: int, tone: str) -> str:
    return unicodedata.normalize("NFC", nucleus[:position + 1] + tone + nucleus[position + 1:])


class TonePlacement:
    """The compiled rules of ``tone_marks.yaml``."""

    def __init__(self):
        spec = patterns.load_yaml("tone_marks.yaml")
        self.shaped = set(spec["shaped"])
        nuclei = spec["nuclei"]
        self.onsets = set(spec["onsets"])
        codas = "(?i:" + "|".join(sorted(spec["codas"], key=len, reverse=True)) + ")"
        conditions: dict[str, set[str]] = {}   # a misplaced form -> what follows it where it is misplaced
        classes = (   # (vowels taken by the onset, nuclei, what must stand right before them)
            (0, [n for n in nuclei if n[0] not in "ui"], ""),
            (0, [n for n in nuclei if n[0] == "u"], "(?<![qQ]{})"),
            (0, [n for n in nuclei if n[0] == "i"], "(?<![gG]{})"),
            (1, [n for n in nuclei if n[0] == "u"], "(?<=[qQ]{})"),                  # "qu"
            (1, [n for n in nuclei if n[0] == "i" and len(n) > 1], "(?<=[gG]{})"),   # "gi"
        )
        for skip, candidates, before in classes:
            for closed, after in ((False, r"(?!\w)"), (True, "(?=" + codas + r"(?!\w))")):
                for form in self._wrong_forms(candidates, skip, closed):
                    for cased in (form, form.capitalize(), form.upper()):
                        conditions.setdefault(cased, set()).add(after + before.format(re.escape(cased)))
        vowels = "[" + "".join(sorted(set(unicodedata.normalize("NFC", v + t) for n in nuclei for v in n + n.upper()
                                           for t in ("", *TONES)))) + "]"
        # the whole vowel cluster of the syllable: no vowel right before it
        tails = {form: "(?:" + "|".join(sorted(found)) + ")(?<!" + vowels + re.escape(form) + ")"
                 for form, found in conditions.items()}
        # stdlib re: a literal trie is scanned fastest there; the onset is checked in rewrite()
        self.pattern = compiled(re, trie(conditions, tails))

    def canonical(self, nucleus: str, closed: bool, skip: int = 0) -> int:
        """The index of the vowel that takes the tone in ``nucleus`` (without tone marks);
        ``skip`` leading vowels belong to the onset ("qu", "gi")."""
        vowels = nucleus[skip:]
        shaped = [i for i, c in enumerate(vowels) if c in self.shaped]
        if shaped:
            index = shaped[-1]
        elif len(vowels) == 1:
            index = 0
        elif closed:
            index = len(vowels) - 1
        else:
            index = 1 if len(vowels) == 3 else 0
        return index + skip

    def _wrong_forms(self, nuclei, skip: int, closed: bool) -> set[str]:
        """Every nucleus with a tone mark on a vowel before the one that takes it."""
        right_index = {n: self.canonical(n, closed, skip) for n in nuclei}
        return {_toned(n, i, tone) for n in nuclei for i in range(right_index[n]) for tone in TONES}

    def rewrite(self, m: re.Match) -> str:
        """The vowels of the syllable with the tone mark on the right one (case kept letter by
        letter); unchanged when the letters before them are no onset or the mark is right there."""
        written, text = m.group(), m.string
        first = m.start()
        while first > 0 and text[first - 1].isalpha():
            first -= 1
        onset = text[first:m.start()].lower()
        if onset and onset not in self.onsets:
            return written
        bare_first = unicodedata.normalize("NFD", written[0].lower())[0]
        skip = 1 if (onset == "q" and bare_first == "u") or (onset == "g" and bare_first == "i" and len(written) > 1) else 0
        closed = m.end() < len(text) and text[m.end()].isalpha()
        decomposed = unicodedata.normalize("NFD", written.lower())
        tone = next(c for c in decomposed if c in TONES)
        bare = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
        fixed = _toned(bare, self.canonical(bare, closed, skip), tone)
        return "".join(f.upper() if w.isupper() else f for w, f in zip(written, fixed))


@patterns.resource
def placement() -> TonePlacement:
    """The rules of ``tone_marks.yaml``, compiled once per process."""
    return TonePlacement()


def fix_misplaced_tone_marks(text: str) -> str:
    """``text`` with every misplaced tone mark moved; the same length as ``text``.

    ``fix_misplaced_tone_marks("Kế họach")`` -> ``"Kế hoạch"``
    """
    rules = placement()
    return rules.pattern.sub(rules.rewrite, text)
