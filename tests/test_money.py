"""Money amounts (pipeline/extractors/money.py) on real sentences; more in patterns/money.corpus.tsv."""
from __future__ import annotations

import pipeline


def money(text):
    facts = pipeline.extract(text).tables()["facts"]
    facts = facts.astype(object).where(facts.notna(), None)
    return facts[facts["kind"] == "money"].to_dict("records")


def test_seed_sentence_with_a_level_and_a_change():
    rows = money("Trong năm 2023, giá trị viện trợ của các tổ chức phi chính phủ nước ngoài giải ngân cho "
                 "Việt Nam đạt hơn 228,7 triệu USD, tăng 4,9 triệu USD so với năm 2022.")
    assert [(r["value"], r["unit"], r["qualifier"], r["change"]) for r in rows] == [
        (228700000, "USD", "over", None), (4900000, "USD", "exact", "increase")]
    assert rows[0]["text"] == "hơn 228,7 triệu USD"


def test_offsets_point_at_the_amount_in_the_normalized_text():
    result = pipeline.extract("Lượt xem: 10894\nGiá trị giải ngân năm 2022 ước đạt 1,3 triệu USD.")
    row = result.tables()["facts"].iloc[0]
    assert result.text[row["start"]:row["end"]] == "ước đạt 1,3 triệu USD"


def test_rate_and_range():
    rate, = money("mức bình quân giải ngân nguồn viện trợ trên địa bàn tỉnh những năm qua khoảng 1,2 triệu USD/năm.")
    assert (rate["value"], rate["per"], rate["qualifier"]) == (1200000, "năm", "approx")
    span, = money("Plan International dự kiến vận động thêm từ 1,5 đến 2 triệu USD cho Quảng Ngãi")
    assert (span["value"], span["value_high"]) == (1500000, 2000000)


def test_dong_that_is_not_the_currency():
    assert money("Tiếp và làm việc với Đoàn có 5 đồng chí trong Ban Thường vụ Tỉnh ủy.") == []
    assert [r["value"] for r in money("hỗ trợ 2 tỷ đồng, đồng thời trao 50 suất quà")] == [2000000000]


def test_each_currency_maps_to_its_iso_code():
    rows = money("JICA tài trợ 95 triệu yên; Chính phủ Úc tài trợ 250.000 AUD; EU tài trợ 850.000 EUR; "
                 "KOICA tài trợ 5,3 tỷ won.")
    assert [(r["value"], r["unit"]) for r in rows] == [
        (95000000, "JPY"), (250000, "AUD"), (850000, "EUR"), (5300000000, "KRW")]


def test_bad_input_gives_no_money_and_no_crash():
    assert money("USD USD 1.2.3.4 triệu tỷ đồng /năm ,,, triệu USD") == []
    result = pipeline.extract("1" * 5000 + " triệu USD")
    assert result.article["status"] == "ok"
