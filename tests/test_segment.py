from __future__ import annotations


def sentences(nlp, text):
    return [s.text.strip() for s in nlp(text).sents]


def test_line_breaks_split_headline_from_body(nlp):
    assert sentences(nlp, "Thái Nguyên: Viện trợ ước đạt 1,3 triệu USD\nSáng 5/12, Hội nghị diễn ra.") == [
        "Thái Nguyên: Viện trợ ước đạt 1,3 triệu USD", "Sáng 5/12, Hội nghị diễn ra."]


def test_abbreviations_and_dates_do_not_split(nlp):
    text = "Đoàn đến TP. Hồ Chí Minh và gặp PGS.TS. Nguyễn Văn A vào ngày 5/12. Hội nghị kết thúc lúc 1.4 giờ."
    assert sentences(nlp, text) == ["Đoàn đến TP. Hồ Chí Minh và gặp PGS.TS. Nguyễn Văn A vào ngày 5/12.",
                                    "Hội nghị kết thúc lúc 1.4 giờ."]


def test_numbers_with_dots_stay_inside_sentences(nlp):
    text = "Tổng vốn là 1.196.137 USD. Năm 2020 có 490 tổ chức."
    assert sentences(nlp, text) == ["Tổng vốn là 1.196.137 USD.", "Năm 2020 có 490 tổ chức."]


def test_tokens_split_punctuation_off_syllables(nlp):
    doc = nlp("UBND tỉnh Thái Bình (VUFO) đạt 1,3 triệu USD/năm.")
    assert [t.text for t in doc] == ["UBND", "tỉnh", "Thái", "Bình", "(", "VUFO", ")", "đạt", "1,3", "triệu",
                                      "USD", "/", "năm", "."]
