"""grammar.trie builds its source from the sorted strings: the same source as a tree of dicts
of their letters, read node by node (the construction it replaced; both write a node with
grammar.trie_node), for any strings, tails and character functions, and it matches exactly the
strings given."""
import random
import re

import pytest
import regex

from pipeline.rules import grammar

CHARS = ["a", "b", "à", "ư", " ", "-", "–", "'", "’", ".", "\\", "s", "d", "p", "W", "[", "\x00", "\U0010ffff"]


def _tree_source(node: dict, char) -> str:
    """The source of a node of a tree of dicts (letter -> child, "" -> the tail of a string ending there)."""
    run = ""
    while len(node) == 1 and "" not in node:
        (letter, node), = node.items()
        run += char(letter)
    branches = [char(c) + _tree_source(child, char) for c, child in sorted(node.items()) if c]
    return run + grammar.trie_node(branches, node.get(""))


def _tree_trie(words, tails, char) -> str:
    root: dict = {}
    for word in words:
        node = root
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = (tails or {}).get(word, "")
    return _tree_source(root, char)


@pytest.mark.parametrize("char", [regex.escape, re.escape, grammar.spelling_char])
def test_the_source_is_that_of_the_tree_of_letters(char):
    rnd = random.Random(15)
    for _ in range(4000):
        words = ["".join(rnd.choice(CHARS) for _ in range(rnd.randint(0, 6))) for _ in range(rnd.randint(0, 12))]
        tails = {w: rnd.choice(["", "x", r"(?=\d)"]) for w in words if rnd.random() < 0.4} if rnd.random() < 0.5 else None
        assert grammar.trie(words, tails, char) == _tree_trie(words, tails, char), (words, tails)


def test_the_trie_matches_exactly_its_strings():
    words = ["hoà", "hoè", "hủa", "hoàng", "h", "Sở", "Sở Y tế", "a.b", "a-b"]
    assert grammar.trie(["hoà", "hoè", "hủa"]) == "h(?:o[àè]|ủa)"
    pattern = regex.compile("(?:" + grammar.trie(words) + ")")
    for word in words:
        assert pattern.fullmatch(word)
    for other in ["ho", "hoàn", "Sở Y", "a b", "", "hoàngg"]:
        assert not pattern.fullmatch(other)
