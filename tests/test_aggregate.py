"""The `tintrich facts` pivot (pipeline/aggregate.py) on a run of the seed articles."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.output.aggregate import pivot, read_facts
from pipeline.cli import main
from pipeline.engine import run

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module", params=["csv", "parquet"])
def seed_run(request, tmp_path_factory):
    outdir = tmp_path_factory.mktemp(f"run_{request.param}")
    run([str(CORPUS)], outdir, fmt=request.param, jobs=1, progress=False)
    return outdir


def test_pivot_of_the_seed_run(seed_run):
    table = pivot(read_facts(seed_run), by=["subject", "period", "metric"], kind="money")
    rows = {(r.subject, r.period, r.metric): (r.USD, r.n_facts, r.n_sources) for r in table.itertuples()}
    assert rows == {
        ("Lạng Sơn", "2019-2022", "approved"): (1196137 + 2256106, 2, 1),
        ("Sơn La", "2023", "committed"): (4900000, 1, 1),
        ("Thái Nguyên", "2022", "disbursed"): (1300000, 1, 1),   # headline and body: one figure
        ("Việt Nam", "2020-2022", "disbursed"): (562000000, 1, 1),
        ("Việt Nam", "2023", "disbursed"): (228700000, 1, 1),   # the change "tăng 4,9 triệu" is left out
    }


def test_cli_prints_and_writes_the_pivot(seed_run, capsys):
    assert main(["facts", str(seed_run), "--by", "subject,period", "--kind", "money"]) == 0
    printed = capsys.readouterr().out
    assert "Lạng Sơn" in printed and "3,452,243" in printed
    assert "# left out:" in printed   # the header says what was not summed, and why
    written = pd.read_csv(seed_run / "facts_pivot.csv", comment="#")
    assert list(written.columns) == ["subject", "period", "USD", "n_facts", "n_figures", "n_sources"]


def test_cli_refuses_an_unknown_column(seed_run, capsys):
    assert main(["facts", str(seed_run), "--by", "province"]) == 2
    assert "cannot group by" in capsys.readouterr().err


def test_missing_folder_is_an_error(tmp_path, capsys):
    assert main(["facts", str(tmp_path)]) == 2


def facts_frame(rows):
    columns = ["doc_id", "kind", "value", "unit", "per", "change", "subject", "period", "metric", "qualifier"]
    return pd.DataFrame([dict(zip(columns, row)) for row in rows])


def test_what_is_summed():
    table = pivot(facts_frame([
        ("a", "money", 100.0, "USD", "", "", "Sơn La", "2023", "disbursed", "exact"),
        ("a", "money", 100.0, "USD", "", "", "Sơn La", "2023", "disbursed", "exact"),      # repeated: once
        ("b", "money", 100.0, "USD", "", "", "Sơn La", "2023", "disbursed", "exact"),      # other article
        ("a", "money", 7.0, "USD", "", "increase", "Sơn La", "2023", "disbursed", "exact"),  # a change
        ("a", "money", 5.0, "USD", "năm", "", "Sơn La", "2023", "disbursed", "exact"),     # a rate
        ("a", "money", 9.0, "USD", "", "", "", "2023", "disbursed", "exact"),              # no subject
        ("a", "money", 9.0, "USD", "", "", "Sơn La", "", "disbursed", "exact"),            # no period
        ("a", "money", 2.0, "EUR", "", "", "Sơn La", "2023", "disbursed", "exact"),
        ("a", "count", 3.0, "dự án", "", "", "Sơn La", "2023", "", "exact"),
    ]), by=["subject", "period"], kind="money")
    assert table.to_dict("records") == [
        {"subject": "Sơn La", "period": "2023", "EUR": 2.0, "USD": 200.0, "n_facts": 3, "n_figures": 3, "n_sources": 2}]


def test_one_figure_reported_three_ways_is_summed_once(tmp_path):
    """Three articles report one annual total three ways; a fourth reports another figure."""
    texts = {"a.txt": "Quảng Trị: năm 2023 giải ngân 25,7 triệu USD\nNăm 2023, tỉnh Quảng Trị giải ngân 25,7 triệu USD.",
             "b.txt": "Viện trợ cho Quảng Trị\nNăm 2023, tỉnh Quảng Trị giải ngân 25.761.306 USD viện trợ.",
             "c.txt": "Tin Quảng Trị\nNăm 2023, tỉnh Quảng Trị giải ngân khoảng 25,76 triệu USD.",
             "d.txt": "Quảng Trị\nNăm 2023, tỉnh Quảng Trị giải ngân 24,1 triệu USD."}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run([str(tmp_path)], tmp_path / "out", progress=False)
    facts = read_facts(tmp_path / "out")
    ids = facts.groupby("doc_id")["figure_id"].first()
    assert ids.nunique() == 2 and facts["figure_id"].ne("").all()
    table = pivot(facts, by=["subject", "period", "metric"])
    assert table.to_dict("records") == [{"subject": "Quảng Trị", "period": "2023", "metric": "disbursed",
                                         "USD": 25761306 + 24100000, "n_facts": 4, "n_figures": 2, "n_sources": 4}]


def test_changes_on_request():
    table = pivot(facts_frame([("a", "money", 7.0, "USD", "", "increase", "Sơn La", "2023", "", "exact")]),
                  by=["subject", "period", "change"], include_changes=True)
    assert table["USD"].tolist() == [7.0]
