"""How `tintrich eval` decides that a predicted organization is a gold body (pipeline/evaluate/identity.py).

The spellings are those of the sports gold (d09, s09) and the rows tintrich writes for them.
"""
from __future__ import annotations

from pipeline.evaluate.identity import gold_bodies, match, org_key, predicted_bodies


def test_a_row_is_also_the_text_it_was_read_from():
    gold = gold_bodies({"organizations": [{"name": "Cơ quan CSĐT Công an tỉnh Hà Tĩnh", "aliases": []}]})
    rows = [{"org_id": "o1", "name": "Cơ quan Cảnh sát điều tra Công an tỉnh Hà Tĩnh", "acronym": None,
             "text": "Cơ quan CSĐT Công an tỉnh Hà Tĩnh"}]
    matching = match(gold, predicted_bodies(rows))
    assert matching.pairs[0][1] is not None and not matching.spurious


def test_commas_listing_a_names_parts_are_folded_but_words_are_not():
    assert org_key("Bộ Văn hóa, Thể thao và Du lịch") == org_key("Bộ Văn hóa Thể thao và Du lịch")
    assert org_key("Bộ Văn hóa, Thể thao và Du lịch") != org_key("Bộ Văn hóa và Du lịch")


def test_another_body_read_from_the_same_words_is_still_spurious():
    gold = gold_bodies({"organizations": [{"name": "Trại Tạm giam Công an tỉnh Yên Bái", "aliases": []}]})
    rows = [{"org_id": "o1", "name": "Công an tỉnh Yên Bái", "acronym": None, "text": "Công an tỉnh Yên Bái"}]
    matching = match(gold, predicted_bodies(rows))
    assert matching.pairs[0][1] is None and len(matching.spurious) == 1


def test_a_country_subject_compares_in_any_of_the_press_spellings():
    # general5's readers wrote "Liban" as printed, the tool gives the list's first spelling, "Li-băng" (stop 57)
    from pipeline.evaluate.attribution import outcome
    assert outcome("subject", "Liban", ["Li-băng"], {}) == "right"
    assert outcome("subject", "Liban", ["Lào"], {}) == "wrong"
    assert outcome("subject", "Hà Nội", ["Hà Nội"], {}) == "right"
    assert outcome("subject", "châu Âu", ["châu Á"], {}) == "wrong"   # regions have no code, two are not one


def test_a_company_subject_written_by_its_brand_is_the_company_named_in_full():
    # heldout's and general9's readers wrote the gold dealer as its brand; the tool names it in full (acronyms.csv)
    from pipeline.evaluate.attribution import outcome
    assert outcome("subject", "Bảo Tín Minh Châu", ["Công ty TNHH Vàng bạc đá quý Bảo Tín Minh Châu"], {}) == "right"
    assert outcome("subject", "Hà Nội", ["Ngân hàng TMCP Hà Nội"], {}) == "wrong"   # a one-word key is no brand
    assert outcome("subject", "Minh Châu", ["Ủy ban nhân dân xã Minh Châu"], {}) == "wrong"   # no company
