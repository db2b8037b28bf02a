"""Counts (pipeline/extractors/counts.py) on real sentences; more in patterns/counts.corpus.tsv."""
from __future__ import annotations

import pipeline


def counts(text, published=None):
    facts = pipeline.extract(text, published=published).tables()["facts"]
    return [(r["value"], r["unit"]) for r in facts[facts["kind"] == "count"].to_dict("records")]


def test_two_counts_in_one_phrase():
    assert counts("tỉnh đã phê duyệt và tiếp nhận 11 dự án của 7 tổ chức PCPNN và tổ chức quốc tế") == [
        (11, "dự án"), (7, "tổ chức")]


def test_unit_is_the_listed_head_noun_in_lower_case():
    assert counts("Trong thời gian qua, với 05 Hội thành viên, Liên hiệp đã chủ động") == [(5, "hội")]
    assert counts("Từ năm 2020 đến 2022, đã có 1.407 lượt tổ chức PCPNN hoạt động") == [(1407, "lượt")]


def test_a_date_is_never_a_count():
    # "12" of "14/12" stands before "tỉnh", a counted noun
    assert counts("Ngày 14/12 tỉnh Thái Bình làm việc với VUFO.") == []
    assert counts("Sáng 5/12 tỉnh tổ chức hội nghị.", published="2022-12-06") == []


def test_ordinals_years_document_numbers_and_codes_are_not_counts():
    text = ("Hội nghị Ban chấp hành lần thứ 4 tổng kết công tác năm 2023; Kế hoạch số 57-KH/TU; "
            "năm 2022 tổ chức hội nghị; Nghị quyết Hội nghị Trung ương 6 khóa XIII; Quyết định số 1252/QĐ-UBND.")
    assert counts(text) == []


def test_fraction_gives_the_part_and_the_total():
    assert counts("Đến nay, cả nước đã có 5.813/8.227 xã đạt chuẩn nông thôn mới") == [(5813, "xã"), (8227, "xã")]


def test_money_is_not_also_a_count():
    assert counts("hỗ trợ 500.000 đồng/người/tháng cho 120 hộ nghèo") == [(120, "hộ")]


def test_the_longest_entry_is_read_with_the_precedence_of_the_noun_lists():
    """An entry kept by hand (and not excluded) is a noun; else one excluded, an excluded head,
    a word of an excluded head or a lexicon's not-noun is excluded; else a lexicon noun is a noun,
    unless it is a noun of several words no real text showed whose last syllable opens one with the
    words after it (then a shorter entry is read)."""
    from pipeline.facts.counts import counted_nouns

    nouns = counted_nouns()

    def kind(entry):
        if entry in nouns.curated and entry not in nouns.excluded:
            return "noun"
        if entry in nouns.excluded or entry in nouns.excluded_heads or entry[:1] in nouns.excluded_heads \
                or entry in nouns.not_nouns:
            return "excluded"
        return "noun" if entry in nouns.nouns else ""

    def gives_away(words, size):
        return size > 1 and tuple(words[:size]) not in nouns.vouched and any(
            (words[size - 1], *words[size:size + more]) in nouns.vouched for more in (1, 2, 3) if size + more <= len(words))

    def read(words):
        sizes = [size for size in range(len(words[:nouns.sizes[words[0]][0]]), 0, -1) if kind(tuple(words[:size]))]
        return next(((size, kind(tuple(words[:size]))) for size in sizes
                     if not (kind(tuple(words[:size])) == "noun" and gives_away(words, size))), (0, ""))

    entries = sorted(nouns.nouns | nouns.excluded | nouns.excluded_heads | nouns.not_nouns)
    for number, entry in enumerate(entries):
        for words in (list(entry), [*entry, "và"], [*entry, *entries[number * 7 % len(entries)]]):
            assert nouns.longest(words) == read(words), words


def test_a_noun_no_real_text_showed_gives_its_last_syllable_to_a_word_of_real_text_after_it():
    """Phrases of the batch: the dictionaries' "đội xếp" (a French-era policeman), "người làm", "câu đầu" are
    no words of real text, "xếp hạng", "làm thuê", "đầu tiên" are; "bệnh nhân" and "học sinh" are, and keep
    their syllables before "tử vong" ("nhân tử", "sinh tử" are words too); a name after the noun takes none."""
    assert counts("mỗi bảng còn có 4/6 đội xếp hạng ba có thành tích tốt nhất") == [(4, "đội"), (6, "đội")]
    assert counts("Hai người làm thuê cạnh quán chị X. bị rượt chém") == [(2, "người")]
    assert counts("có những mã đề 20 câu đầu tiên học sinh không cần bấm máy tính") == [(20, "câu")]
    assert counts("tấm ốp sơn phủ được kiểm tra tại 95 tòa nhà chung cư") == [(95, "tòa nhà")]
    assert counts("Sự cố y khoa đã khiến 8 bệnh nhân tử vong. Tai nạn khiến 3 học sinh tử vong.") == [
        (8, "bệnh nhân"), (3, "học sinh")]
    assert counts("Mỹ đã xuất xưởng hơn 1.700 tiêm kích F-15") == [(1700, "tiêm kích")]


def test_a_head_is_not_completed_by_a_part_of_the_thing():
    assert counts("công bố kết quả thẩm định chất lượng 18 tàu vỏ thép bị hư hỏng") == [(18, "tàu")]
    assert counts("Hiện đã có 557 tàu cá đóng mới theo NĐ 67 (trong đó 188 tàu vỏ thép, 22 tàu composite)") == [
        (557, "tàu cá"), (188, "tàu"), (22, "tàu")]


def test_a_noun_of_several_words_ends_after_its_last_word_whatever_the_spaces_between():
    """The end of a counted noun is found word by word (:func:`pipeline.facts.counts.words_end`): after its
    last word, past any run of spaces between its words (a no-break space, a tab, several spaces)."""
    from pipeline.facts.counts import counted_nouns

    nouns = counted_nouns()
    for text, unit, last in [("3 thuyền\u00a0 viên được cứu", "thuyền viên", "viên"),
                             ("15 cụm   công nghiệp tại Hà Nam", "cụm công nghiệp", "nghiệp"),
                             ("2 trạm\tbơm mới", "trạm bơm", "bơm"),
                             ("59 tổ chức phi chính phủ nước ngoài", "tổ chức", "chức")]:
        found = nouns.unit_at(text, text.index(" ") + 1)
        assert found == (unit, text.index(last) + len(last)), text


def test_the_word_before_and_a_rate_are_read_as_by_a_forward_search():
    """``_WORDS_BEFORE`` is searched from the end back and ``_RATE`` takes its words whole (and its
    "/" beside a never-matching alternative): the same answers as the plain patterns read forward."""
    import random

    import regex

    from pipeline.facts.counts import _RATE, word_before
    words_before = regex.compile(r"(?<![\p{L}\p{N}])[\p{L}]+(?:[^\S\n][\p{L}]+)?[^\S\n]+\Z")
    rate = regex.compile(r"(?:[^\S\n]+\p{L}+){0,3}[^\S\n]*/[^\S\n]*\p{L}")
    letters = [" ", " ", "\n", "\t", "\xa0", "/", "a", "ă", "B", "Đ", "1", ".", "-", "\u0301"]
    generator = random.Random(15)
    for _ in range(20000):
        text = "".join(generator.choice(letters) for _ in range(generator.randint(0, 14)))
        found = words_before.search(text)
        assert word_before(text) == (found.group().split()[-1] if found else None), text
        position = generator.randint(0, len(text))
        plain = rate.match(text, position)
        assert (plain and plain.span()) == ((m := _RATE.match(text, position)) and m.span()), (text, position)
    assert word_before("Galaxy Note ") == "Note" and _RATE.match(" ca mắc mới/tuần", 0)


def test_a_share_of_a_whole_is_no_count_and_a_part_of_a_total_is():
    """Phrases of the batch: halves, thirds and quarters, and a fraction after "chiếm", are shares."""
    assert counts("vừa được công bố cho thấy: gần 2/3 sinh viên cho biết thích làm việc trong khu vực nhà nước") == []
    assert counts("Quảng Ninh sẽ chiếm 1/10 chiều dài cao tốc mà Chính phủ đặt mục tiêu") == []
    assert counts("Ban chỉ đạo đã làm việc với 9/12 dự án, với từng Giám đốc") == [(9, "dự án"), (12, "dự án")]


def test_a_compound_the_news_writes_as_two_words_counts_its_head():
    assert counts("doanh nghiệp đóng tàu thì có 5 người ở huyện Hoài Nhơn") == [(5, "người")]
