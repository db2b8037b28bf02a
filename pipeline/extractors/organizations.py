"""Organizations: state, Party, mass, foreign and international bodies named in the text.

A name is read with the grammar in ``patterns/organizations.yaml`` (HEAD, then a
FIELD or an open proper name, then an OWNER organization or a PLACE), plus the
names and short forms of ``patterns/acronyms.csv`` and those the article defines
in brackets. Every mention is a row whose ``name`` is canonical within the article:

    "UBND tỉnh Thái Bình"                     -> "Ủy ban nhân dân tỉnh Thái Bình" (acronym "UBND tỉnh Thái Bình")
    "Ban Thường vụ Tỉnh ủy Thái Nguyên"        -> head "Ban", field "Thường vụ", owner "Tỉnh ủy Thái Nguyên"
    "... hữu nghị Việt Nam (VUFO)", "VUFO"     -> both "Liên hiệp các tổ chức hữu nghị Việt Nam"
    "UBND tỉnh" in an article about Lạng Sơn   -> "Ủy ban nhân dân tỉnh Lạng Sơn"
    "Sở Ngoại vụ" after "Sở Ngoại vụ tỉnh Lạng Sơn" -> "Sở Ngoại vụ tỉnh Lạng Sơn"
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, replace

import regex

from pipeline import patterns
from pipeline.document import Match, extractor

BEFORE = r"(?<![\p{L}\p{N}])"
AFTER = r"(?![\p{L}\p{N}])"
SPACE = r"[^\S\n]+"               # names never run over a line break
DASH = r"[^\S\n]*[-–—][^\S\n]*"


FOLD_DASH = regex.compile(r"\s*[-–—]\s*")
SPACE_RUN = regex.compile(SPACE)


def fold(text: str) -> str:
    """The lookup key of a spelling: case, spaces and dash variants folded."""
    text = " ".join(text.split())
    if "-" in text or "–" in text or "—" in text:
        text = FOLD_DASH.sub("-", text)
    return text.casefold()


def spelling_pattern(spelling: str, first_letter_as_written: bool = True) -> str:
    """A regex for one spelling: 'Sở Ngoại vụ' matches 'Sở ngoại  vụ' but not 'sở Ngoại vụ'."""
    pieces = regex.split(r"(\s*[-–—]\s*|\s+)", spelling.strip())
    out = []
    for number, piece in enumerate(pieces):
        if number % 2:
            out.append(DASH if regex.search(r"[-–—]", piece) else SPACE)
        elif number == 0 and first_letter_as_written:
            out.append(regex.escape(piece[0]) + (f"(?i:{regex.escape(piece[1:])})" if piece[1:] else ""))
        else:
            out.append(f"(?i:{regex.escape(piece)})")
    return "".join(out)


def alternation(spellings) -> str:
    return "|".join(sorted(set(spellings), key=len, reverse=True))


def space_after(text: str, pos: int) -> int | None:
    """The offset of the next word if only spaces (no line break) separate it from ``pos``."""
    m = SPACE_RUN.match(text, pos, pos + 8)
    return m.end() if m else None


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
        self.surnames = set(patterns.load_yaml("officials.yaml")["surnames"])
        acronyms = patterns.load_csv("acronyms.csv")
        self.terms = {row["acronym"]: row["name"] for row in acronyms if row["kind"] == "term"}

        # HEAD (with the short forms of kind "head": UBND, HĐND)
        self.heads, self.head_short, head_spellings = {}, {}, []
        for entry in spec["heads"]:
            entry = {"takes": [], "needs": [], "not_after": [], **entry}
            for spelling in [entry["name"], *entry.get("spellings", [])]:
                self.heads[fold(spelling)] = entry
                head_spellings.append(spelling_pattern(spelling))
        for row in acronyms:
            if row["kind"] == "head":
                self.heads[fold(row["acronym"])] = self.heads[fold(row["name"])]
                self.head_short[row["name"]] = row["acronym"]
                head_spellings.append(regex.escape(row["acronym"]))
        self.head_acronyms = set(self.head_short.values())
        self.head_re = regex.compile(BEFORE + "(?:" + alternation(head_spellings) + ")" + AFTER)
        self.not_after = {
            entry["name"]: regex.compile("(?:" + alternation(spelling_pattern(w) for w in entry["not_after"]) + ")" + SPACE + r"\Z")
            for entry in spec["heads"] if entry.get("not_after")
        }

        # FIELD (a term acronym stands for its expansion: "Công tác về các tổ chức PCPNN")
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
        self.classifiers = {e["name"] for e in spec["heads"] if e.get("lowercase_is_classifier")}

        # PLACE
        places = spec["places"]
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

        # OPEN NAME: capitalised words; one lower-case syllable may sit between two
        # of them ("Năng lượng Harbour Point"), none may end the name
        opening = spec["open_name"]
        cap = r"\p{Lu}[\p{L}\p{N}]*(?:[’'][\p{L}]+)?(?:-[\p{L}\p{N}]+)*"
        joins = "(?:" + DASH + "|" + SPACE + "(?:" + "|".join(map(regex.escape, opening["connectors"])) + ")" + SPACE \
            + "|" + SPACE + r"\p{Ll}+" + SPACE + "|" + SPACE + ")"
        self.open_re = regex.compile(
            SPACE + "(?P<open>" + cap + "(?:" + joins + cap + "){0," + str(opening["max_words"] - 1) + "})" + AFTER)
        self.cap_word_re = regex.compile(cap)
        self.never_starts = [fold(w) for w in opening["never_starts_with"]]

        # whole names and short forms from acronyms.csv
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

        # titles that end with the head of their organization ("Trưởng ban Dân tộc tỉnh
        # Hòa Bình"): the head is read there in any case (titles.yaml, entries with `head`)
        absorbing = [entry for entry in patterns.load_yaml("titles.yaml")["bases"] if isinstance(entry, dict) and entry.get("head")]
        self.absorbing_re = regex.compile(
            BEFORE + "(?:" + alternation(spelling_pattern(e["name"], False) for e in absorbing) + ")" + AFTER)
        self.absorbed_head = {fold(e["name"]): e["head"] for e in absorbing}
        self.short_form_re = regex.compile(
            r"(?:\p{Lu}\p{Ll}*(?:" + SPACE + r"\p{Ll}+)?" + SPACE + ")?" + spec["short_forms"]["acronym"])

    def table_row(self, text: str) -> dict:
        return self.table[text] if text in self.table else self.table[fold(text)]

    # -- a name, piece by piece, at a position ------------------------------------

    def parse_head(self, text: str, start: int, provinces: dict, depth: int = 0) -> OrgName | None:
        """The name whose head starts exactly at ``start``, or None."""
        m = self.head_re.match(text, start, timeout=patterns.PATTERN_TIMEOUT)
        if not m:
            return None
        written = m.group()
        head = self.heads[fold(written)]
        if written.isupper() and written not in self.head_acronyms:   # "SỞ NGOẠI VỤ ...": a masthead
            return None
        guard = self.not_after.get(head["name"])
        if guard and guard.search(text[max(0, start - 30):start], timeout=patterns.PATTERN_TIMEOUT):
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
            known = word is not None and self.table_re.match(text, word, timeout=patterns.PATTERN_TIMEOUT)
            if known:   # "Tổ chức COV" -> "Tổ chức Children Of Vietnam", "tổ chức WVI" -> "Tầm nhìn Thế giới"
                return OrgName(start, known.end(), head["name"], in_name=in_name,
                               open_name=self.table_row(known.group())["name"], rule="head+acronyms.csv")
        if "field" in takes:
            field = self.field_re.match(text, pos, timeout=patterns.PATTERN_TIMEOUT)
            if field:
                entry = self.fields[fold(field.group())]
                org = replace(org, field=entry["name"], end=field.end(), rule="head+field")
                programme = entry.get("programme") and self.programme_re.match(text, field.end(), timeout=patterns.PATTERN_TIMEOUT)
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
        located = head.get("located") and self.located_re.match(text, org.end, timeout=patterns.PATTERN_TIMEOUT)
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
            known = word is not None and not owner and self.table_re.match(text, word, timeout=patterns.PATTERN_TIMEOUT)
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
        branch = self.branch_re.match(text, pos, timeout=patterns.PATTERN_TIMEOUT)
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
        fixed = self.fixed_re.match(text, pos, timeout=patterns.PATTERN_TIMEOUT)
        if fixed:
            return self.fixed_places[fold(fixed.group())], fixed.end(), None, "+place"
        level = self.level_re.match(text, pos, timeout=patterns.PATTERN_TIMEOUT)
        if level:
            name, local = self.levels[fold(level.group("level"))], level.group("local")
            if local and name != "tỉnh" and local.split()[0] not in self.surnames:
                return f"{name} {local}", level.end(), None, "+local"
            if name in self.own_levels:
                return name, level.end("level"), name, "+own-province"
        return None

    def parse_open(self, text: str, pos: int, provinces: dict):
        """(capitalised proper name, end) right after ``pos``, or None: "Việt - Mỹ", "WVI"."""
        m = self.open_re.match(text, pos, timeout=patterns.PATTERN_TIMEOUT)
        if not m:
            return None
        start, end = m.start("open"), m.end("open")
        words = list(self.cap_word_re.finditer(text, start, end, timeout=patterns.PATTERN_TIMEOUT))
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
        if self.short_form_re.fullmatch(short, timeout=patterns.PATTERN_TIMEOUT):
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


@functools.lru_cache(maxsize=1)
def grammar() -> OrganizationGrammar:
    """The organization grammar, compiled once per process."""
    return OrganizationGrammar()


def own_province(doc) -> tuple[str, str] | None:
    """(name, kind) of the province the article mentions most (the first on a tie), or None."""
    spans = sorted(doc.spans["provinces"], key=lambda s: s.start_char) if "provinces" in doc.spans else []
    if not spans:
        return None
    names = [span._.data["name"] for span in spans]
    counts = Counter(names)
    best = max(range(len(names)), key=lambda i: (counts[names[i]], -names.index(names[i])))
    return names[best], spans[best]._.data.get("kind") or "tỉnh"


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


def non_overlapping(candidates: list[OrgName]) -> list[OrgName]:
    """The longest candidates that do not overlap, in text order."""
    chosen = []
    for org in sorted(candidates, key=lambda o: (-(o.end - o.start), o.start)):
        if all(org.end <= c.start or org.start >= c.end for c in chosen):
            chosen.append(org)
    return sorted(chosen, key=lambda o: o.start)


@extractor("organizations", table="organizations", label="ORG")
class OrganizationFinder:
    """Finds organization names in ``doc.text`` (runs after the province gazetteer).

    Leaves ``doc.user_data["organizations"]`` = {"own": (province, kind), "placed": [names]}
    for the officials extractor, which reads names after titles with the same grammar.
    """

    def __init__(self):
        self.grammar = grammar()

    def candidates(self, text: str, provinces: dict) -> list[OrgName]:
        g = self.grammar
        found = []
        for m in g.head_re.finditer(text, timeout=patterns.PATTERN_TIMEOUT):
            org = g.parse_head(text, m.start(), provinces)
            if org:
                found.append(org)
        for m in g.absorbing_re.finditer(text, timeout=patterns.PATTERN_TIMEOUT):
            head = g.heads[fold(g.absorbed_head[fold(m.group())])]
            start = m.end() - len(head["name"])
            org = g.parse_rest(text, start, m.end(), head, provinces)
            if org:
                found.append(replace(org, rule="title+" + org.rule))
        for m in g.table_re.finditer(text, timeout=patterns.PATTERN_TIMEOUT):
            row = g.table_row(m.group())
            found.append(OrgName(m.start(), m.end(), "", full=row["name"],
                                 rule="acronyms.csv" if m.group() == row["acronym"] else "acronyms.csv name"))
        return non_overlapping(found)

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        provinces = {span.start_char: span for span in doc.spans["provinces"]} if "provinces" in doc.spans else {}
        own = own_province(doc)
        orgs = self.candidates(text, provinces)
        placed = sorted({org.name(own) for org in orgs if not org.bare})
        names = {org: canonical(org, own, placed) for org in orgs}

        # short forms defined in brackets (not mentions of their own), then their other mentions
        defined, brackets = {}, []
        for org in orgs:
            short = self.grammar.short_form(text, names[org][0], org.end)
            if short:
                defined.setdefault(short, names[org][0])
                start = text.index(short, org.end)
                brackets.append((start, start + len(short)))
        orgs = [org for org in orgs if (org.start, org.end) not in brackets]
        if defined:
            alias_re = regex.compile(r"(?<![\p{L}\p{N}&-])(?:" + alternation(map(regex.escape, defined))
                                     + r")(?![\p{L}\p{N}&]|-\p{L})")
            extra = [OrgName(m.start(), m.end(), "", full=defined[m.group()], rule="short form defined in text")
                     for m in alias_re.finditer(text, timeout=patterns.PATTERN_TIMEOUT) if m.span() not in brackets]
            orgs = non_overlapping(orgs + extra)
            names.update({org: (org.full, "") for org in extra})

        # a classifier ("tổ chức") belongs to a name as the article writes it inside sentences
        # ("Tổ chức Children Of Vietnam", then "COV" too; "tổ chức WVI" -> "Tầm nhìn Thế giới")
        for base, classifier in self.classifier_use(orgs).items():
            for org in orgs:
                if (org.open_name if org.head in self.grammar.classifiers else org.full) == base:
                    name = f"{classifier} {base}" if classifier else base
                    names[org] = (name, names[org][1] + ("+context" if name != names[org][0] else ""))

        doc.user_data["organizations"] = {"own": own, "placed": placed}
        acronyms = {name: short for short, name in defined.items()}
        return [Match(org.start, org.end, {
            "name": names[org][0], "acronym": self.acronym(names[org][0], org.head, acronyms), "head": org.head or None,
        }, rule=org.rule + names[org][1]) for org in orgs]

    def classifier_use(self, orgs: list[OrgName]) -> dict[str, str | None]:
        """name -> the classifier to write before it ("Tổ chức") or None, by the majority of
        its mentions inside sentences; mentions at a sentence start only count if alone."""
        votes, alone = {}, {}
        for org in orgs:
            if org.head in self.grammar.classifiers and org.open_name:
                if org.in_name is None:
                    alone[org.open_name] = org.head
                else:
                    votes.setdefault(org.open_name, Counter())[org.head if org.in_name else None] += 1
        decided = {}
        for base, count in votes.items():
            ranked = count.most_common()
            tie = len(ranked) > 1 and ranked[0][1] == ranked[1][1]
            decided[base] = next(c for c in count if c) if tie else ranked[0][0]
        return {**alone, **decided}

    def acronym(self, name: str, head: str, defined: dict) -> str | None:
        """The short form: defined in the text, from acronyms.csv, or the head's ("UBND tỉnh Thái Bình")."""
        unclassified = next((name[len(c) + 1:] for c in self.grammar.classifiers if name.startswith(c + " ")), name)
        found = defined.get(name) or self.grammar.acronym_of.get(fold(name)) or self.grammar.acronym_of.get(fold(unclassified))
        short_head = self.grammar.head_short.get(head)
        if not found and short_head and name.startswith(head):
            found = short_head + name[len(head):]
        return found
