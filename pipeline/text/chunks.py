"""What a text's chunks between spaces are read as, remembered per process.

A news text is mostly the same few thousand syllables and punctuated words, and no syllable,
word or token holds a space: a text's tokens (:mod:`pipeline.text.tokenizer`), syllable codes
(:mod:`pipeline.engine.dedupe`), word kinds (:mod:`pipeline.text.language`) and moved tone
marks (:func:`pipeline.text.normalize.move_tone_marks`) are those of its chunks in turn, each
read once and then looked up in C. Memory stays bounded: past :meth:`ChunkMemo.kept` chunks,
all are forgotten at once (the few thousand that make most of a text are soon back).
"""
from __future__ import annotations


class ChunkMemo(dict):
    """A chunk of text -> what :meth:`read` makes of it, read at its first look-up."""

    def kept(self) -> int:
        """How many chunks are remembered before all are forgotten."""
        raise NotImplementedError

    def read(self, chunk: str):
        raise NotImplementedError

    def __missing__(self, chunk: str):
        if len(self) >= self.kept():
            self.clear()
        value = self[chunk] = self.read(chunk)
        return value
