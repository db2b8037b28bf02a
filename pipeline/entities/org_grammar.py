"""The organization grammar: HEAD, then a FIELD or an open proper name, then an OWNER or a PLACE.

Compiled once per process from ``patterns/organizations.yaml`` and ``patterns/acronyms.csv``.
The organizations extractor reads names with it, and so do officials (the body named
after a title) and directives (their issuer):

    >>> org = grammar().parse_head("Ban Thường vụ Tỉnh ủy Thái Nguyên", 0, {})
    >>> org.head, org.field, org.owner.head
    ('Ban', 'Thường vụ', 'Tỉnh ủy')
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from pipeline.rules import patterns
from pipeline.rules.grammar import AFTER, BEFORE, DASH, SPACE, alternation, fold, literals, space_after, spelling_pattern


@dataclass(frozen=True)
class OrgName:
    """One parsed name: its pieces, canonical where the grammar knows them."""

    start: int
    end: int
    head: str                     # canonical head ("Ủy ban nhân dân"); "" for a name from acronyms.csv
    in_name: bool | None = True   # False: a classifier ("tổ chức WVI"); None: capitalised at a sentence start
    field: str | None = None
    programme: str | None = None  # "Trung ương Chương trình mục tiêu Quốc gia xây dựng nông thôn mới"
    open_name: str | None = None
    owner: "OrgName | None" = None
    place: str | None = None      # "tỉnh Lạng Sơn", "Việt Nam", "huyện Giồng Riềng", "tỉnh" (bare)
    own_level: str | None = None  # set when the place is the article's own province ("tỉnh", or "" after "Tỉnh ủy")
    full: str | None = None       # the whole canonical name, for names from acronyms.csv
    implied: str | None = None    # "plain" / "with_level": bare, it is the body of the article's own province
    located: str | None = None    # "tại Việt Nam"
    rule: str = ""

    def name(self, own: tuple[str, str] | None = None, complete: bool = False) -> str:
        """The canonical name; ``own`` = (province, kind) of the article, for "UBND tỉnh";
        ``complete``: also give an implied province to a bare name ("Tỉnh ủy" -> "Tỉnh ủy Nghệ An")."""
        if self.full:
            return self.full
        place = self.place
        if self.own_level is not None and own and self.own_level in ("", own[1]):
            place = f"{self.own_level} {own[0]}".strip()
        elif complete and self.bare and self.implied and own:
            place = f"{own[1]} {own[0]}" if self.implied == "with_level" else own[0]
        parts = [self.head if self.in_name is not False else None, self.field, self.programme, self.open_name,
                 self.owner.name(own, complete=True) if self.owner else place, self.located]
        return " ".join(p for p in parts if p)

    @property
    def bare(self) -> bool:
        """True when nothing places the body ("Sở Ngoại vụ", not "Sở Ngoại vụ tỉnh Lạng Sơn")."""
        return self.owner is None and self.place is None and self.full is None and self.own_level is None


class OrganizationGrammar:
    """The compiled grammar of ``organizations.yaml`` + ``acronyms.csv`` (built once per process)."""

    def __init__(self):
        spec = patterns.load_yaml("organizations.yaml")
        acronyms = patterns.load_csv("acronyms.csv")
        self.surnames = set(patterns.load_yaml("officials.yaml")["surnames"])
        self.terms = {row["acronym"]: row["name"] for row in acronyms if row["kind"] == "term"}
        self._read_heads(spec, acronyms)
        self._read_fields(spec)
        self._read_places(spec["places"])
        self._read_open_name(spec["open_name"])
        self._read_table(acronyms)
        self._read_absorbing_titles()
        self.short_form_re = regex.compile(
            r"(?:\p{Lu}\p{Ll}*(?:" + SPACE + r"\p{Ll}+)?" + SPACE + ")?" + spec["short_forms"]["acronym"])

    def _read_heads(self, spec: dict, acronyms) -> None:
        """HEAD, with the short forms of kind "head" in acronyms.csv (UBND, HĐND)."""
        self.heads, self.head_short, head_spellings = {}, {}, []
        for entry in spec["heads"]:
            entry = {"takes": [], "needs": [], "not_after": [], **entry}
            for spelling in [entry["name"], *entry.get("spellings", [])]:
                self.heads[fold(spelling)] = entry
                head_spellings.append(spelling_pattern(spelling))
        heads = [row["name"] for row in acronyms if row["kind"] == "head"]
        patterns.check_names(map(fold, heads), self.heads, "acronyms.csv: a row of kind head names a head "
                                                           "that organizations.yaml `heads` lacks")
        for row in acronyms:
            if row["kind"] == "head":
                self.heads[fold(row["acronym"])] = self.heads[fold(row["name"])]
                self.head_short[row["name"]] = row["acronym"]
                head_spellings.append(regex.escape(row["acronym"]))
        self.head_acronyms = set(self.head_short.values())
        self.head_re = regex.compile(BEFORE + "(?:" + alternation(head_spellings) + ")" + AFTER)
        self.not_after = {
            entry["name"]: regex.compile(
                "(?:" + alternation(spelling_pattern(w) for w in entry["not_after"]) + ")" + SPACE + r"\Z")
            for entry in spec["heads"] if entry.get("not_after")
        }
        self.classifiers = {e["name"] for e in spec["heads"] if e.get("lowercase_is_classifier")}

    def _read_fields(self, spec: dict) -> None:
        """FIELD; a term acronym stands for its expansion ("Công tác về các tổ chức PCPNN")."""
        self.fields, field_spellings = {}, []
        capitalised = set(spec.get("capitalised_fields", []))
        for entry in spec["fields"]:
            entry = {"name": entry} if isinstance(entry, str) else dict(entry)
            spellings = [entry["name"], *entry.get("spellings", [])]
            for acronym, expansion in self.terms.items():
                spellings += [s.replace(expansion, acronym) for s in spellings if expansion in s]
            for spelling in spellings:
                self.fields[fold(spelling)] = entry
                field_spellings.append(spelling_pattern(spelling, entry["name"] in capitalised))
        self.field_re = regex.compile(SPACE + "(?:" + alternation(field_spellings) + ")" + AFTER)
        self.programme_re = regex.compile(SPACE + "(?:" + spec["programmes"] + ")" + AFTER)

    def _read_places(self, places: dict) -> None:
        """PLACE: fixed names, levels with a local name, "tại Việt Nam", branches."""
        self.fixed_places = {fold(p): p for p in places["fixed"]}
        self.fixed_re = regex.compile(SPACE + "(?:" + alternation(spelling_pattern(p) for p in places["fixed"]) + ")" + AFTER)
        self.levels = {fold(p): p for p in places["levels"]}
        self.own_levels = set(places["own_province_levels"])
        self.located_re = regex.compile(SPACE + spelling_pattern(places["located"]) + AFTER)
        self.branch_re = regex.compile(SPACE + "(?:" + alternation(spelling_pattern(p) for p in places["branch"]) + ")" + AFTER)
        capital_word = r"\p{Lu}\p{Ll}*"
        self.level_re = regex.compile(
            SPACE + "(?P<level>" + alternation(spelling_pattern(p, False) for p in places["levels"]) + ")" + AFTER
            + "(?:" + SPACE + "(?P<local>" + capital_word + "(?:" + SPACE + capital_word + "){0,3})" + AFTER + ")?")

    def _read_open_name(self, opening: dict) -> None:
        """OPEN NAME: capitalised words; one lower-case syllable may sit between two of them
        ("Năng lượng Harbour Point"), none may end the name."""
        cap = r"\p{Lu}[\p{L}\p{N}]*(?:[’'][\p{L}]+)?(?:-[\p{L}\p{N}]+)*"
        joins = "(?:" + DASH + "|" + SPACE + "(?:" + literals(opening["connectors"]) + ")" + SPACE \
            + "|" + SPACE + r"\p{Ll}+" + SPACE + "|" + SPACE + ")"
        self.open_re = regex.compile(
            SPACE + "(?P<open>" + cap + "(?:" + joins + cap + "){0," + str(opening["max_words"] - 1) + "})" + AFTER)
        self.cap_word_re = regex.compile(cap)
        self.never_starts = [fold(w) for w in opening["never_starts_with"]]

    def _read_table(self, acronyms) -> None:
        """Whole names and short forms of acronyms.csv."""
        self.table, table_spellings = {}, []
        for row in acronyms:
            if row["kind"] != "org":
                continue
            for spelling in [row["name"], *filter(None, row["variants"].split("|"))]:
                self.table[fold(spelling)] = row
                table_spellings.append(spelling_pattern(spelling))
            if row["acronym"]:
                self.table[row["acronym"]] = row
                table_spellings.append(regex.escape(row["acronym"]))
        self.table_re = regex.compile(r"(?<![\p{L}\p{N}&-])(?:" + alternation(table_spellings) + r")(?![\p{L}\p{N}&]|-\p{L})")
        self.acronym_of = {fold(row["name"]): row["acronym"] for row in acronyms if row["kind"] == "org" and row["acronym"]}

    def _read_absorbing_titles(self) -> None:
        """Titles that end with the head of their organization ("Trưởng ban Dân tộc tỉnh Hòa
        Bình"): the head is read there in any case (titles.yaml, entries with `head`)."""
        absorbing = [entry for entry in patterns.load_yaml("titles.yaml")["bases"]
                     if isinstance(entry, dict) and entry.get("head")]
        self.absorbing_re = regex.compile(
            BEFORE + "(?:" + alternation(spelling_pattern(e["name"], False) for e in absorbing) + ")" + AFTER)
        self.absorbed_head = {fold(e["name"]): e["head"] for e in absorbing}
        patterns.check_names((fold(e["head"]) for e in absorbing), self.heads,
                             "titles.yaml: a title's `head` is not a head of organizations.yaml")

    def table_row(self, text: str) -> dict:
        return self.table[text] if text in self.table else self.table[fold(text)]

    # -- a name, piece by piece, at a position ------------------------------------

    def parse_head(self, text: str, start: int, provinces: dict, depth: int = 0) -> OrgName | None:
        """The name whose head starts exactly at ``start``, or None."""
        m = self.head_re.match(text, start)
        if not m:
            return None
        written = m.group()
        head = self.heads[fold(written)]
        if written.isupper() and written not in self.head_acronyms:   # "SỞ NGOẠI VỤ ...": a masthead
            return None
        guard = self.not_after.get(head["name"])
        if guard and guard.search(text[max(0, start - 30):start]):
            return None
        in_name = True
        if head.get("lowercase_is_classifier"):
            line = text[text.rfind("\n", 0, start) + 1:start].rstrip()
            at_sentence_start = not line or line[-1] in ".!?:;\"“(-"
            in_name = False if written[:1].islower() else (None if at_sentence_start else True)
        return self.parse_rest(text, start, m.end(), head, provinces, depth, in_name)

    def parse_rest(self, text: str, start: int, pos: int, head: dict, provinces: dict,
                   depth: int = 0, in_name: bool = True) -> OrgName | None:
        """What follows a head ending at ``pos``: field, open name, owner, place.

        Also used for titles that end with their organization's head ("Trưởng ban Dân tộc").
        """
        takes = head["takes"]
        org = OrgName(start, pos, head["name"], in_name=in_name, rule="head")
        if "open" in takes:
            word = space_after(text, pos)
            known = word is not None and self.table_re.match(text, word)
            if known:   # "Tổ chức COV" -> "Tổ chức Children Of Vietnam", "tổ chức WVI" -> "Tầm nhìn Thế giới"
                return OrgName(start, known.end(), head["name"], in_name=in_name,
                               open_name=self.table_row(known.group())["name"], rule="head+acronyms.csv")
        if "field" in takes:
            field = self.field_re.match(text, pos)
            if field:
                entry = self.fields[fold(field.group())]
                org = replace(org, field=entry["name"], end=field.end(), rule="head+field")
                programme = entry.get("programme") and self.programme_re.match(
                    text, field.end())
                if programme:   # "Ban Chỉ đạo Trung ương Chương trình mục tiêu Quốc gia ..."
                    org = replace(org, programme=" ".join(programme.group().split()), end=programme.end(),
                                  rule="head+field+programme")
        closed = self.parse_closing(text, org, takes, provinces, depth)
        if closed is None and "open" in takes:
            open_name = self.parse_open(text, org.end, provinces)
            if open_name:
                org = replace(org, open_name=open_name[0], end=open_name[1], rule=org.rule + "+name")
                closed = self.parse_closing(text, org, takes, provinces, depth)
        org = closed or org
        located = head.get("located") and self.located_re.match(text, org.end)
        if located and not org.bare:
            org = replace(org, located=" ".join(located.group().split()), end=located.end())
        if head.get("own_province") and org.bare:
            org = replace(org, implied=head["own_province"])
        return org if self.complete(org, head) else None

    def complete(self, org: OrgName, head: dict) -> bool:
        """Does the mention have what its head needs ("UBND" needs a place, "Sở" a field)?"""
        has = {"field": org.field is not None, "open": org.open_name is not None,
               "owner": org.owner is not None, "place": org.place is not None}
        if org.field and self.fields[fold(org.field)].get("owner_or_place") and not (has["owner"] or has["place"]):
            return False
        return not head["needs"] or any(has[need] for need in head["needs"])

    def parse_closing(self, text: str, org: OrgName, takes, provinces: dict, depth: int) -> OrgName | None:
        """``org`` extended by an OWNER or a PLACE right after it, or None."""
        if "owner" in takes and depth < 3:
            word = space_after(text, org.end)
            owner = word is not None and self.parse_head(text, word, provinces, depth + 1)
            known = word is not None and not owner and self.table_re.match(text, word)
            if known:   # "Văn phòng KOICA": a known name inside a longer one stays as written
                owner = OrgName(word, known.end(), "", full=" ".join(known.group().split()))
            if owner:
                return replace(org, owner=owner, end=owner.end, rule=org.rule + "+owner")
        if "place" in takes:
            place = self.parse_place(text, org.end, provinces)
            if place:
                name, end, own_level, rule = place
                return replace(org, place=name, end=end, own_level=own_level, rule=org.rule + rule)
        return None

    def parse_place(self, text: str, pos: int, provinces: dict):
        """(place, end, own_level, rule) right after ``pos``, or None."""
        word = space_after(text, pos)
        if word is None:
            return None
        branch = self.branch_re.match(text, pos)
        if branch:   # "chi nhánh tỉnh Hà Giang"
            place = self.parse_place(text, branch.end(), provinces)
            if place:
                return (" ".join(branch.group().split()) + " " + place[0], *place[1:])
        province = provinces.get(word)
        if province is not None:   # as written ("TP.HCM"), with the level word in lower case
            written = " ".join(province.text.split())
            level = regex.match(r"(?i)(tỉnh|thành phố)(?=\s)", written)
            if level:
                written = level.group(1).lower() + written[level.end():]
            return written, province.end_char, None, "+province"
        fixed = self.fixed_re.match(text, pos)
        if fixed:
            return self.fixed_places[fold(fixed.group())], fixed.end(), None, "+place"
        level = self.level_re.match(text, pos)
        if level:
            name, local = self.levels[fold(level.group("level"))], level.group("local")
            if local and name != "tỉnh" and local.split()[0] not in self.surnames:
                return f"{name} {local}", level.end(), None, "+local"
            if name in self.own_levels:
                return name, level.end("level"), name, "+own-province"
        return None

    def parse_open(self, text: str, pos: int, provinces: dict):
        """(capitalised proper name, end) right after ``pos``, or None: "Việt - Mỹ", "WVI"."""
        m = self.open_re.match(text, pos)
        if not m:
            return None
        start, end = m.start("open"), m.end("open")
        words = list(self.cap_word_re.finditer(text, start, end))
        for number, word in enumerate(words[1:], 1):   # stop before a province or a person
            if word.start() in provinces or (word.group() in self.surnames and number + 1 < len(words)):
                end = len(text[:word.start()].rstrip())
                break
        name = " ".join(text[start:end].split())
        lowered = fold(name)
        if len(name) < 2 or name in self.terms \
                or any(lowered == w or lowered.startswith(w + " ") for w in self.never_starts):
            return None
        if " " not in name and regex.match(SPACE + r"\p{Ll}", text[end:end + 3]):
            return None   # "Báo Dân tộc và Phát triển": a sentence-case name the grammar cannot close
        return name, end

    # -- short forms in brackets ----------------------------------------------------

    def short_form(self, text: str, name: str, end: int) -> str | None:
        """The bracketed short form right after a name, or None:
        "(VUFO)" -> "VUFO"; "(Liên hiệp)" -> "Liên hiệp"; "(PCPNN)" after "... phi chính phủ nước ngoài" -> None."""
        bracket = regex.match(r"[^\S\n]*\([^\S\n]*([^()\n]{1,40}?)[^\S\n]*\)", text[end:end + 50])
        if not bracket:
            return None
        short = bracket.group(1)
        if short in self.terms:
            return None
        if self.short_form_re.fullmatch(short):
            acronym = short.split()[-1]
            if sum(c.isupper() for c in acronym) >= 2 and not self.spells_term(acronym, name):
                return short
            return None
        if short[:1].isupper() and fold(name).startswith(fold(short) + " "):
            return short
        return None

    @staticmethod
    def spells_term(acronym: str, name: str) -> bool:
        """True if ``acronym`` spells the initials of lower-case words that end the name."""
        letters = regex.sub(r"[^\p{L}]", "", acronym).casefold().replace("đ", "d")
        initials = ""
        for word in reversed(name.split()):
            if not word[:1].islower():
                break
            initials = word[0].casefold().replace("đ", "d") + initials
            if initials == letters:
                return True
        return False


@patterns.resource
def grammar() -> OrganizationGrammar:
    """The organization grammar, compiled once per process."""
    return OrganizationGrammar()


def canonical(org: OrgName, own: tuple[str, str] | None, placed: list[str]) -> tuple[str, str]:
    """(name, rule suffix): a bare name ("Sở Ngoại vụ", "Ban Chỉ đạo") becomes the one
    fuller name of the article it starts ("Sở Ngoại vụ tỉnh Lạng Sơn"), else, for heads
    that exist only in a province ("Sở", "Tỉnh ủy"), the body of the article's own province."""
    name = org.name(own)
    if not org.bare or not org.head:
        return name, ""
    fuller = {p for p in placed if p.startswith(name + " ")}
    if len(fuller) == 1:
        return fuller.pop(), "+context"
    if org.implied and own:
        return org.name(own, complete=True), "+own-province"
    return name, ""
