"""Sports clubs (pipeline/entities/teams.py) and what they do to the provinces and organizations
tables, on real phrases of the baomoi.com archive of 2017 (tests/gold/sports/ holds the articles).
The phrases and the clubs each must give are in patterns/teams.corpus.tsv; these tests check the
mechanism around them: the sports gate, the provinces a club's name holds, the club rows, the scoring."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import pipeline
from pipeline.component import Score
from pipeline.evaluate.score import table_items

SPORTS = Path(__file__).resolve().parent / "gold" / "sports"

#: sentences of one match report (s06_haiphong_hanoi), in the order of the article
MATCH = ("Chơi hơn người nhưng Hải Phòng vẫn để thua Hà Nội 0-2 tại sân Mỹ Đình. "
         "Lửa từ khán đài CĐV Hải Phòng bắt đầu được đốt lên ở gần cuối hiệp 1 khi thủ môn Văn Lâm của Hải Phòng "
         "phạm lỗi với Hoàng Vũ Samson trong vòng cấm. Chung cuộc, Hà Nội thắng Hải Phòng 2-0 và tiếp tục "
         "đeo bám đội dẫn đầu FLC Thanh Hóa")


def article(name: str) -> str:
    line = (SPORTS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[0]
    return json.loads(line)["text"]


def test_a_sentence_alone_is_not_sports_news():
    """One sentence with a score has too few words of sport to read "Hải Phòng" as a club: a place
    stays a place outside sports news; the report it comes from reads both clubs."""
    alone = pipeline.extract(MATCH.split(". ")[0] + ".")
    assert sorted(alone.tables()["provinces"]["name"]) == ["Hà Nội", "Hải Phòng"]
    assert not alone.doc._.teams
    report = pipeline.extract(MATCH)
    assert {team.name for team in report.doc._.teams} == {"Hải Phòng", "Hà Nội", "FLC Thanh Hóa"}


def test_a_club_named_by_its_place_is_an_organization_not_a_province():
    tables = pipeline.extract(MATCH).tables()
    provinces = tables["provinces"]
    # the only province row is the one inside "FLC Thanh Hóa", the club's place
    assert list(provinces["name"]) == ["Thanh Hóa"]
    assert list(provinces["in_name"]) == ["FLC Thanh Hóa"]
    clubs = tables["organizations"]
    clubs = clubs[clubs["rule"].str.startswith("team ")]
    assert set(clubs["name"]) == {"Hải Phòng", "Hà Nội", "FLC Thanh Hóa"}
    assert set(clubs["kind"]) == {"other"}


def test_a_place_after_a_word_of_place_stays_a_mention_in_sports_news():
    """"đội vào Huế", "chàng trai xứ Huế" are the city while "CLB Huế" is the club (s12)."""
    text = article("s12_clbhue_viettel")
    provinces = pipeline.extract(text).tables()["provinces"]
    plain = provinces[provinces["in_name"].isna()]
    words_before = {text[:start].split()[-1] for start in plain["start"]}
    assert {"vào", "xứ"} <= words_before
    assert "CLB Huế" in set(provinces["in_name"].dropna())


def test_a_district_named_like_a_province_gives_no_row():
    """"2 huyện Quảng Ninh và Lệ Thủy (Quảng Bình)": Quảng Bình only (d02)."""
    provinces = pipeline.extract(article("d02_quangninh_bot")).tables()["provinces"]
    assert set(provinces["name"]) == {"Quảng Bình"}


def test_eval_does_not_count_a_province_inside_a_name():
    """``Score.unless``: a row with ``in_name`` is the body's place, not a mention to score."""
    frame = pd.DataFrame([{"name": "Khánh Hòa", "in_name": "Sanna Khánh Hòa"},
                          {"name": "Hồ Chí Minh", "in_name": None}])
    score = Score("provinces", gold="provinces", pairs=((None, "name", "name"),), table="provinces", unless=("in_name",))
    assert table_items(score, {"provinces": frame}) == {("hồ chí minh",)}
    plain = Score("provinces", gold="provinces", pairs=((None, "name", "name"),), table="provinces")
    assert table_items(plain, {"provinces": frame}) == {("hồ chí minh",), ("khánh hòa",)}


def test_the_names_of_one_club_in_an_article_are_one_body():
    # s05: "CLB HAGL" and "HAGL"; s06: "Hà Nội FC" and "Hà Nội" standing alone in a match ("thua Hà Nội 0-2")
    for name, club in (("s05_hagl_u19", "hagl"), ("s06_haiphong_hanoi", "ha-noi")):
        orgs = pipeline.extract(article(name)).tables()["organizations"]
        clubs = orgs[orgs["rule"].str.startswith("team") & orgs["org_id"].str.contains(club)]
        assert len(clubs) >= 2 and clubs["org_id"].nunique() == 1, clubs[["text", "org_id"]]


def test_a_games_counts_in_sports_news_belong_to_no_place():
    """Goals and matches are a team's or a player's: in sports news a count of a game's unit has no
    subject and says why (subject_scope team), where the sentence's club is named by its place; the
    same count outside sports news, and a count of another noun in it, are read as usual."""
    report = MATCH + ". Vì vậy, Hải Phòng chỉ đá 4 trận thay vì 6 trận và ghi 2 bàn thắng."
    facts = pipeline.extract(report).tables()["facts"].set_index("text")
    for text in ("4 trận", "6 trận", "2 bàn thắng"):
        assert facts.loc[text, "subject_scope"] == "team", text
        assert facts.loc[text, "subject"] is None or facts.loc[text, "subject"] != facts.loc[text, "subject"], text
    outside = pipeline.extract("Năm 2020, tỉnh Quảng Nam tổ chức 12 trận đấu giao hữu cho 300 học sinh.")
    counts = outside.tables()["facts"].set_index("text")
    assert counts.loc["12 trận", "subject"] == "Quảng Nam"


def test_a_known_clubs_acronym_is_read_alone_as_its_name_is():
    # the opening of a transfer report of the batch (baomoi, 2017): "MU" and "Man United" are one known club
    # (teams.yaml known_clubs), read where it stands alone, also after a Vietnamese word opening the sentence
    text = ("Hai tân binh Lindelof và Lukaku sẽ là những mảnh ghép quan trọng, dần hoàn thiện đội hình trong mơ của "
            "Mourinho sẵn sàng chinh phục các danh hiệu lớn ở mùa giải tới.\nVới hơn 100 triệu bảng được chi ra, MU đã "
            "có thêm hai gương mặt mới trẻ trung. Phía MU cho biết tiền đạo Lukaku sẽ ra mắt ở trận đấu đầu tiên. "
            "Nhưng chính chiêu trò làm giá của Real khiến MU bực tức, quay ngoắt 180 độ tuyển mộ Lukaku, cầu thủ ghi "
            "nhiều bàn thắng.")
    orgs = pipeline.extract(text).tables()["organizations"]
    assert list(orgs[orgs["text"] == "MU"]["name"]) == ["Man United"] * 3
    assert "Real Madrid" in set(orgs["name"])



def _clubs(text: str) -> list[str]:
    orgs = pipeline.extract(text).tables()["organizations"]
    return list(orgs[orgs["rule"].str.startswith("team")]["name"])


def test_no_club_is_cut_from_a_longer_name_a_heading_or_a_byline_nor_is_a_person():
    """Rows of the 2,000 batch articles (review, stop 60): an acronym with a capitalised word right after it ("đội bóng
    FC Haarlem", "CĐV HẢI PHÒNG GÂY NÁO LOẠN"), a name after a role and "như" ("những tiền vệ lùi sâu như Xavi"), a club
    word as a level ("Ở cấp CLB Chanathip") or before the byline ending the text ("của 2 CLB Anh Dũng"): no club; the
    clubs around them stay read."""
    assert _clubs("Niềm đam mê của Raiola là bóng đá. Ông bắt đầu theo nghiệp cầu thủ trong thời gian ngắn, rồi đảm nhận "
                  "chức vụ giám đốc kỹ thuật của đội bóng FC Haarlem ở địa phương.") == []
    fans = ("Chơi hơn người nhưng Hải Phòng vẫn để thua Hà Nội 0-2 tại sân Mỹ Đình. Đó là lý do để CĐV đất Cảng gây ra "
            "một cuộc náo loạn.\n[VIDEO]: CĐV HẢI PHÒNG GÂY NÁO LOẠN TRÊN SÂN MỸ ĐÌNH - Thực hiện: Lê Tân Cái bắt tay "
            "của HLV Trương Việt Hoàng (trái, Hải Phòng) và Chu Đình Nghiêm (Hà Nội) Trận đấu chưa diễn ra nhưng CĐV Hải "
            "Phòng đến sân khách cổ vũ cho đội nhà.")
    assert set(_clubs(fans)) == {"Hải Phòng", "Hà Nội"}
    like = ("Cruyff đã từng nói về vị trí tiền vệ của Xavi. Từ phương châm đó mà những tiền vệ lùi sâu như Xavi, Andrea "
            "Pirlo đều trở nên quan trọng, do đó các đội bóng sẵn sàng trả những mức phí lớn cho các tiền đạo. Tiki-taka "
            "đã dựa vào Xavi để làm nên thành công vượt bậc cho Barcelona.")
    assert _clubs(like) == ["Barcelona"]
    level = ("Bóng đá trẻ Việt Nam đã sản sinh ra rất nhiều tiền đạo trẻ tài năng. Chanathip Songkrasin tiền vệ cao 1,58 m "
             "gây ấn tượng trong màu áo các CLB BEC Tero Sasana, Muangthong. Ở cấp CLB Chanathip nổi tiếng là thế.")
    assert _clubs(level) == ["CLB BEC Tero Sasana"]
    byline = "Thống kê sau trận đấu cho thấy số cú sút trong hiệp 1 cân bằng. Đội hình thi đấu của 2 CLB Anh Dũng"
    assert _clubs(byline) == []
    assert _clubs(byline + " trong hiệp 2.") == ["CLB Anh Dũng"]   # (the same words inside a sentence: read)
