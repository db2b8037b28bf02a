"""figure_id: money facts that state the same figure, rounded differently, share one id."""
from pipeline.output.figures import COLUMN, READ, figure_id_cells, figure_ids, precision


def _fact(text, value, **fields):
    row = {"kind": "money", "subject": "Quảng Trị", "period": "2024", "metric": "aid", "unit": "USD",
           "value": value, "text": text, "change": None, "per": None, "flags": None}
    row.update(fields)
    return row


def test_a_rounded_report_and_the_exact_amount_are_one_figure():
    rows = [_fact("25,7 triệu USD", "25700000"), _fact("25.761.306 USD", "25761306"),
            _fact("khoảng 26,5 triệu USD", "26500000")]
    ids = figure_ids(rows)
    assert precision("khoảng 25,7 triệu USD") == 100000.0
    assert ids[0] == ids[1] and ids[2] != ids[0]


def test_the_same_amount_of_another_subject_period_or_unit_is_another_figure():
    rows = [_fact("5 tỷ đồng", "5e9", unit="VND"), _fact("5 tỷ đồng", "5e9", unit="VND", subject="Huế"),
            _fact("5 tỷ đồng", "5e9", unit="VND", period="2023")]
    assert len(set(figure_ids(rows).values())) == 3


def test_changes_rates_flags_and_unattributed_amounts_get_no_id():
    rows = [_fact("tăng 4,9 triệu USD", "4900000", change="increase"),
            _fact("2 triệu đồng/người", "2000000", per="người"),
            _fact("900 tỷ USD", "9e11", flags="implausible"),
            _fact("3 triệu USD", "3000000", subject=None), _fact("3 triệu USD", "3000000", metric=None),
            _fact("3 triệu USD", "", ), _fact("3 phần trăm", "3", kind="percent")]
    assert figure_ids(rows) == {}


def test_csv_records_get_the_ids_of_their_rows_and_lose_stale_ones():
    """The final CSV table is written with ids read from its parts' records (cells as text,
    empty for none); a record holding an id it should not have gets an empty cell."""
    rows = [_fact("25,7 triệu USD", "25700000"), _fact("3 phần trăm", "3", kind="percent"),
            _fact("25.761.306 USD", "25761306")]
    header = ["doc_id", *READ, COLUMN]
    records = [["a1", *("" if row[name] is None else row[name] for name in READ), ""] for row in rows]
    records[1][-1] = "0123456789ab"   # stale: a percent has no figure
    cells = figure_id_cells(records, header)
    assert cells == {**figure_ids(rows), 1: ""}
    assert cells[0] == cells[2] and len(cells[0]) == 12
