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


def test_kept_sentence_spans_are_those_of_doc_sents(nlp, seed_texts):
    """``doc._.sentences`` (read by facts and the tables instead of ``doc.sents``) holds the
    character spans ``doc.sents`` gives, on real articles and on texts that end in spaces and
    blank lines or hold runs of whitespace."""
    texts = [*seed_texts.values(), "Tin mới  \n\n\nSáng 5/12. TS. Nguyễn Văn A phát biểu.  \n", "Một câu"]
    for text in texts:
        doc = nlp(text)
        assert doc._.sentences == [(s.start_char, s.end_char) for s in doc.sents]
    assert len(nlp(texts[-2])._.sentences) == 3
