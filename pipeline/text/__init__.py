"""Stage 2: raw article text to the normalized text every offset refers to.

:mod:`normalize` (mojibake, legacy fonts via :mod:`legacy`, NFC, tone marks, scraped
chrome), :mod:`tokenizer` (syllables, numbers and punctuation as spaCy tokens) and
:mod:`segment` (sentences, the first component of the pipeline).
"""
