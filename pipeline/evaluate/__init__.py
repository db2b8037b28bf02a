"""Score the pipeline against gold files (schema: tests/gold/SCHEMA.md).

For each ``<id>.json`` in the gold folder, the article ``<id>.*`` in the corpus
folder is read with the same readers as ``tintrich run`` and processed; each
field (declared by the components' specs, :class:`pipeline.component.Score`) is
compared as a set per article and the counts are summed over articles
(micro-averaged precision, recall, F1).

    tintrich eval --gold tests/gold --corpus corpus
"""
from pipeline.evaluate.score import evaluate, scores

__all__ = ["evaluate", "scores"]
