"""The facts component (pipeline/facts.py): subject, period and metric from the context."""
from __future__ import annotations

from pathlib import Path

import pipeline
from pipeline.facts.metrics import find_metric
from pipeline.facts.periods import find_periods


def facts(text, published=None):
    table = pipeline.extract(text, published=published).tables()["facts"]
    table = table.astype(object).where(table.notna(), None)
    return table.to_dict("records")


def test_every_fact_has_its_sentence_and_an_id():
    rows = facts("Tại Sơn La, hiện có 31 tổ chức. Năm 2023, Sơn La tiếp nhận 6 chương trình với tổng giá trị "
                 "cam kết gần 4,9 triệu USD.")
    assert [r["sentence_id"] for r in rows] == [0, 1, 1]
    assert rows[2]["sentence"].startswith("Năm 2023, Sơn La tiếp nhận")
    assert len({r["fact_id"] for r in rows}) == 3


def test_period_carries_over_a_breakdown_sentence():
    text = ("Từ năm 2020 đến 2022, đã có 1.407 lượt tổ chức PCPNN hoạt động tại Việt Nam. Trong đó, năm 2020 "
            "có 490 tổ chức, năm 2021 có 481 tổ chức. Giá trị viện trợ giải ngân đạt gần 562 triệu USD.")
    money = [r for r in facts(text) if r["kind"] == "money"][0]
    assert (money["subject"], money["period"], money["metric"]) == ("Việt Nam", "2020-2022", "disbursed")


def test_period_does_not_cross_paragraphs():
    lead = "Tin hoạt động đối ngoại\nSáng nay, tỉnh tổ chức hội nghị.\nĐại biểu dự đông đủ.\n"
    rows = facts(lead + "Năm 2023, tỉnh tiếp nhận 6 dự án.\nCác dự án có tổng vốn khoảng 3 tỷ đồng.")
    assert [(r["period"], r["period_source"]) for r in rows] == [("2023", "clause"), (None, None)]


def test_a_period_of_the_headline_frames_the_article():
    rows = facts("Năm 2023, tỉnh tiếp nhận 6 dự án\nCác dự án có tổng vốn khoảng 3 tỷ đồng.")
    assert [(r["period"], r["period_source"]) for r in rows] == [("2023", "clause"), ("2023", "headline")]


def test_the_province_of_a_title_the_input_gave_beside_the_text_is_the_articles_home():
    # a scraper's JSONL record: the title apart, the text opening on its lead (baomoi, 2017); the farmer's home in
    # brackets is no home of the article, the headline's province is
    lead = ("Tối 5/7, anh Phạm Văn Hạnh (ở xã Thạch Châu, huyện Lộc Hà, tỉnh Hà Tĩnh) phát hiện tôm nuôi trong hồ "
            "bỗng dưng nổi đầu rồi chết hàng loạt.\nVụ việc đã gây thiệt hại cho gia đình khoảng 200 triệu đồng.")
    title = "Hà Tĩnh: Tôm chết bất thường, nghi bị đầu độc?"
    def money(**given):
        table = pipeline.extract(given.pop("text", lead), **given).tables()["facts"]
        row = table[table.kind == "money"].iloc[0]
        return row["subject"] if isinstance(row["subject"], str) else None, row["subject_source"]
    assert money(title=title) == ("Hà Tĩnh", "headline")
    assert money() == (None, None)   # without the title
    assert money(title="Tôm chết bất thường ở Bắc Ninh") == ("Bắc Ninh", "headline")
    # a title the text prints is read in the text (its first line); a place inside a body's name is none
    assert money(title=title, text=title + "\n" + lead) == ("Hà Tĩnh", "headline")
    assert money(title="Công ty Cấp thoát nước Bắc Ninh báo lỗ") == (None, None)


def test_a_private_persons_own_sum_is_nobodys_and_the_source_says_why():
    # real sentences of the 2,000-article batch under a title naming a province: a sum the person earns (a pronoun right
    # before the verb) or a family's profit takes no place from the title, and subject_source says why; a sum a person
    # only reports ("cho biết"), or a price, stays the province's (subjects.yaml holder_verbs, stop 57)
    text = ("Ông Du cho biết, 1 héc-ta rừng trồng sâm xen kẽ dưới tán lá sau 5 đến 7 năm sẽ thu về 30-60 tỉ đồng.\n"
            "Mỗi ngày, anh kiếm được khoảng 200.000 đồng chỉ đủ để chi trả cho sinh hoạt phí eo hẹp.\n"
            "Bình quân mỗi ngày gia đình chị Phượng bán ổi thu được từ 2 - 3 triệu đồng.\n"
            "Bây giờ đang là chính vụ thu hoạch nên giá ổi tại vườn là 18.000 đồng/kg.")
    table = pipeline.extract(text, title="Quảng Nam: Trồng sâm, trồng ổi").tables()["facts"]
    money = table[table.kind == "money"].astype(object)
    assert [(s if isinstance(s, str) else None, source) for s, source in zip(money.subject, money.subject_source)] == [
        ("Quảng Nam", "headline"), (None, "person"), (None, "person"), ("Quảng Nam", "headline")]


def test_a_one_off_event_takes_the_publication_year_and_a_plan_does_not():
    rows = facts("Lễ ký kết\nTổ chức Plan International trao tặng 500 triệu đồng cho huyện.\n"
                 "Tỉnh phấn đấu vận động thêm 2 tỷ đồng.", published="2024-05-02")
    assert [(r["period"], r["period_source"]) for r in rows] == [("2024", "published"), (None, None)]


def test_baseline_year_is_not_the_period():
    row, = facts("giá trị viện trợ tăng 4,9 triệu USD so với năm 2022.")
    assert row["period"] is None and row["change"] == "increase"


def test_half_year_takes_the_publication_year():
    row, = facts("6 tháng đầu năm, tỉnh Quảng Nam giải ngân 1,2 triệu USD viện trợ.", published="2023-07-15")
    assert (row["subject"], row["period"], row["metric"]) == ("Quảng Nam", "2023-H1", "disbursed")


def test_unnamed_province_resolves_to_the_paragraph_province():
    text = ("Đối với tỉnh Lạng Sơn, UBND tỉnh ban hành Chương trình vận động viện trợ. Kết quả trong giai đoạn "
            "2019-2022 tỉnh đã phê duyệt 17 khoản viện trợ với tổng số giá trị viện trợ là 2.256.106 USD.")
    money = [r for r in facts(text) if r["kind"] == "money"][0]
    assert (money["subject"], money["metric"]) == ("Lạng Sơn", "approved")


def test_a_donor_does_not_own_the_province_figure():
    text = ("Đắk Lắk: Viện trợ quý I/2024 tăng\n"
            "Nổi bật là dự án cấp nước sạch do Cơ quan Hợp tác Quốc tế Nhật Bản (JICA) tài trợ 95 triệu yên.")
    money = [r for r in facts(text) if r["kind"] == "money"][0]
    assert (money["subject"], money["metric"]) == ("Đắk Lắk", "funded")


def test_nothing_said_leaves_fields_empty():
    row, = facts("Các dự án có tổng vốn khoảng 3 tỷ đồng.")
    assert (row["subject"], row["period"]) == (None, None)


def test_headline_repeat_takes_the_body_metric(seed_texts):
    rows = facts(seed_texts["000_22c4afcade77e2f4"])
    money = [r for r in rows if r["kind"] == "money"]
    assert len(money) == 2
    assert {(r["subject"], r["period"], r["metric"]) for r in money} == {("Thái Nguyên", "2022", "disbursed")}


def test_metric_words_before_an_earlier_figure_belong_to_it():
    assert find_metric("; với 120 suất học bổng, mỗi suất") is None
    assert find_metric("; trao 120 suất học bổng, mỗi suất") == "funded"
    assert find_metric("Các đại biểu đã trao đổi về") is None
    assert find_metric("tỉnh đã phê duyệt và tiếp nhận 11 dự án với tổng số vốn viện trợ lên đến") == "approved"


def test_find_periods_marks_baselines():
    found = find_periods("Năm 2023 đạt 5 tỷ đồng, tăng 7,3% so với cùng kỳ năm 2022")
    assert [(p["period"], p["baseline"]) for p in found] == [("2023", False), ("2022", True)]


def _endings() -> list:
    """Every pattern of the attribution compiled by pipeline.rules.endings.ending (reversed)."""
    import regex

    from pipeline.facts.counts import CountFinder
    from pipeline.facts.donors import _donor_rules
    from pipeline.facts.metrics import _restatement
    from pipeline.facts.periods import _period_cues, _period_rules
    from pipeline.facts.subjects import _subject_rules

    finder = CountFinder()
    baseline = _period_rules()[1]
    found = [finder.not_after, finder.exceptions, _restatement(), baseline.any, baseline.life, _period_cues().running_total]
    for rule in [*_donor_rules().values(), *_subject_rules()[1].values()]:
        found += [part for part in (rule if isinstance(rule, tuple) else [getattr(rule, "cue", rule)])
                  if isinstance(part, regex.Pattern)]
    return [pattern for pattern in found if pattern.flags & regex.REVERSE]


def test_a_pattern_searched_from_the_end_of_its_window_matches_where_it_did_forward():
    """ending() compiles a pattern reversed for speed; whether it matches in a window must not change."""
    import regex

    from pipeline.rules import patterns

    texts = [line.split("\t")[0] for name in ("subjects", "periods", "donors", "counts", "metrics")
             for line in (patterns.folder() / f"{name}.corpus.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    text = "\n".join(texts)
    endings = _endings()
    assert len(endings) >= 19
    for reversed_ in endings:
        forward = regex.compile(reversed_.pattern, reversed_.flags & ~regex.REVERSE)
        for end in range(0, len(text), 3):
            window = (max(0, end - 90), end)
            found = bool(forward.search(text, *window))
            assert bool(reversed_.search(text, *window)) == found, reversed_.pattern[:60]
            # facts match an ending at its window's end, where a reversed match is anchored, as its \Z (or its
            # $ after spaces, which take a last line break) anchors it: the same answer as a search, which
            # tried every place of the window back to its start (1.5 to 2 times slower)
            assert bool(reversed_.match(text, *window)) == found, reversed_.pattern[:60]


def test_every_match_of_a_period_rule_contains_one_of_the_words_it_requires():
    """find_periods searches a rule only in a text that has one of its ``requires`` (periods.yaml):
    a match without one would be lost. Checked on the periods corpus and the gold texts."""
    from pipeline.facts.periods import _period_rules
    from pipeline.rules import patterns

    corpus = (patterns.folder() / "periods.corpus.tsv").read_text(encoding="utf-8").splitlines()
    texts = [line.split("\t")[0] for line in corpus if line and not line.startswith("#")]
    texts += [path.read_text(encoding="utf-8") for path in sorted(Path(__file__).parent.glob("gold/*/*.txt"))]
    checked = 0
    for name, rule, requires in _period_rules()[0]:
        for text in texts:
            for m in rule.any_case.finditer(text) if requires else ():
                checked += 1
                assert any(gate.any_case.search(m.group()) for gate in requires), (name, m.group())
    assert checked > 50


def test_a_sentence_about_another_country_takes_neither_the_carried_country_nor_the_home_province():
    """A sentence that names a country abroad and not Việt Nam is about that country: the paragraph's "Việt Nam" is not
    carried to its figures, nor is the article's province (Thanh Hóa) taken: they stay empty. A trade partner or a
    destination of the country's own figures is no such country ("xuất khẩu sang Trung Quốc", "nhập khẩu từ Hoa Kỳ";
    batch articles 9683dd60d3a56ab4, bcda824cda5dacf5, 53f307f596aac13c, f25fe9082db9382a)."""
    lead = "Chiều 15/7, đội tuyển tập luyện tại Thanh Hóa. Tại Việt Nam, Công Phượng có 3 danh hiệu. "
    rows = {r["text"]: r for r in facts(
        lead + "Ở cấp CLB Chanathip nổi tiếng là thế, ở đội tuyển Thái Lan chàng tiền vệ này còn khiến mọi người ấn tượng "
        "với 2 huy chương vàng tại SEA Games 2013 và 2015 cùng U23 Thái Lan. Trong thành phần U22 Hàn Quốc có 4 người vừa "
        "khoác áo U20.")}
    assert rows["3 danh hiệu"]["subject"] == "Việt Nam"
    assert rows["2 huy chương"]["subject"] is None and rows["4 người"]["subject"] is None
    rows = {r["text"]: r["subject"] for r in facts(
        "Xuất khẩu tôm Việt Nam năm qua đạt 3,13 tỷ USD. Theo Bộ Công Thương, xuất khẩu sang Trung Quốc tăng tốt nhất "
        "với 24,3%. Kim ngạch hai chiều là 51 tỷ USD, trong đó chúng ta nhập khẩu từ Hoa Kỳ 19 tỷ USD và xuất siêu sang "
        "Hoa kỳ 32 tỷ USD. Gần đây, Hoa Kỳ lại giảm mức thuế chống bán phá giá với tôm Ấn Độ ở mức 2,2%.")}
    assert rows["24,3%"] == rows["19 tỷ USD"] == rows["32 tỷ USD"] == "Việt Nam"
    assert rows["2,2%"] is None
    # a place in brackets is the address of the name before it: a gift from abroad to the article's province (gold ngo n20)
    rows = facts("Chiều 14/3, tỉnh Lạng Sơn tiếp đoàn đại biểu Quảng Tây. Ông Lưu Kiến Hoa đề nghị tạo thuận lợi cho xe chở "
                 "nông sản của Việt Nam. Dịp này, Chính quyền nhân dân thành phố Bằng Tường (Quảng Tây) trao tặng 500.000 "
                 "nhân dân tệ hỗ trợ xây dựng nhà văn hóa thôn cho xã Tân Thanh, huyện Văn Lãng.")
    assert [r["subject"] for r in rows] == ["Lạng Sơn"]
