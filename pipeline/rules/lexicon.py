"""The words of Vietnamese as the lexicon file ``patterns/counted_nouns.lexicon.txt`` lists them (made from
the dictionaries and the tagger underthesea ships: ``scripts/make_counted_nouns.py``), looked up by their
lower-case syllables.

``words()["nouns"]`` holds ``("thuyền", "viên")``; :func:`is_word` asks any section: the counted nouns
(:mod:`pipeline.facts.counts`) read the sections apart, the officials ask whether a given name and the word after
it make a word ("Công ty", "An toàn": no person).
"""

from __future__ import annotations

import functools

from pipeline.rules import patterns

#: a consonant and a final i or y are one syllable written two ways ("sĩ" / "sỹ", "lý" / "lí", "kỹ" / "kĩ")
_I_OR_Y_AFTER = frozenset("hklmst")
_Y_AS_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


def key(phrase: str) -> tuple[str, ...]:
    return tuple(map(spelled, phrase.split()))


@functools.lru_cache(maxsize=4096)
def spelled(word: str) -> str:
    """A word as the lexicon is looked up: lower case, a final y after one consonant read as i
    ("Sỹ" -> "sĩ"; "quý", "thủy" unchanged)."""
    word = word.lower()
    return word[0] + word[1].translate(_Y_AS_I) if len(word) == 2 and word[0] in _I_OR_Y_AFTER else word


def lexicon_keys(handle) -> dict[str, list[tuple[str, ...]]]:
    """The lexicon file's sections as lookup keys (:func:`key` of each entry): kept parsed beside
    the compile cache (:func:`pipeline.rules.patterns.parsed`), since making the keys of its 32,000
    entries took 50 ms of every start."""
    return {name: [key(word) for word in words] for name, words in lexicon_sections(patterns.words_of(handle)).items()}


def lexicon_sections(lines) -> dict[str, list[str]]:
    """``[nouns]``, ``[measures]``, ``[not nouns]`` and ``[seen words]`` of the lexicon file."""
    sections, current = {"nouns": [], "measures": [], "not nouns": [], "seen words": []}, None
    for line in lines:
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        elif current:
            sections[current].append(line)
    return sections


def words() -> dict[str, list[tuple[str, ...]]]:
    """The lexicon's sections, as keys (parsed once per file's bytes, then read back: :func:`patterns.parsed`)."""
    return patterns.parsed("counted_nouns.lexicon.txt", lexicon_keys,
                           uses=(patterns.words_of, lexicon_sections, key, spelled))


@patterns.resource
def every_word() -> frozenset[tuple[str, ...]]:
    """Every entry of every section: the words of several syllables underthesea's dictionaries and tagger know."""
    return frozenset(entry for entries in words().values() for entry in entries)


@patterns.resource
def counted_by_hand() -> frozenset[tuple[str, ...]]:
    """The nouns kept by hand as what numbers count in the news (``patterns/counted_nouns.txt``: "người", "giường",
    "bệnh nhân"), not the lexicon's thirty thousand, which hold verbs' homographs ("điều": a thing, and to dispatch);
    read once for the counts (:class:`pipeline.facts.counts.CountedNouns`) and the organizations' unit numbers."""
    return frozenset(key(word) for word in patterns.load_words("counted_nouns.txt"))


def counts_a_noun(words: str) -> bool:
    """Do ``words`` after a number open with a noun it counts ("700 giường bệnh", "30 bệnh nhân"; not "1 điều 2 trực
    thăng")?"""
    keys = key(words)
    return any(keys[:n] in counted_by_hand() for n in (1, 2, 3))


def is_word(phrase: str) -> bool:
    """Is ``phrase`` ("Công ty", "an toàn") a word of the lexicon, in any case?"""
    return key(phrase) in every_word()
