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
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import regex

from pipeline.rules import patterns
from pipeline.rules.budget import checkpoint
from pipeline.rules.compiled import compiled
from pipeline.rules.grammar import trie
from pipeline.text import legacy
from pipeline.text.chunks import ChunkMemo
from pipeline.text.tone_marks import fix_misplaced_tone_marks

TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


@dataclass
class Normalized:
    """The clean text and what was removed to get it (rule name per dropped line)."""

    text: str
    dropped: list[tuple[str, str]] = field(default_factory=list)
    repaired_mojibake: bool = False
    legacy_font: str | None = None   # "tcvn3" or "vni" when the text was typed in one

    @functools.cached_property
    def sha1(self) -> str:
        """The SHA-1 of the text (the articles' ``sha1``), computed once: the fingerprint takes it,
        and the article's row reads it again."""
        return hashlib.sha1(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    @functools.cached_property
    def chunks(self) -> list[str]:
        """The text cut at its spaces, once: the fingerprint's syllables, the tokens and the words
        the language check reads are those of these chunks in turn, each looked up in a memo (the
        strings' hashes computed once, at the first)."""
        return self.text.split(" ")

    def __getstate__(self) -> dict:
        """Pickled (for a worker) without its chunks, which are cut again where they are needed."""
        state = dict(self.__dict__)
        state.pop("chunks", None)
        return state


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
    translate = {ord(c): None for c in settings["remove_chars"]}
    translate.update({ord(c): " " for c in settings["space_chars"]})
    translate.update({ord(c): "\n" for c in settings["newline_chars"] if c != "\r"})
    # the mojibake markers are literals, looked for with ``in`` (see _has_mojibake)
    mojibake = tuple(settings["mojibake_markers"])
    # str.translate looks up every character; most texts have none to change, which one search tells;
    # the same search, with other whitespace than spaces and line breaks, tells most texts' lines spaced
    odd = "".join(map(re.escape, map(chr, translate)))
    translate = translate, re.compile("[" + odd + "]"), re.compile("[" + odd + OTHER_SPACES + "]")
    boiler = {**boiler, "related_tail": regex.compile(boiler["related_tail"]),
              "related_bracketed": regex.compile(boiler["related_bracketed"])}
    return tone_map, _tone_pattern(tone_map), translate, mojibake, line_rules(boiler["lines"]), boiler


#: a letter: a tone pair right before one does not end its syllable
_LETTER = regex.compile(r"\p{L}")


def _tone_pattern(tone_map: dict) -> re.Pattern:
    """The old-style pairs as one stdlib ``re`` trie (three times faster than an alternation of
    ``regex`` with a lookbehind), not before a common letter. A match is a pair to move only
    where it also ends its syllable (no letter follows) and does not follow "q": checked by
    ``_shift``, so that ``\\p{L}`` is read by regex, as it always was."""
    # Latin letters, Vietnamese ones included, that regex itself counts as \p{L}: after most
    # pairs ("hoàn", "thuyết") the scan fails without calling Python
    latin = "".join(c for c in map(chr, [*range(0x250), *range(0x1E00, 0x1F00)]) if _LETTER.match(c))
    return re.compile("(?:" + trie(tone_map, char=re.escape) + ")(?![" + re.escape(latin) + "])")


def _shift(m: re.Match) -> str:
    """The pair with its tone mark moved, or as written after "q" or before a letter. Each
    pair is an unmarked vowel and a marked one, so no pair starts on the second character of
    another: a pair left as written here is passed over as a failed match would be."""
    text, start, end = m.string, m.start(), m.end()
    if start and text[start - 1] in "qQ" or _LETTER.match(text, end):
        return m.group()
    return _rules()[0][m.group()]


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
    return _rules()[1].sub(_shift, text)


#: chunks whose tone marks a process remembers before it forgets them all (about 100 bytes each)
MARKS_KEPT = 50_000


class _MovedMarks(ChunkMemo):
    """A chunk of text between two spaces -> the chunk with its tone marks moved (old-style pairs,
    :func:`fix_tone_marks`, then misplaced marks, :func:`fix_misplaced_tone_marks`), or None where
    none moves (nearly every one). Both read a vowel cluster with the letters around it, never a
    space (no mark moves across one, and a space is no letter, vowel, "q" nor "g" to either), so
    that a text's marks move as its chunks' do in turn: a text is mostly the same few thousand
    words, each read once, then looked up (about half the time of the two tries over the text,
    which stopped at every vowel: 74 first letters)."""

    def kept(self) -> int:
        return MARKS_KEPT

    def read(self, chunk: str) -> str | None:
        moved = fix_misplaced_tone_marks(fix_tone_marks(chunk))
        return None if moved == chunk else moved


_MOVED_MARKS = _MovedMarks()


def move_tone_marks(text: str) -> str:
    """``fix_misplaced_tone_marks(fix_tone_marks(text))``, chunk by chunk (see :class:`_MovedMarks`)."""
    return _moved_chunks(text)[0]


def _moved_chunks(text: str) -> tuple[str, list[str]]:
    """(:func:`move_tone_marks` of ``text``, that text's chunks between spaces): no mark moves a
    space, so the chunks are the moved ones in turn."""
    chunks = text.split(" ")
    moved = list(map(_MOVED_MARKS.__getitem__, chunks))
    if not any(moved):
        return text, chunks
    chunks = [chunk if fixed is None else fixed for chunk, fixed in zip(chunks, moved)]
    return " ".join(chunks), chunks


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


#: whitespace but the space and the line break
_OTHER_SPACE = re.compile(r"[^\S \n]")
#: _OTHER_SPACE's characters, listed for a character class (``tests/test_normalize.py`` checks the list)
OTHER_SPACES = r"\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def _lines(text: str, other_spaces: bool = True) -> list[str]:
    """The lines of ``text``, each with its words one space apart and nothing around them
    (``" ".join(line.split())``). Most texts have them so already: no other whitespace than
    spaces and line breaks, and no space next to another, a line break or an end, which a
    few scans of the whole text tell (a third of the time of splitting and joining every line).
    ``other_spaces`` False: the caller knows ``text`` has no other whitespace."""
    lines = text.split("\n")
    if (other_spaces and _OTHER_SPACE.search(text) or "  " in text or " \n" in text or "\n " in text
            or text.startswith(" ") or text.endswith(" ")):
        return [" ".join(line.split()) for line in lines]
    return lines


def _repair_mojibake(raw: str) -> str:
    """ftfy's repair. ftfy is imported here, on first use: importing it costs every run ~28 ms,
    and few texts need it."""
    import ftfy

    return ftfy.fix_encoding(raw)


def _has_mojibake(raw: str, markers: tuple[str, ...]) -> bool:
    """Does ``raw`` hold one of the (literal) ``markers``? Each marker's last character is looked
    for first: one character is found in a tight loop, and the markers' last ones ("»", "º", "°")
    are rare in Vietnamese text, where their first ("á") is everywhere and stopped a regex or a
    search for the marker at each (this runs on every article, and nearly always says no)."""
    return any(marker[-1:] in raw and marker in raw for marker in markers)


def _characters(raw: str) -> tuple[str, list[str], bool, str | None, bool]:
    """(the text in Unicode NFC with one tone-mark convention and its odd characters translated,
    its chunks between spaces, mojibake repaired?, legacy font, may it hold other whitespace than
    spaces and line breaks?)."""
    _, _, (table, odd, unusual), mojibake, _, _ = _rules()
    repaired = _has_mojibake(raw, mojibake)
    if repaired:
        raw = _repair_mojibake(raw)
    raw, font = legacy.convert(raw)
    # no character to translate nor other whitespace in ``raw`` (most texts): none in the text either,
    # whose other changes are vowels (canonical decompositions and compositions make no whitespace
    # of other characters, nor other whitespace of a space or a line break: tests/test_normalize.py)
    unusual = unusual.search(raw) is not None
    text = raw.replace("\r\n", "\n").translate(table) if unusual and odd.search(raw) else raw
    text = unicodedata.normalize("NFC", text)
    return *_moved_chunks(text), repaired, font, unusual


def _without_links(line: str, boiler: dict, dropped: list) -> str:
    """``line`` without the related articles' links printed on it (``boilerplate.yaml``): after its byline's date
    (``related_tail``) and in brackets between its sentences (``related_bracketed``), each noted in ``dropped``."""
    if boiler["related_tail_cue"] in line and (tail := boiler["related_tail"].search(line)):
        dropped.append(("related_tail", tail.group()))
        line = line[:tail.start()].rstrip()
    if boiler["related_bracket_cue"] not in line:
        return line
    kept, last = [], 0
    for link in boiler["related_bracketed"].finditer(line):
        kept.append(line[last:link.start()])
        dropped.append(("related_bracketed", link.group().strip()))
        last = link.end()
    return "".join(kept) + line[last:] if last else line


def normalize(raw: str) -> Normalized:
    """Clean one article's text (see module docstring)."""
    boiler = _rules()[-1]
    text, chunks, repaired, font, unusual = _characters(raw)
    kept, dropped, seen = [], [], set()
    block_rules = set(boiler["related_block_rules"])
    in_block = False
    for line in _lines(text, unusual):
        checkpoint()
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
        if rule is None and not (line := _without_links(line, boiler, dropped)).strip():
            continue
        if rule is None and len(line) >= boiler["repeated_line_min_chars"] and line in seen:
            rule = "repeated_line"
        if rule:
            dropped.append((rule, line))
            continue
        seen.add(line)
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    cleaned = Normalized("\n".join(kept), dropped, repaired, font)
    if cleaned.text == text:   # no line dropped nor respaced (about half the texts): its chunks are
        cleaned.chunks = chunks   # cut already, and their hashes known to the memos that read them
    return cleaned
