"""Organizations compared as identities: one gold body, many spellings.

A gold organization (schema version 2) is a ``name`` with ``aliases`` (acronyms,
translations, short forms), a ``kind`` and a ``country``; an old gold file gives a
plain name. A predicted organization is a group of rows of ``organizations.csv``
(one ``org_id``, else one ``name``) with every name and acronym it was written as.
They match when any spelling of one equals any spelling of the other after a lenient
folding (case, tone marks, dashes, a leading "Tổ chức", a trailing "tại Việt Nam"),
or when one is the other completed with a place ("Tỉnh ủy" ~ "Tỉnh ủy Thanh Hóa").

    >>> org_key("Tổ chức Plan International tại Việt Nam") == org_key("plan international")
    True
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import regex

from pipeline.rules.grammar import fold
from pipeline.text.normalize import move_tone_marks

#: words that do not change which body a name means, at its start or end
_LEADING = regex.compile(r"^(?:tổ chức|the)\s+")
_TRAILING = regex.compile(r"\s+(?:tại|ở) (?:việt nam|vn)$")
#: commas that list a name's parts: "Bộ Văn hóa, Thể thao và Du lịch" is "Bộ Văn hóa Thể thao và Du lịch"
_LISTING_COMMA = regex.compile(r"\s*,\s*")
#: what completes a bare name with its place: "tỉnh Thanh Hóa", "thành phố Huế", "Thanh Hóa"
_PLACE_TAIL = regex.compile(r"^(?:(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|thị trấn)\s+)?\p{L}+(?:\s+\p{L}+){0,3}$")

FOREIGN_KINDS = ("foreign_ngo", "bilateral_donor", "multilateral")


def org_key(name) -> str | None:
    """The lenient comparison key of one spelling of an organization."""
    if not isinstance(name, str) or not name.strip():
        return None
    key = fold(move_tone_marks(unicodedata.normalize("NFC", name)))
    key = _TRAILING.sub("", _LEADING.sub("", _LISTING_COMMA.sub(" ", key)))
    return key or None


def same_body(a: str, b: str) -> bool:
    """Keys of the same body: equal, or one the other completed with a place."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return long.startswith(short + " ") and bool(_PLACE_TAIL.match(long[len(short) + 1:]))


@dataclass
class Body:
    """One organization: every key it is written as, its kind and country."""

    name: str
    keys: set[str] = field(default_factory=set)
    kind: str | None = None
    country: str | None = None

    def matches(self, other: "Body") -> bool:
        return any(same_body(a, b) for a in self.keys for b in other.keys)


def gold_bodies(gold: dict) -> list[Body]:
    bodies = []
    for item in gold.get("organizations", []):
        item = {"name": item} if isinstance(item, str) else item
        keys = {org_key(spelling) for spelling in [item["name"], *item.get("aliases", [])]} - {None}
        bodies.append(Body(item["name"], keys, item.get("kind"), item.get("country")))
    return bodies


def predicted_bodies(rows: list[dict]) -> list[Body]:
    """One body per ``org_id`` (or per name when the table has none), with all its spellings: each
    row's name and acronym, and the ``text`` it was read from (the gold names a body as written,
    "Cơ quan CSĐT Công an tỉnh Hà Tĩnh", where the row's name writes the acronym out)."""
    grouped: dict[str, Body] = {}
    for row in rows:
        identity = row.get("org_id") or row.get("name")
        if not isinstance(identity, str):
            continue
        body = grouped.setdefault(identity, Body(row.get("name") or identity, set(), row.get("kind"), row.get("country")))
        for spelling in (row.get("name"), row.get("acronym"), row.get("text")):
            key = org_key(spelling)
            if key:
                body.keys.add(key)
    return list(grouped.values())


@dataclass
class Matching:
    """How the predicted bodies of one article meet the gold ones."""

    pairs: list[tuple[Body, Body | None]]   # each gold body and the first predicted body naming it
    spurious: list[Body]                     # predicted bodies that name no gold body
    split: int                               # gold bodies named by more than one predicted identity


def match(gold: list[Body], found: list[Body]) -> Matching:
    naming = [[f for f in found if body.matches(f)] for body in gold]
    named = {id(f) for partners in naming for f in partners}
    return Matching([(body, partners[0] if partners else None) for body, partners in zip(gold, naming)],
                    [f for f in found if id(f) not in named], sum(len(partners) > 1 for partners in naming))
