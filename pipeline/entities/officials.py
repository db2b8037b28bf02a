"""Officials: people named in the text, with honorific, title and organization.

A mention is a name (``patterns/officials.yaml``: an honorific or degree before
it, or a known family name) with titles on either side (``patterns/titles.yaml``)
and, after each title, the organization it names (read with the organization
grammar; a bare "Sở" is the department the article names). One row per title:

    "Đồng chí Bùi Thế Giang, Phó Chủ tịch Thường trực Hội Việt - Mỹ"
        -> Bùi Thế Giang | đồng chí | Phó Chủ tịch Thường trực | Hội Việt - Mỹ
    "Phó Chủ tịch VUFO Nguyễn Văn Doanh"
        -> Nguyễn Văn Doanh | | Phó Chủ tịch | Liên hiệp các tổ chức hữu nghị Việt Nam
    "Đồng chí Nguyễn Minh Hằng, Thứ trưởng Bộ Ngoại giao, Chủ nhiệm Ủy ban ..."  -> two rows

A later mention without a title ("đồng chí Nguyễn Minh Hằng nhấn mạnh") repeats the
first title the article gives that name (rule ``... +same name``). Bylines and photo
credits have neither honorific nor title and give no row.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipeline.component import Column, ComponentSpec, Match, Score, component
from pipeline.entities.org_grammar import canonical, grammar
from pipeline.rules import patterns
from pipeline.rules.budget import checkpoint
from pipeline.rules.grammar import AFTER, BEFORE, SPACE, alternation, fold, space_after, spelling_pattern

SPEC = ComponentSpec(
    name="officials", span_key="officials", table="officials", label="PERSON", color="#aa9cfc",
    columns=(
        Column("name", "string", "the person's name as written, without honorific or degree"),
        Column("honorific", "string", "ông, bà, đồng chí, ... or a degree (TS., PGS.TS.)"),
        Column("title", "string", "the title, canonical (patterns/titles.yaml); one row per title"),
        Column("organization", "string", "the body the title belongs to, canonical as in organizations"),
    ),
    requires=("doc.spans[organizations]", "doc._.org_context"),
    reads=("doc.spans[provinces]",),
    assigns=("doc.spans[officials]",),
    scores=(
        Score("officials (name+title)", gold="officials", pairs=(("name", "name", "name"), ("title", "title", "name"))),
        Score("officials (name+title+organization)", gold="officials",
              pairs=(("name", "name", "name"), ("title", "title", "name"), ("organization", "organization", "name"))),
    ),
)


@dataclass
class Mention:
    """A name in the text and the (title, organization, end) pairs tied to it."""

    start: int
    name_start: int
    name_end: int
    name: str
    honorific: str | None
    titles: list = field(default_factory=list)
    rule: str = ""


class TitleGrammar:
    """``titles.yaml`` compiled: [PREFIX] BASE [SUFFIX] in any letter case."""

    def __init__(self):
        spec = patterns.load_yaml("titles.yaml")
        self.prefixes = {fold(p): p for p in spec["prefixes"]}
        self.suffixes = {fold(p): p for p in spec["suffixes"]}
        self.bases = {}
        for entry in spec["bases"]:
            entry = {"name": entry} if isinstance(entry, str) else entry
            self.bases[fold(entry["name"])] = entry
        def part(words) -> str:
            return "(?:" + alternation(spelling_pattern(w, False) for w in words) + ")"

        self.pattern = (BEFORE + "(?:(?P<prefix>" + part(spec["prefixes"]) + ")" + SPACE + ")?"
                        + "(?P<base>" + part(e["name"] for e in self.bases.values()) + ")"
                        + "(?:" + SPACE + "(?P<suffix>" + part(spec["suffixes"]) + "))?" + AFTER)
        self.title_re = regex.compile(self.pattern)
        self.short_forms = spec["short_forms"]
        self.short_re = regex.compile(BEFORE + "(?P<short>" + alternation(map(regex.escape, self.short_forms)) + ")" + AFTER)

    def canonical(self, m: regex.Match) -> tuple[str, dict]:
        """("Phó Chủ tịch Thường trực", base entry) for a match of ``title_re``."""
        base = self.bases[fold(m.group("base"))]
        parts = [self.prefixes[fold(m.group("prefix"))] if m.group("prefix") else None, base["name"],
                 self.suffixes[fold(m.group("suffix"))] if m.group("suffix") else None]
        return " ".join(p for p in parts if p), base


@patterns.resource
def titles() -> TitleGrammar:
    return TitleGrammar()


@component(SPEC)
class OfficialFinder:
    """Finds named people and their titles in ``doc.text`` (after organizations)."""

    def __init__(self):
        spec = patterns.load_yaml("officials.yaml")
        self.titles = titles()
        self.orgs = grammar()
        lowercase = set(spec["lowercase_only"])
        self.honorifics = {fold(k): v for k, v in spec["honorifics"].items()}
        honorific = alternation(spelling_pattern(h, first_letter_as_written=h in lowercase) for h in spec["honorifics"])
        self.honorific_before_re = regex.compile("(?P<honorific>" + honorific + r")[^\S\n]+\Z")
        syllable = r"\p{Lu}\p{Ll}*(?:-\p{L}+)*"
        most = spec["name_words"]["max"]
        name = syllable + "(?:" + SPACE + syllable + "){0," + str(most - 1) + "}" + AFTER
        surnames = alternation(map(regex.escape, spec["surnames"]))
        self.min_words = spec["name_words"]["min"]
        self.mention_re = regex.compile(
            BEFORE + "(?:(?:(?P<honorific>" + honorific + ")[^\\S\\n]*(?=\\p{Lu})|(?P<degree>" + spec["degrees"] + ")"
            + SPACE + ")(?P<name>" + name + ")"
            + "|(?P<sname>(?:" + surnames + ")" + AFTER + "(?:" + SPACE + syllable + "){1," + str(most - 1) + "}" + AFTER + "))")
        self.separator_re = regex.compile(spec["separator"])
        self.list_intro_re = regex.compile(spec["list_intro"])
        self.term_re = regex.compile(spec["term_of_office"])

    # -- the pieces of a mention ------------------------------------------------------

    def organization_after(self, doc, context: dict, base: dict, title_start: int, title_end: int):
        """(organization name, end) named right after a title, or (None, title_end)."""
        text, orgs = doc.text, self.org_spans
        if base.get("head"):   # "Trưởng ban Dân tộc tỉnh": the title ends with the head
            head = self.orgs.heads[fold(base["head"])]
            org = self.orgs.parse_rest(text, title_start, title_end, head, self.provinces)
            if org:
                return canonical(org, context["own"], context["placed"])[0], org.end
        word = space_after(text, title_end)
        if word is None:
            return None, title_end
        if word in orgs:
            return orgs[word]._.data["name"], orgs[word].end_char
        bare = self.orgs.head_re.match(text, word)
        if bare and not bare.group().isupper():   # "Phó Giám đốc Sở": the Sở named nearest before
            head = self.orgs.heads[fold(bare.group())]["name"]
            same = [s for s in self.org_spans.values() if s._.data.get("head") == head]
            before = [s for s in same if s.start_char < word]
            nearest = before[-1] if before else (same[0] if same else None)
            return (nearest._.data["name"] if nearest else None), bare.end()
        return None, title_end

    def titles_after(self, doc, context: dict, pos: int) -> list[tuple[str, str | None, int]]:
        """The chain ", Title [Org], Title [Org]" after a name."""
        text, found = doc.text, []
        while True:
            sep = self.separator_re.match(text, pos)
            if not sep or "\n" in sep.group():
                return found
            m = self.titles.title_re.match(text, sep.end())
            if m:
                title, base = self.titles.canonical(m)
                organization, pos = self.organization_after(doc, context, base, m.start("base"), m.end())
            else:
                short = self.titles.short_re.match(text, sep.end())
                if not short:
                    return found
                (title, organization), pos = self.expand_short(short.group(), context), short.end()
            found.append((title, organization, pos))
            term = self.term_re.match(text, pos)
            pos = term.end() if term else pos

    def expand_short(self, short: str, context: dict) -> tuple[str, str | None]:
        """"TVTU" -> ("Ủy viên", "Ban Thường vụ Tỉnh ủy <own province>")."""
        entry = self.titles.short_forms[short]
        organization = entry.get("organization")
        if organization:
            org = self.orgs.parse_head(organization, 0, {})
            organization = org.name(context["own"], complete=True) if org else organization
        return entry["title"], organization

    def title_before(self, doc, context: dict, name_start: int):
        """(title, organization, start, honorific) of "Phó Chủ tịch UBND tỉnh <name>", or None."""
        text = doc.text
        line_start = text.rfind("\n", 0, name_start) + 1
        window_start = max(line_start, name_start - 160)
        best = None
        for m in self.titles.title_re.finditer(text, window_start, name_start):
            title, base = self.titles.canonical(m)
            organization, end = self.organization_after(doc, context, base, m.start("base"), m.end())
            if space_after(text, end) == name_start:
                best = (title, organization, m.start())
        if best is None:
            return None
        before = text[line_start:best[2]]
        honorific = self.honorific_before_re.search(before)
        start = best[2] - len(honorific.group()) if honorific else best[2]
        return best[0], best[1], start, self.honorifics[fold(honorific.group("honorific"))] if honorific else None

    def list_honorific(self, text: str, start: int) -> str | None:
        """The honorific of a list "các đồng chí: A, ...; B, ..." the name belongs to."""
        sentence_start = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
        intro = None
        for intro in self.list_intro_re.finditer(text, sentence_start, start):  # noqa: B007 (the last)
            pass
        return self.honorifics[fold(intro.group("honorific"))] if intro else None

    # -- the component -------------------------------------------------------------

    def mentions(self, doc, context: dict) -> list[Mention]:
        text = doc.text
        taken = [(s.start_char, s.end_char) for s in list(doc.spans.get("provinces", [])) + list(self.org_spans.values())]
        found = []
        for m in self.mention_re.finditer(text):
            checkpoint()
            group = "name" if m.group("name") else "sname"
            name_start, name_end = m.start(group), m.end(group)
            # drop syllables inside a province or organization ("tỉnh Thái Bình Nguyễn Văn A")
            for start, end in taken:
                if start <= name_start < end:
                    name_start = space_after(text, end) or name_end
            name = " ".join(text[name_start:name_end].split())
            words = name.split()
            if not words or name_start >= name_end or any(s < name_end and name_start < e for s, e in taken):
                continue
            if len(words) < self.min_words and "-" not in name:
                continue
            if self.titles.title_re.match(text, name_start):
                continue   # "đồng chí Phó Chủ tịch ...": a title, the name comes later
            honorific = m.group("honorific") if group == "name" and name_start == m.start("name") else None
            mention = Mention(m.start() if honorific or m.group("degree") else name_start, name_start, name_end, name,
                              self.honorifics[fold(honorific)] if honorific else None)
            before = self.title_before(doc, context, name_start)
            if before:
                title, organization, start, honorific_before = before
                mention.titles.append((title, organization, name_end))
                mention.start = min(mention.start, start)
                mention.honorific = mention.honorific or honorific_before
            after = self.titles_after(doc, context, name_end)
            mention.titles += after
            if not mention.titles and not honorific and not m.group("degree"):
                continue   # a bare name: a person only if the article titles it elsewhere
            mention.honorific = mention.honorific or self.list_honorific(text, mention.start)
            mention.rule = "+".join(filter(None, ["title name" if before else "", "name, title" if after else "",
                                                  "honorific name" if not mention.titles else ""]))
            found.append(mention)
        return found

    def __call__(self, doc) -> list[Match]:
        text = doc.text
        context = doc._.org_context or {"own": None, "placed": []}
        self.org_spans = {s.start_char: s for s in doc.spans["organizations"]} if "organizations" in doc.spans else {}
        self.provinces = {s.start_char: s for s in doc.spans["provinces"]} if "provinces" in doc.spans else {}
        mentions = self.mentions(doc, context)

        # later mentions of a titled name, without honorific or title
        known = {m.name for m in mentions}
        if known:
            covered = [(m.start, m.titles[-1][2] if m.titles else m.name_end) for m in mentions]
            again = regex.compile(BEFORE + "(?:" + alternation(map(regex.escape, known)) + ")" + AFTER)
            for m in again.finditer(text):
                if not any(s <= m.start() < e for s, e in covered):
                    mentions.append(Mention(m.start(), m.start(), m.end(), m.group(), None, rule="name"))
        first_title = {}
        for mention in sorted(mentions, key=lambda m: m.start):
            if mention.titles:
                first_title.setdefault(mention.name, mention.titles[0][:2])

        matches = []
        for mention in sorted(mentions, key=lambda m: m.start):
            rows = mention.titles
            if not rows:
                inherited = first_title.get(mention.name, (None, None))
                rows = [(*inherited, mention.name_end)]
                mention.rule += "+same name" if mention.name in first_title else ""
            for title, organization, end in rows:
                matches.append(Match(mention.start, max(end, mention.name_end), {
                    "name": mention.name, "honorific": mention.honorific, "title": title, "organization": organization,
                }, rule=mention.rule))
        return matches
