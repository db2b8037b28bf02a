"""The tokenizer of tintrich's spaCy pipeline: normalize, then split.

``nlp(raw_text)`` first cleans the text with :func:`pipeline.text.normalize.normalize`
(so ``doc.text`` is the normalized text every offset refers to), then cuts it
into syllables, whole numbers ("1.196.137", "1,3") and single punctuation marks,
so that any pattern match on word boundaries falls on token boundaries:

    >>> [t.text for t in nlp("UBND tỉnh Thái Bình (VUFO) đạt 1,3 triệu USD/năm.")]
    ['UBND', 'tỉnh', 'Thái', 'Bình', '(', 'VUFO', ')', 'đạt', '1,3', 'triệu', 'USD', '/', 'năm', '.']

spaCy's own ``vi`` tokenizer without pyvi splits on spaces only ("USD/năm." is one
token), and with pyvi it needs a model download; this one needs neither.
"""
from __future__ import annotations

import re
import struct
from itertools import chain

import numpy
import regex
import spacy
from spacy.tokens import Doc

from pipeline.component import set_doc_values   # (and declares the Doc extensions the tokenizer fills)
from pipeline.rules.compiled import compiled
from pipeline.text.chunks import ChunkMemo
from pipeline.text.common_chars import COMMON_CHARS, UNCOMMON_CHAR  # noqa: F401  (COMMON_CHARS: tests read it here)
from pipeline.text.normalize import Normalized, normalize

#: whitespace as Python's ``str.isspace`` (and spaCy's alignment) has it: regex's ``\s`` and the
#: separators U+001C-U+001F
SPACES = r"\s\x1c-\x1f"
TOKEN = compiled(regex, rf"\d+(?:[.,]\d+)*|[\p{{L}}\p{{M}}\p{{N}}_]+|[^{SPACES}]")


#: a token and the one space after it, or a run of other whitespace (a token of its own)
PIECE = compiled(regex, rf"({TOKEN.pattern})( ?)|([{SPACES}]+)")


#: PIECE written for ``re``, which reads a text about twice as fast: the same pieces on a text
#: of COMMON_CHARS only (nearly every article; any other text is read with PIECE)
COMMON_PIECE = compiled(re, r"(\d+(?:[.,]\d+)*|\w+|\S)( ?)|(\s+)")


def words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """Tokens of ``text`` and whether each is followed by one space, as spaCy's
    ``get_words_and_spaces(TOKEN.findall(text), text)`` gives them, in one pass
    (spaCy's searches the rest of the text for every word: quadratic on long texts).
    A run of other whitespace is a token of its own.
    """
    pieces = (PIECE if UNCOMMON_CHAR.search(text) else COMMON_PIECE).findall(text)
    return [token or run for token, _, run in pieces], [space == " " for _, space, _ in pieces]


#: chunks a tokenizer remembers before it forgets them all (about 250 bytes each; the few thousand
#: that make most of a news text are soon back)
CHUNKS_KEPT = 50_000


#: a token as :class:`Chunks` keeps it: its lexeme id and whether a space follows it (``struct``: "<Q?")
TOKEN_RECORD = numpy.dtype([("orth", "<u8"), ("space", "?")])


class Chunks(ChunkMemo):
    """A space-separated chunk of text -> its tokens' lexeme ids (orths), each with whether a
    space follows it (the chunk's last token: yes), as the bytes of TOKEN_RECORDs; None for a
    chunk that is empty or starts or ends with whitespace (next to another space, or at the end
    of the text), which is no run of tokens.

    A text is mostly the same few thousand syllables and punctuated words: each is cut and
    looked up in the vocabulary once. ``Doc`` given lexeme ids takes each token's lexeme from
    them; given strings, it hashes each string twice (through Python) first. Kept as bytes, a
    text's tokens are one join that numpy reads into the two lists, and a look-up touches one
    object, not a tuple and an int per lexeme id (the memo is too big for the CPU's caches).
    """

    def __init__(self, vocab):
        super().__init__()
        self.vocab = vocab

    def kept(self) -> int:
        return CHUNKS_KEPT

    def read(self, chunk: str) -> bytes | None:
        if not chunk or chunk[0].isspace() or chunk[-1].isspace():
            return None
        words, _ = words_and_spaces(chunk)   # no space inside: every token but the last is glued to the next
        glued = [False] * (len(words) - 1) + [True]
        orths = (self.vocab[word].orth for word in words)
        return struct.pack("<" + "Q?" * len(words), *chain.from_iterable(zip(orths, glued)))


def tokens_and_spaces(text: str, chunks: Chunks, pieces: list[str] | None = None) -> tuple[list, list[bool]]:
    """What :func:`words_and_spaces` gives, the words as lexeme ids when every space of ``text``
    stands alone between two other characters (so in every normalized text): then the tokens
    are those of its chunks between spaces (``pieces``, when the caller has them) in turn, each
    chunk's last followed by a space but the text's last; ``chunks`` remembers each chunk's."""
    found = list(map(chunks.__getitem__, text.split(" ") if pieces is None else pieces))
    if not all(found):
        return words_and_spaces(text)
    tokens = numpy.frombuffer(b"".join(found), TOKEN_RECORD)
    spaces = tokens["space"].tolist()
    spaces[-1] = False
    return tokens["orth"].tolist(), spaces


class CachedTextDoc(Doc):
    """A ``Doc`` whose ``.text`` is built once.

    spaCy rebuilds ``Doc.text`` from every token on each access (about 1 ms for
    a 3,000-character article); extractors that read ``doc.text`` per match made
    a pipeline run quadratic. The tokens never change after tokenization, so the
    text is kept after its first use.
    """

    @property
    def text(self) -> str:
        try:
            return self._cached_text
        except AttributeError:
            self._cached_text = Doc.text.__get__(self)
            return self._cached_text


class SyllableTokenizer:
    """Callable ``text -> Doc``; ``doc._.dropped_lines`` lists removed chrome."""

    def __init__(self, vocab, normalize_text: bool = True):
        self.vocab = vocab
        self.normalize_text = normalize_text
        self.chunks = Chunks(vocab)

    def __call__(self, text: str) -> Doc:
        return self.from_normalized(normalize(text) if self.normalize_text else Normalized(text))

    def from_normalized(self, cleaned: Normalized) -> Doc:
        """The Doc of a text :func:`normalize` already cleaned (the batch runner normalizes
        once, for deduplication, and hands the result on)."""
        if self.chunks.vocab is not self.vocab:   # the ids are those of the vocabulary's strings
            self.chunks = Chunks(self.vocab)
        words, spaces = tokens_and_spaces(cleaned.text, self.chunks, cleaned.chunks)
        doc = CachedTextDoc(self.vocab, words=words, spaces=spaces)
        doc._cached_text = cleaned.text   # what the tokens spell, without joining them again
        set_doc_values(doc, dropped_lines=cleaned.dropped, repaired_mojibake=cleaned.repaired_mojibake,
                       legacy_font=cleaned.legacy_font)
        return doc

    # spaCy serialization hooks: the tokenizer has no state of its own but what it remembers of
    # the vocabulary, which a load may have replaced.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "SyllableTokenizer":
        self.chunks = Chunks(self.vocab)
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "SyllableTokenizer":
        self.chunks = Chunks(self.vocab)
        return self


@spacy.registry.tokenizers("tintrich.SyllableTokenizer.v1")
def create_tokenizer(normalize_text: bool = True):
    def make(nlp):
        return SyllableTokenizer(nlp.vocab, normalize_text=normalize_text)

    return make
