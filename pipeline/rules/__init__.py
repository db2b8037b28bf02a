"""The rules toolkit every stage builds its patterns with.

- :mod:`pipeline.rules.patterns`: the researcher-editable data of ``patterns/``, read once per process;
- :mod:`pipeline.rules.grammar`: regex building blocks (word boundaries, alternations of
  phrases longest first, spellings, lookup keys, lines);
- :mod:`pipeline.rules.overlap`: keep the best of overlapping matches;
- :mod:`pipeline.rules.numbers`: Vietnamese numbers, from text to value and back.
"""
