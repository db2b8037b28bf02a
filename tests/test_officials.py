"""Officials: names with honorific, titles on either side, the organization each title names."""
from __future__ import annotations

import shutil

import pytest

import pipeline
from pipeline.rules import patterns
from corpus_adapters import parse_title
from pipeline.entities import officials, org_grammar
from pipeline.entities.officials import OfficialFinder


def rows(text: str) -> list[tuple]:
    found = pipeline.extract(text).rows.get("officials", [])
    return [(r["name"], r["honorific"], r["title"], r["organization"]) for r in found]


def test_name_then_title_and_organization():
    assert rows("Đồng chí Bùi Thế Giang, Phó Chủ tịch Thường trực Hội Việt - Mỹ trao đổi tại Hội nghị") == [
        ("Bùi Thế Giang", "đồng chí", "Phó Chủ tịch Thường trực", "Hội Việt - Mỹ")]


def test_two_titles_give_two_rows_and_a_later_mention_repeats_the_first():
    text = ("Đồng chí Nguyễn Minh Hằng, Thứ trưởng Bộ Ngoại giao, Chủ nhiệm Ủy ban Công tác về các tổ chức phi "
            "chính phủ nước ngoài chủ trì. Phát biểu kết luận, đồng chí Nguyễn Minh Hằng nhấn mạnh.")
    assert rows(text) == [
        ("Nguyễn Minh Hằng", "đồng chí", "Thứ trưởng", "Bộ Ngoại giao"),
        ("Nguyễn Minh Hằng", "đồng chí", "Chủ nhiệm", "Ủy ban Công tác về các tổ chức phi chính phủ nước ngoài"),
        ("Nguyễn Minh Hằng", "đồng chí", "Thứ trưởng", "Bộ Ngoại giao")]


def test_title_first_with_an_acronym_and_with_a_bare_province():
    text = ("Ông Nguyễn Văn Doanh, Phó Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO) đến tỉnh Thái Bình. "
            "Phó Chủ tịch VUFO Nguyễn Văn Doanh đánh giá cao; Phó Chủ tịch UBND tỉnh Lại Văn Hoàn cảm ơn.")
    assert rows(text) == [
        ("Nguyễn Văn Doanh", "ông", "Phó Chủ tịch", "Liên hiệp các tổ chức hữu nghị Việt Nam"),
        ("Nguyễn Văn Doanh", None, "Phó Chủ tịch", "Liên hiệp các tổ chức hữu nghị Việt Nam"),
        ("Lại Văn Hoàn", None, "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Thái Bình")]


def test_bare_department_after_a_title_is_the_one_named_before():
    text = ("Dự Hội nghị tại điểm cầu Sở Ngoại vụ tỉnh Lạng Sơn có bà Trần Thị Vân Thuỳ, Phó Giám đốc Sở cùng "
            "với Lãnh đạo Phòng Lãnh sự - Hợp tác quốc tế.")
    assert rows(text) == [("Trần Thị Vân Thùy", "bà", "Phó Giám đốc", "Sở Ngoại vụ tỉnh Lạng Sơn")]


def test_list_of_officials_with_short_titles():
    text = ("Tiếp và làm việc với Đoàn có các đồng chí: Đinh Văn Điến, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; "
            "Tống Quang Thìn, TVTU, Phó Chủ tịch UBND tỉnh Ninh Bình.")
    assert rows(text) == [
        ("Đinh Văn Điến", "đồng chí", "Phó Bí thư", "Tỉnh ủy Ninh Bình"),
        ("Đinh Văn Điến", "đồng chí", "Chủ tịch", "Ủy ban nhân dân tỉnh Ninh Bình"),
        ("Tống Quang Thìn", "đồng chí", "Ủy viên", "Ban Thường vụ Tỉnh ủy Ninh Bình"),
        ("Tống Quang Thìn", "đồng chí", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Ninh Bình")]


def test_a_named_resident_without_title():
    assert rows("Bà Trần Thị Hoa (65 tuổi, trú xã An Thủy, huyện Lệ Thủy) cho biết nước lên nhanh") == [
        ("Trần Thị Hoa", "bà", None, None)]


def test_bylines_and_photo_credits_are_not_officials():
    text = ("Ông Lại Văn Hoàn phát biểu tại buổi làm việc (Ảnh: Quỳnh Hoa).\n"
            "Quang cảnh hội nghị. Ảnh: Ngọc Minh\n"
            "Giá trị giải ngân ước đạt 1,3 triệu USD.\n"
            "Mai Anh (t/h)")
    result = pipeline.extract(text)
    assert [r["name"] for r in result.rows["officials"]] == ["Lại Văn Hoàn"]
    assert result.article["author"] == "Mai Anh"


@pytest.mark.parametrize("text", [
    "Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy yêu cầu các cấp ủy",
    "Dự án triển khai tại tỉnh Bà Rịa - Vũng Tàu và Bình Dương",
    "Phó Chủ tịch đồng thời khẳng định, Quảng Nam luôn chào đón",
    "Tôi phải công nhận là ông Trời đã ban cho phụ nữ giác quan thứ sáu.",
    "Chủ cửa hàng hoa quả tại phố Kim Ngưu - Hai Bà Trưng cho biết giá tăng.",
])
def test_no_official(text):
    assert rows(text) == []


def test_a_given_name_alone_is_a_person_where_the_text_says_so():
    """A given name written alone after an honorific, the person's only name in the article, is a person where a
    verb of speech, a residence or an age follows it (the readers of general5 write "Anh Quân, ở quận 11, cho biết");
    until stop 44 "ông Sính nói" gave no row."""
    assert rows("\"Được Nhà nước hỗ trợ, gia đình tôi sẽ góp thêm\", ông Sính nói.") == [("Sính", "ông", None, None)]
    assert rows("Người dân đến đông, ông Sính đi về nhà.") == []


def test_a_title_added_to_the_yaml_is_read_without_code(tmp_path, monkeypatch):
    copy = tmp_path / "patterns"
    shutil.copytree(patterns.folder(), copy)
    titles = copy / "titles.yaml"
    titles.write_text(titles.read_text(encoding="utf-8").replace("  - Chánh án\n", "  - Chánh án\n  - Kiểm sát viên\n"),
                      encoding="utf-8")
    monkeypatch.setenv("TINTRICH_PATTERNS", str(copy))
    caches = (patterns.load_yaml, patterns.load_csv, patterns.load_words, org_grammar.grammar, officials.titles)
    for cached in caches:
        cached.cache_clear()
    try:
        assert parse_title("Kiểm sát viên Viện Kiểm sát") == {"title": "Kiểm sát viên", "text": "Kiểm sát viên"}
    finally:
        monkeypatch.delenv("TINTRICH_PATTERNS")
        for cached in caches:
            cached.cache_clear()
    assert parse_title("Kiểm sát viên Viện Kiểm sát") is None


def test_what_re_reads_as_a_letter_or_digit_regex_reads_so_too():
    """The scans of title and name starts pass over a letter after a letter or digit as ``re``
    reads them (``[^\\W_]``); the exact patterns open with BEFORE (``regex``: no letter or digit
    before), so no start they find is passed over."""
    import re

    import regex
    alnum, letter_or_digit = re.compile(r"[^\W_]"), regex.compile(r"[\p{L}\p{N}]")
    assert not [hex(c) for c in range(0x110000) if alnum.match(chr(c)) and not letter_or_digit.match(chr(c))]


def test_what_regex_reads_as_a_title_letter_in_any_case_re_reads_so_too():
    """The scan of title starts reads the titles' letters with re's (?i), ``title_re`` with regex's:
    every character regex takes for one of them re takes too."""
    import re

    import regex
    spec = patterns.load_yaml("titles.yaml")
    letters = {c for w in [*spec["prefixes"], *(b if isinstance(b, str) else b["name"] for b in spec["bases"])]
               for c in w if not c.isspace()}
    every = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    for letter in letters:
        assert set(regex.findall("(?i:" + regex.escape(letter) + ")", every)) <= \
            set(re.findall("(?i:" + re.escape(letter) + ")", every)), letter


#: texts of titles next to letters, digits, marks, spaces and dashes of every kind
_TITLE_TEXTS = [
    "Phó Chủ tịch UBND tỉnh Nguyễn Văn A, nguyên Bí thư Tỉnh ủy, cùng Bộ trưởng Bộ Y tế",
    "phó chủ tịch thường trực,Chủ tịch-Giám đốc Sở.Tổng Giám đốc(Trưởng ban)Thứ trưởng",
    "ThủTướng, tổngbí thư, xPhó Chủ tịch, 1Chủ tịch, _Chủ tịch, Chủ tịch_, Bí thư’Bí thư-Bí thư/Phó Giám đốc",
    "Chiều nay Chi cục trưởng, chính quyền, Người phát ngôn, Phó1 Chủ tịch, Phó_Chủ tịch, Phó–Giám đốc, Phó",
    "Chủ tịch² Chủ tịchⅫ Chủ tịch\u0301 Phó\u00a0Chủ tịch Phó\nChủ tịch Chủ tịch. Tổng Bí thư Tổng",
    "PHÓ CHỦ TỊCH  THƯỜNG TRỰC, Bí  thư, Bí\tthư, Phó - Chủ tịch, người phát ngôn, Người phát, Nhà báo, Chủ tịchnước",
]


@pytest.mark.parametrize("text", _TITLE_TEXTS)
def test_the_titles_before_a_name_are_those_of_finditer(text):
    grammar = officials.titles()
    for start in range(len(text)):
        for end in (len(text), start + 12, start + 30):
            assert [m.span() for m in grammar.finditer(text, start, end)] == \
                [m.span() for m in grammar.title_re.finditer(text, start, end)]


@pytest.mark.parametrize("text", _TITLE_TEXTS)
def test_a_title_is_matched_where_title_re_matches(text):
    """TitleGrammar.match, tried only where ``start_re`` stands, gives what ``title_re.match`` gives."""
    grammar = officials.titles()
    for start in range(len(text) + 1):
        found, expected = grammar.match(text, start), grammar.title_re.match(text, start)
        assert (found and found.span()) == (expected and expected.span())


def test_the_honorifics_are_found_in_the_lower_case_as_mention_re_reads_them():
    """OfficialFinder.lower_honorifics reads the text's lower case: each character regex's (?i)
    takes for a letter of an honorific's first word lower-cases to that letter (or to more than one
    character, when the whole scan is used), and lower-casing one character to one keeps whether it
    is a letter or digit, and which of ' ’ - . / _ it is."""
    import re

    import regex
    finder = OfficialFinder()
    every = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    for letter in {c for word in finder.honorific_starts for c in word}:
        for x in set(regex.findall("(?i:" + regex.escape(letter) + ")", every)):
            assert x.lower() == letter or len(x.lower()) > 1, (letter, x)
    word = re.compile(r"\w")
    for x in every:
        low = x.lower()
        if len(low) == 1:
            assert (bool(word.match(x)), x.isalnum(), x if x in "'’-./_" else "") == \
                (bool(word.match(low)), low.isalnum(), low if low in "'’-./_" else ""), hex(ord(x))


@pytest.mark.parametrize("text", [
    "ông Nguyễn Văn A, bà Lê Thị B, đồng chí Trần C, đ/c Phạm D, ngài Ban Ki-moon, anh Hà E, chị Võ F",
    "Ông Nguyễn Văn A; ÔNG NGUYỄN; ôNG Trần Văn B; không Nguyễn; công Lê Văn; x_ông Lê Văn C; 5ông Lê Văn D",
    "đ/cNguyễn Văn A đ. Lê B đồng. Trần C đồng chíNguyễn Văn D, Đ/c Lê Văn E, đ Lê Văn F, İ ông Lê Văn G",
])
def test_the_mentions_found_with_the_lower_case_are_those_of_the_whole_scan(text, monkeypatch):
    finder = OfficialFinder()
    found = [m.span() for m in finder.mention_matches(text)]
    monkeypatch.setattr(finder, "lower_honorifics", lambda text: None)
    assert found == [m.span() for m in finder.mention_matches(text)]


@pytest.mark.parametrize("text,name", [
    ("Phó Tổng thư ký Quốc hội Lê Bộ Lĩnh Theo đó, Quốc hội đã dành", "Lê Bộ Lĩnh"),
    ("Phó Thủ tướng Vũ Đức Đam Ông giải thích thêm", "Vũ Đức Đam"),
    ("Thống đốc Ngân hàng Nhà nước Việt Nam Lê Minh Hưng Nhiều cán bộ ngân hàng bị truy tố", "Lê Minh Hưng"),
    ("Bộ trưởng Mai Tiến Dũng Thứ trưởng Bộ Công thương Đỗ Thắng Hải cho biết", "Mai Tiến Dũng"),
    ("kêu cha là Tiêu Phước Tại (em bà con) đang ngồi nhậu", "Tiêu Phước Tại"),   # "Tại" is a given name
    ("Trưởng Ban Dân vận Trung ương Trương Thị Mai Qua 3 năm thực hiện", "Trương Thị Mai"),
])
def test_a_name_ends_before_the_sentence_it_runs_into(text, name):
    finder = OfficialFinder()
    read = finder.mention_re.search(text, text.index(name))   # the capitalised run as the mention reads it
    start, end = read.span("sname")
    assert text[start:finder.name_break(text, start, end)] == name


def test_the_titles_of_an_aside_are_read_only_where_it_opens_with_one():
    finder = OfficialFinder()
    titled = "ông Đặng Trung Bình (Huyện ủy viên, Bí thư Đảng ủy) vì tham gia đánh bài"
    aged = "bà Trần Thị Hoa (65 tuổi, trú xã An Thủy) cho biết"
    assert finder.titles_inside(titled, titled.index(" (")) is not None
    assert finder.titles_inside(aged, aged.index(" (")) is None


def test_a_title_after_the_word_of_another_post_is_not_the_names():
    assert rows("CNN dẫn thông tin từ quyền trợ lý ngoại trưởng Mỹ Susan Thornton.") == []
    assert rows("Phó Tổng thống Mỹ Mike Pence cho biết") == [("Mike Pence", None, "Phó Tổng thống", None)]


def test_a_given_name_that_opens_sentences_is_the_word_there():
    # two sentences of one batch article (stop 55): "Tại hiện trường" is "at the scene", no mention of Tiêu Phước Tại
    text = ("Ông Tiêu Phước Tại (em bà con với ông Lợi) cho biết sự việc. Loại súng ông Lợi sử dụng là súng cạc bin. "
            "Tại hiện trường nhà ba mẹ bà Dung, cơ quan công an thu được 2 băng đạn.")
    assert [name for name, *_ in rows(text)] == ["Tiêu Phước Tại"]


def test_a_family_name_after_an_honorific_of_the_other_sex_is_another_person():
    # "ông Obama" beside "Bà Michelle Obama" (a batch article, stop 55) is her husband, read as a name of its own
    text = ("Bà Michelle Obama tiết lộ rằng chồng bà thích bộ tuxedo. Cựu đệ nhất phu nhân Mỹ vừa tiết lộ ông Obama mặc cùng "
            "một bộ tuxedo trong suốt 8 năm.")
    assert [(name, honorific) for name, honorific, *_ in rows(text)] == [("Michelle Obama", "bà"), ("Obama", "ông")]


def spans(text: str) -> list[tuple]:
    found = pipeline.extract(text).rows.get("officials", [])
    return [(r["name"], r["title"], r["text"]) for r in found]


def test_a_row_read_in_an_aside_ends_at_its_closing_bracket():
    # batch articles (stop 60): the evidence stopped inside the brackets ("Nguyễn Văn Tuân (tổng giám đốc")
    listed = "HĐQT Vinaconex gồm các ông Phí Thái Bình (chủ tịch); Nguyễn Văn Tuân (tổng giám đốc); Tô Ngọc Thành."
    assert [text for *_, text in spans(listed)] == ["ông Phí Thái Bình (chủ tịch)", "Nguyễn Văn Tuân (tổng giám đốc)"]
    placed = ("Thượng úy Trương Anh Tuấn (cán bộ Đội CSGT Công an huyện Quảng Trạch, Quảng Bình) đã có hành vi cản trở "
              "lực lượng chức năng làm nhiệm vụ.")
    assert spans(placed)[0][2] == "Trương Anh Tuấn (cán bộ Đội CSGT Công an huyện Quảng Trạch, Quảng Bình)"
    # ... not over a title the row does not give, nor over another post after a comma
    titled = ("Ủy ban kiểm tra thi hành kỷ luật đối với ông Đặng Trung Bình (Huyện ủy viên, Bí thư Đảng ủy, Giám đốc Bệnh "
              "viện đa khoa huyện Gia Viễn) vì tham gia đánh bài ăn tiền.")
    assert [text for *_, text in spans(titled)] == [
        "ông Đặng Trung Bình (Huyện ủy viên", "ông Đặng Trung Bình (Huyện ủy viên, Bí thư Đảng ủy",
        "ông Đặng Trung Bình (Huyện ủy viên, Bí thư Đảng ủy, Giám đốc Bệnh viện đa khoa huyện Gia Viễn)"]
    posted = ("Khiển trách đối với Bùi Minh Thông (Bí thư Chi bộ, Trưởng trạm Y tế xã Gia Thanh, Gia Viễn) vì đã tham gia "
              "chơi bài ăn tiền.")
    assert spans(posted) == [("Bùi Minh Thông", "Bí thư", "Bùi Minh Thông (Bí thư")]


def test_a_role_after_a_name_is_a_persons_post():
    # batch articles (stop 60): a brand's mark and a clause's subject are no post (officials.yaml role_not_words)
    assert rows("Màu đỏ là sắc màu chủ đạo của CR7 Mercurial Campeones, logo Nike được phun màu gold.") == []
    assert rows("Hai bản hợp đồng Ederson Moraes và Bernardo Silva, tiến độ chuyển nhượng của Man City chậm lại.") == []
    assert rows("Anh Chu Văn Phong, lái xe của Công ty Thép Việt cho biết.") == [
        ("Chu Văn Phong", "anh", "lái xe", "Công ty Thép Việt")]
