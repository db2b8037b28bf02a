"""Which body a parsed name is: its ``org_id``, ``kind``, ``country`` and ``level``.

    >>> g = grammar()
    >>> describe(g.parse_head("Ban Tuyên giáo Tỉnh ủy", 0, {}), g)
    ('party', 'VN', 'province')
    >>> describe(g.parse_head("Bộ Quốc phòng Nga", 0, {}), g)
    ('state', 'RU', None)
    >>> identity_key(g.parse_head("Ủy ban nhân dân huyện Phú Lộc", 0, {}), None)
    'uy-ban-nhan-dan-huyen-phu-loc'

A known organization (``foreign_orgs.csv``) is what the file says. A name read by the
grammar takes the kind of its head (``organizations.yaml``: "Sở" state, "Hội" mass_org,
"Trường" education), of its field or owner for a generic head ("Ban Tuyên giáo" party,
"Văn phòng UBND tỉnh" state), foreign_ngo for a Latin-script name after "Tổ chức", "Quỹ"
or "Hội"; a foreign country makes a state body that country's (``country`` set, kind
``bilateral_donor`` for governments and embassies). ``level`` is for Vietnamese party,
state and mass bodies: the place's, else the owner's, else the head's. ``country`` is VN for
those and for any body placed in Vietnam; a company or a school named without a place has none.
"""
from __future__ import annotations

import regex

from pipeline.entities.org_grammar import OrganizationGrammar, OrgName, grammar
from pipeline.rules import patterns
from pipeline.rules.grammar import fold, slug, space_after

#: kinds that have a level (Vietnamese bodies of the party, the state and the Fatherland Front)
LEVELLED = ("party", "state", "mass_org")


def describe(org: OrgName, g: OrganizationGrammar) -> tuple[str | None, str | None, str | None]:
    """(kind, country, level) of a parsed name."""
    if org.known is not None:
        known = org.known.org
        if known.kind:
            return known.kind, known.country, None
        return describe_name(known.canonical)
    if not org.head:
        return None, None, None
    head = g.by_name[org.head]
    owner = describe(org.owner, g) if org.owner is not None else (None, None, None)
    country = (org.where.country if org.where else None) or (owner[1] if owner[1] != "VN" else None)
    kind = head_kind(org, head, g, owner[0])
    if country or (org.where is not None and org.where.foreign) or abroad(org, g):
        return (head.get("foreign_kind", "state") if kind == "state" else kind), country, None
    vietnamese_place = org.where is not None and (org.where.level or org.where.province) or owner[1] == "VN"
    if org.latin or (kind not in LEVELLED and not vietnamese_place):
        return kind, None, None   # a company, school or hospital named without a place: its country is not said
    level = None
    if kind in LEVELLED:
        entry = g.fields.get(fold(org.field)) if org.field else None
        level = (org.where.level if org.where else None) or ("province" if org.own_level or org.implied else None) \
            or owner[2] or (entry or {}).get("level") or head.get("level") \
            or ("central" if org.programme and fold(org.programme).startswith("trung ương") else None)
    return kind, "VN", level


#: the capitalised words on one line after a title: the holder's name
_CAPITALISED_RUN = regex.compile(r"\p{Lu}[\p{L}\p{M}'-]*(?:[^\S\n]+\p{Lu}[\p{L}\p{M}'-]*){0,5}")
#: "của" right after a title (and its tenure words), before the country whose title it is
_OF_COUNTRY = regex.compile(r"[^\S\n]+của(?=[^\S\n])")


@patterns.resource
def _tenure_after() -> regex.Pattern:
    """The words of tenure a title may take before its holder or its country (officials.yaml `tenure`: "mới",
    "đương nhiệm", "đầu tiên")."""
    words = "|".join(map(regex.escape, patterns.load_yaml("officials.yaml")["tenure"]))
    return regex.compile(rf"(?:[^\S\n]+(?:{words}))*")


def foreign_ministry_title(org: OrgName, title: str, text: str, g: OrganizationGrammar) -> bool:
    """True for a foreign ministry a title implies without writing its head: "Bộ trưởng Quốc phòng Mỹ James
    Mattis", "Thứ trưởng Ngoại giao Nga", "Bộ trưởng Quốc phòng Tomomi Inada" (a foreign holder, the country unsaid).
    The text names no body there: the field is part of the title ("Bộ trưởng Quốc phòng", as "Ngoại trưởng Mỹ" is
    one title) and no organization is read (the convention of the gold readers). Vietnam's own ("Bộ trưởng Y tế
    Nguyễn Thị Kim Tiến") is its ministry, one known body; a title that writes its head ("Trưởng ban Dân tộc tỉnh")
    names it."""
    if not org.head or fold(title).endswith(" " + fold(org.head)):
        return False
    if org.where is not None:
        return org.where.foreign or describe(org, g)[1] not in (None, "VN")
    after = _tenure_after().match(text, org.end)   # ("Bộ trưởng Quốc phòng mới James Mattis")
    owner = _OF_COUNTRY.match(text, after.end())   # ("nữ bộ trưởng Quốc phòng đầu tiên của Australia")
    if owner is not None and g.country_at(text, owner.end()) is not None:   # (the grammar's countries are foreign ones)
        return True
    holder = space_after(text, after.end())
    name = _CAPITALISED_RUN.match(text, holder) if holder is not None else None
    return name is not None and ("-" in name.group() or any(map(g.is_foreign_word, name.group().split())))


def abroad(org: OrgName, g: OrganizationGrammar) -> bool:
    """True for a body that exists only abroad, or one of its parts: "Thượng viện", "Ủy ban Tình báo
    Thượng viện" (organizations.yaml `abroad`): its country is the one written, else unknown, never VN."""
    return bool(org.head and g.by_name[org.head].get("abroad")) or (org.owner is not None and abroad(org.owner, g))


def head_kind(org: OrgName, head: dict, g: OrganizationGrammar, owner_kind: str | None) -> str | None:
    """The kind a head gives: its field's or owner's for a generic head, foreign_ngo for a
    Latin-script name after "Tổ chức", "Quỹ", "Hội"."""
    if org.latin and org.head in g.latin_kind:
        return g.latin_kind[org.head]
    if head.get("generic"):
        place = fold(org.place or "")   # "Ban Chấp hành Trung ương Đảng", "... Trung ương Đoàn", "... Đảng Cộng sản Cuba"
        kind = next((kind for fixed, kind in g.place_kinds.items() if place == fixed or place.startswith(fixed + " ")), None)
        if kind:
            return kind
        entry = g.fields.get(fold(org.field)) if org.field else None
        if entry and entry.get("kind") and org.head in entry.get("kind_heads", [org.head]):
            return entry["kind"]
        if owner_kind:
            return owner_kind
    return head.get("kind")


@patterns.resource
def describe_name(name: str) -> tuple[str | None, str | None, str | None]:
    """(kind, country, level) of a whole name read by the grammar ("Liên hiệp các tổ chức
    hữu nghị Việt Nam" -> mass_org, VN, central), once per process."""
    g = grammar()
    org = g.parse_head(name, 0, {})
    return describe(org, g) if org is not None else (None, None, None)


def key_name(org: OrgName, own: tuple[str, str] | None) -> str:
    """The name that identifies the body across articles: the province canonical ("TP.HCM"
    -> "thành phố Hồ Chí Minh"), a country by its first name in organizations.yaml, without the
    classifier "Tổ chức" nor "tại Việt Nam" (an embassy "tại Qatar" keeps its place)."""
    if org.full or org.known:
        return org.full or org.known.org.canonical
    g, place = grammar(), org.place
    if org.where is not None and org.where.province:
        place = org.where.province
    elif org.where is not None and org.where.country and org.where.rule == "+country":   # "Chính phủ Ô-xtrây-li-a"
        place = g.country_names[org.where.country]   # is "Chính phủ Úc"
    elif org.own_level is not None and own and org.own_level in ("", own[1]):
        place = f"{org.own_level} {own[0]}".strip()
    elif org.bare and org.implied and own:
        place = f"{own[1]} {own[0]}" if org.implied == "with_level" else own[0]
    # a classifier, or a descriptor the name drops ("hãng luật Baker McKenzie"), is not the body's
    head = None if org.head in g.classifiers or (org.in_name is False and g.by_name[org.head].get("descriptor")) else org.head
    abroad = org.located if org.located and fold(org.located) != "tại việt nam" else None   # "... tại Qatar"
    parts = [head, org.field, org.programme, org.open_name, key_name(org.owner, own) if org.owner else place, org.about,
             abroad]
    return " ".join(p for p in parts if p)


def identity_key(org: OrgName, own: tuple[str, str] | None) -> str:
    """``org_id`` of a parsed name: the known organization's, else the slug of its key name."""
    if org.known is not None:
        return org.known.org.org_id
    return slug(key_name(org, own))
