from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st


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


def test_a_bullet_after_a_full_stop_opens_a_sentence(nlp):
    # a digest of short news, each opened by "*" (a real batch page): "Tại Nghệ An" is the place of the second's figure
    text = "cả nước mới có 20 tỉnh/thành hoàn thành. *Tại Nghệ An, mỗi con lợn lỗ khoảng 1 triệu đồng. • Ngày 5/2 trời rét."
    assert sentences(nlp, text) == ["cả nước mới có 20 tỉnh/thành hoàn thành.", "*Tại Nghệ An, mỗi con lợn lỗ khoảng 1 triệu đồng.",
                                    "• Ngày 5/2 trời rét."]


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


def _starts_reading_every_word(text):
    """sentence_starts as written before the two-character check: every ending word cut out."""
    from pipeline.text import segment

    abbreviations = segment._abbreviations()
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for end in segment.SENTENCE_END.finditer(text):
        line_start = text.rfind("\n", 0, end.start()) + 1
        word = text[max(line_start, text.rfind(" ", line_start, end.start()) + 1):end.end()]
        if not segment.ends_with_abbreviation(word, abbreviations):
            after = end.end()
            while text[after] == " ":
                after += 1
            starts.append(after)
    return sorted(starts)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["TP.", "PGS.TS.", "Mr.", "v.v.", "X.", "HTTP.", "(TP.", "5/12.", "A", "a.",
                                 ".", "!", "?", "…", "”", ")", " ", "  ", "\n", "\t", "Hà", "đó", "1", "P"]),
                max_size=30))
def test_sentence_starts_read_only_words_that_may_end_an_abbreviation(parts):
    from pipeline.text.segment import sentence_starts

    text = "".join(parts)
    assert sentence_starts(text) == _starts_reading_every_word(text)


def test_sentence_starts_on_real_articles(seed_texts):
    from pipeline.text.segment import sentence_starts

    for text in seed_texts.values():
        assert sentence_starts(text) == _starts_reading_every_word(text)
