from __future__ import annotations

import hashlib
import pickle
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.text import normalize as normalize_module
from pipeline.text.normalize import fix_tone_marks, normalize


@pytest.mark.parametrize("old,new", [
    ("hoà", "hòa"), ("Thuỳ", "Thùy"), ("khoẻ", "khỏe"), ("Hoà Bình", "Hòa Bình"), ("Khánh Hoà", "Khánh Hòa"),
    ("thuỷ lợi", "thủy lợi"), ("quý", "quý"), ("hoàng", "hoàng"), ("Thanh Hoá", "Thanh Hóa"), ("HOÀ", "HÒA"),
])
def test_one_tone_mark_convention(old, new):
    assert fix_tone_marks(old) == new


@pytest.mark.parametrize("text", [
    "Sở Kế họach và Đầu tư, Ban Đối ngọai, Qũy Vì người nghèo",
    "Khánh Hoà\nThuỳ hoà  họach.",   # a line break and two spaces inside the chunks
    "Qũy", "hoà", " họach ", "", "quỹ  Thuỷ lợi Hoà Bình",
    "UBND tỉnh Thanh Hoá (THANH HOÁ) khoẻ",
])
def test_tone_marks_move_chunk_by_chunk_as_over_the_whole_text(text):
    from pipeline.text.tone_marks import fix_misplaced_tone_marks

    assert normalize_module.move_tone_marks(text) == fix_misplaced_tone_marks(fix_tone_marks(text))
    assert normalize_module.move_tone_marks(text) == fix_misplaced_tone_marks(fix_tone_marks(text))   # remembered


def test_nfc_and_odd_spaces():
    decomposed = unicodedata.normalize("NFD", "Thái\u00a0Nguyên\u200b có  59 tổ chức")
    assert normalize(decomposed).text == "Thái Nguyên có 59 tổ chức"


def test_seed_chrome_is_dropped_and_body_kept(seed_texts):
    result = normalize(seed_texts["002_589f46926d63e719"])
    for chrome in ("Đang online", "Hôm nay: 1", "image advertisement", "THÔNG TIN TRA CỨU", "anh tin bai"):
        assert chrome not in result.text
    assert "31 tổ chức phi chính phủ nước ngoài" in result.text
    assert result.text.splitlines()[-1] == "Quốc Tuấn"
    rules = {rule for rule, _ in result.dropped}
    assert {"visitor_counter", "advertisement", "counter_heading"} <= rules


def test_local_paths_player_and_counters(seed_texts):
    text = normalize(seed_texts["003_467578c8939c35eb"]).text
    assert "Description:" not in text and "Nhảy đến nội dung" not in text and "-A A +A" not in text
    text = normalize(seed_texts["004_7ebfd3e9652e1177"]).text
    assert "Lượt xem" not in text and "0:00" not in text


def test_repeated_caption_kept_once_and_related_links_dropped(seed_texts):
    text = normalize(seed_texts["000_22c4afcade77e2f4"]).text
    assert text.count("Đồng chí Bùi Thế Giang, Phó Chủ tịch Thường trực Hội Việt - Mỹ trao đổi") == 1
    text = normalize(seed_texts["001_26a770fd3adbd106"]).text
    assert "Bạc Liêu" not in text and "Đông Nam bộ" not in text
    assert text.count("UBND tỉnh Thái Bình làm việc với Đảng đoàn") == 1


def test_body_sentences_that_look_like_chrome_words_are_kept():
    text = "Tỉnh đã chia sẻ kinh nghiệm vận động viện trợ với các địa phương.\nHôm nay, đoàn đến thăm tỉnh."
    assert normalize(text).text == text


def test_mojibake_from_a_wrong_decoding_is_repaired():
    good = "Thái Nguyên: Viện trợ phi chính phủ nước ngoài năm 2022 ước đạt 1,3 triệu USD"
    garbled = good.encode("utf-8").decode("cp1252", errors="replace")
    assert "Ã" in garbled
    result = normalize(garbled)
    assert result.text == good and result.repaired_mojibake
    assert not normalize(good).repaired_mojibake


def test_related_article_blocks_footers_and_counter_bars():
    page = "\n".join([
        "Tỉnh Bắc Ninh thu hút 1,2 tỷ USD vốn FDI.",
        "",
        "Tin liên quan:",
        "Bắc Ninh trao chứng nhận đầu tư cho 12 dự án FDI",
        "- Thái Nguyên: 100% chi bộ hoàn thành học tập Nghị quyết (28/10/2017)",
        "",
        "Cơ quan chủ quản: Sở Kế hoạch và Đầu tư tỉnh Bắc Ninh",
        "Điện thoại: 0222.3822.456 - Email: skhdt@bacninh.gov.vn",
        "Thống kê truy cập • Đang online: 3 • Hôm nay: 1.245",
    ])
    result = normalize(page)
    assert result.text == "Tỉnh Bắc Ninh thu hút 1,2 tỷ USD vốn FDI."
    assert [rule for rule, _ in result.dropped] == ["related_heading", "related_link", "related_link", "site_owner",
                                                     "site_footer", "visitor_counter"]


def test_related_links_after_the_byline_on_the_same_line_are_dropped():
    """A sports paper of the batch prints its related links right after its byline's date, on the body's line; a
    mention of related news inside a sentence stays."""
    line = ("Video tài năng của Aubameyang: Tiểu Lam - Thể thao Việt Nam | 16:24 08/02/2017 Tin liên quan TIẾT LỘ: Real "
            "chi 70 triệu euro, nổ 'bom tấn' De Gea")
    kept = "Cơ quan chức năng đã làm rõ các tin liên quan đến vụ việc."
    result = normalize(line + "\n" + kept)
    assert result.text == "Video tài năng của Aubameyang: Tiểu Lam - Thể thao Việt Nam | 16:24 08/02/2017\n" + kept
    assert result.dropped == [("related_tail", "Tin liên quan TIẾT LỘ: Real chi 70 triệu euro, nổ 'bom tấn' De Gea")]


def test_related_headlines_in_brackets_between_sentences_are_dropped():
    """A news site of the batch prints links to related articles as their headlines in square brackets between two
    sentences of the body; the sentences stay, joined by one space, and a short bracket inside a quote stays too."""
    before = "Kim ngạch xuất khẩu thủy sản 6 tháng đầu năm nay ước đạt 3,5 tỷ USD."
    link = "[Xuất khẩu cá biển có thể đạt mốc 8 tỷ USD vào năm 2030]"
    after = "Vươn lên vị trí ngành hàng có đóng góp nhiều nhất trong kim ngạch xuất khẩu của toàn ngành."
    result = normalize(f"{before} {link} {after}\nÔng nói: \"[Trump] sẽ đi\".")
    assert result.text == f"{before} {after}\nÔng nói: \"[Trump] sẽ đi\"."
    assert result.dropped == [("related_bracketed", link)]
    alone = normalize(f"{before}\n{link}\n{after}")
    assert alone.text == f"{before}\n{after}"
    facts = pipeline.extract(f"{before} {link} {after}").tables()["facts"]
    assert facts["value"].tolist() == [3.5e9]   # (the link's "8 tỷ USD" is no figure of the article)


def test_misplaced_tone_marks_are_moved_and_offsets_kept():
    raw = "Sở Kế họach và Đầu tư, Ban Đối ngọai Tỉnh ủy và Qũy Vì người nghèo"
    text = normalize(raw).text
    assert text == "Sở Kế hoạch và Đầu tư, Ban Đối ngoại Tỉnh ủy và Quỹ Vì người nghèo"
    assert len(text) == len(raw)


#: the boilerplate rules read back-tracking, as written before their items were made possessive
#: and the image name read from the line's last dot: the lines they drop are the same
_BACKTRACKING = {"[^|>»›\\n\\d]{1,40}+": "[^|>»›\\n\\d]{1,40}", "[^›\\n\\d]{1,40}+": "[^›\\n\\d]{1,40}",
                 "(?s:.*\\.)?+": "(?:[^.]*+\\.)*+"}


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["Trang chủ", " | ", "|", " > ", "»", " › ", "›", "x" * 39, "  ", " ", "\t", "5",
                                 ".", "a.", "ảnh.jpg", ".JPEG", "png", "C:\\", "description: ", "\n", "Tin"]),
                max_size=14))
def test_possessive_boilerplate_rules_drop_the_lines_they_did(parts):
    from pipeline.rules import patterns
    from pipeline.text.normalize import line_rules

    rules = patterns.load_yaml("boilerplate.yaml")["lines"]
    written = []
    for rule in rules:
        pattern = rule["pattern"]
        for possessive, backtracking in _BACKTRACKING.items():
            pattern = pattern.replace(possessive, backtracking)
        written.append({**rule, "pattern": pattern})
    assert written != rules
    line = "".join(parts)
    now, before = line_rules(rules)[0].fullmatch(line), line_rules(written)[0].fullmatch(line)
    assert _rule_of(now) == _rule_of(before)


def _rule_of(found):
    return next((group for group, text in found.groupdict().items() if text is not None), None) if found else None


def test_the_chunks_are_cut_once_and_not_sent_to_a_worker():
    cleaned = normalize("Sáng 5/12, UBND tỉnh Thái Bình\nhọp bàn kế hoạch.")
    assert cleaned.chunks is cleaned.chunks and cleaned.chunks == cleaned.text.split(" ")
    assert cleaned.sha1 == hashlib.sha1(cleaned.text.encode("utf-8")).hexdigest()
    sent = pickle.loads(pickle.dumps(cleaned))
    assert sent == cleaned and "chunks" not in vars(sent) and sent.chunks == cleaned.chunks


def test_a_text_without_other_whitespace_keeps_none_through_nfc():
    """normalize() reads a raw text's other whitespace (and characters to translate) in one search,
    and then knows its NFC text has none: the list it searches is _OTHER_SPACE's, no other character
    decomposes into whitespace, and none of it is composed of others."""
    every = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    other = {char for char in every if normalize_module._OTHER_SPACE.match(char)}
    assert other == {char for char in every if re.match(f"[{normalize_module.OTHER_SPACES}]", char)}
    assert not [char for char in every if char not in other and other & set(unicodedata.normalize("NFD", char))]
    canonical = [unicodedata.decomposition(char) for char in other if not unicodedata.decomposition(char).startswith("<")]
    assert not [pair for pair in canonical if len(pair.split()) > 1]


@pytest.mark.parametrize("raw", [
    "Hoà bình  và thuỷ lợi\n\n\nChia sẻ bài viết\nĐà Nẵng tổ chức hội nghị",
    "Sáng 5/12, UBND tỉnh Thái Bình tổ chức hội nghị.\nTin mới",
    "Thuỳ hoà\tkhoẻ mạnh \n Quyết định",
])
def test_the_chunks_of_a_normalized_text_are_those_of_its_text(raw):
    """Normalized.chunks, kept from the tone marks' pass where no line is dropped, is the text cut at its spaces."""
    cleaned = normalize_module.normalize(raw)
    assert cleaned.chunks == cleaned.text.split(" ")
