"""The local engine: -j 1 and -j 2 write the same tables, in parts, and a dying worker costs one row."""
from __future__ import annotations

import importlib.util
import json
import os

import pandas as pd
import pytest

from conftest import CORPUS, ROOT
from pipeline.output import parts as write
from pipeline.engine import run
from pipeline.output.tables import columns

COLUMNS = columns()


def load_archive_builder():
    spec = importlib.util.spec_from_file_location("archive", ROOT / "benchmarks" / "archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARCHIVE = load_archive_builder()


def build_inputs(folder, n=40, seed=3):
    """A small scraped archive of real seed sentences (with exact and near copies), the seeds
    themselves, and inputs that fail: a binary file and broken JSONL lines."""
    folder.mkdir(parents=True, exist_ok=True)
    truth = ARCHIVE.build(n, folder / "archive", seed=seed, exact_share=0.1, near_share=0.1, shard_size=15)
    (folder / "seeds").mkdir()
    for path in sorted(CORPUS.glob("*.txt")):
        (folder / "seeds" / path.name).write_bytes(path.read_bytes())
    (folder / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (folder / "mixed.jsonl").write_text('{"text": "Chiều 26/1, tỉnh Trà Vinh họp."}\n{broken\n[1, 2]\n{}\n', encoding="utf-8")
    return truth


def final_files(outdir, fmt="csv"):
    suffix = write.SUFFIX[fmt]
    return {name: (outdir / name).read_bytes() for name in [f"{t}{suffix}" for t in COLUMNS] + ["texts.jsonl"]}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    truth = build_inputs(folder)
    return folder, truth


@pytest.fixture(scope="module")
def one_and_two(inputs, tmp_path_factory):
    """The same inputs run with -j 1 and -j 2, in small parts."""
    folder, _ = inputs
    outs, summaries = {}, {}
    saved = {k: os.environ.get(k) for k in ("TINTRICH_PART_ARTICLES", "TINTRICH_CHUNK_ARTICLES")}
    os.environ.update(TINTRICH_PART_ARTICLES="7", TINTRICH_CHUNK_ARTICLES="3")
    try:
        for jobs in (1, 2):
            outs[jobs] = tmp_path_factory.mktemp(f"j{jobs}")
            summaries[jobs] = run([str(folder)], outs[jobs], jobs=jobs, progress=False)
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    return outs, summaries


def test_one_and_two_workers_write_identical_tables(one_and_two):
    outs, summaries = one_and_two
    assert final_files(outs[1]) == final_files(outs[2])
    assert summaries[1]["by_status"] == summaries[2]["by_status"]


def test_every_input_article_has_exactly_one_row(one_and_two, inputs):
    outs, summaries = one_and_two
    articles = pd.read_csv(outs[2] / "articles.csv")
    # 40 archive articles, 5 seeds, 1 binary file, 4 JSONL lines
    assert len(articles) == 40 + 5 + 1 + 4 == summaries[2]["articles"]
    assert articles.doc_id.is_unique
    assert articles.status.value_counts().to_dict() == summaries[2]["by_status"]
    assert summaries[2]["rows"]["articles"] == len(articles)


def test_copies_point_to_their_first_appearance(one_and_two, inputs):
    outs, _ = one_and_two
    _, truth = inputs
    articles = pd.read_csv(outs[2] / "articles.csv")
    archive = articles[articles.source.str.contains("/archive/")].reset_index(drop=True)
    # the archive files come first in input order and are read in order: row i is article i
    assert archive.source.tolist() == sorted(archive.source, key=lambda s: (s.split("#")[0], int(s.split("#")[1])))
    duplicates = {i: archive.duplicate_of[i] for i in archive.index if archive.status[i] == "duplicate"}
    expected = {i: archive.doc_id[first] for i, first in truth["copies"].items()}
    assert duplicates == expected
    assert truth["copies"]  # the builder made some of both kinds
    assert all(pd.isna(v) for v in archive.duplicate_of[archive.status == "ok"])


def test_rows_of_a_duplicate_are_not_extracted_again(one_and_two):
    outs, _ = one_and_two
    articles = pd.read_csv(outs[1] / "articles.csv")
    duplicate_ids = set(articles.doc_id[articles.status == "duplicate"])
    texts = [json.loads(line)["doc_id"] for line in (outs[1] / "texts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert duplicate_ids and not duplicate_ids & set(texts)
    for table in COLUMNS:
        if table != "articles":
            frame = pd.read_csv(outs[1] / f"{table}.csv")
            assert not duplicate_ids & set(frame.doc_id)


def test_parts_are_listed_in_the_manifest_and_nothing_is_half_written(one_and_two):
    outs, _ = one_and_two
    for out in outs.values():
        entries = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
        parts = [e for e in entries if e["event"] == "part"]
        assert len(parts) == -(-50 // 7)  # 50 articles in parts of 7
        assert sum(p["articles"] for p in parts) == 50
        assert entries[-1]["event"] == "finished"
        for part in parts:
            for table in [*COLUMNS, write.TEXTS, write.INDEX]:
                assert write.part_path(out, table, part["name"], "csv").exists()
        assert not list(out.rglob(".*.tmp-*"))


def test_parquet_holds_the_same_rows_as_csv(inputs, one_and_two, tmp_path):
    folder, _ = inputs
    outs, _ = one_and_two
    run([str(folder)], tmp_path, fmt="parquet", jobs=2, progress=False)
    for table in COLUMNS:
        from_parquet = pd.read_parquet(tmp_path / f"{table}.parquet")
        from_csv = pd.read_csv(outs[1] / f"{table}.csv", keep_default_na=False, dtype=str)
        assert len(from_parquet) == len(from_csv)
        assert list(from_parquet.columns) == COLUMNS[table]
        assert from_parquet.doc_id.tolist() == from_csv.doc_id.tolist()


def test_an_article_that_kills_its_worker_becomes_an_error_row(tmp_path, monkeypatch, seed_texts):
    import pipeline.engine.core as core
    import pipeline.engine.local as local

    real_process = core.process

    def process_or_die(nlp, article, *rest):
        if "KILL-THE-WORKER" in (article.text or ""):
            os._exit(9)  # as the kernel's OOM killer would
        return real_process(nlp, article, *rest)

    monkeypatch.setattr(core, "process", process_or_die)  # inherited by the forked workers
    folder = tmp_path / "in"
    folder.mkdir()
    for number, (_, text) in enumerate(seed_texts.items()):
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    (folder / "2-poison.txt").write_text("Tỉnh Sơn La KILL-THE-WORKER tiếp nhận viện trợ.", encoding="utf-8")
    summary = local.run_local([str(folder)], tmp_path / "out", jobs=2, progress=False)
    articles = pd.read_csv(tmp_path / "out" / "articles.csv").set_index("source")
    poison = articles.loc[str(folder / "2-poison.txt")]
    assert poison.status == "error" and "worker process died" in poison.error
    assert summary["by_status"] == {"ok": 5, "error": 1}


def test_an_article_over_its_time_limit_becomes_an_error_row(tmp_path, monkeypatch, seed_texts):
    import time

    import pipeline.engine.core as core
    import pipeline.engine.local as local
    from pipeline.settings import Limits

    real_process = core.process

    def slow_process(nlp, article, *rest):
        if "CHẬM" in (article.text or ""):
            stop = time.process_time() + 30
            while time.process_time() < stop:   # burns CPU: a budget of CPU time counts it, a sleep it would not
                pass
        return real_process(nlp, article, *rest)

    monkeypatch.setattr(core, "process", slow_process)
    monkeypatch.setattr(core, "LIMITS", Limits(article_timeout=0.5))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(seed_texts["000_22c4afcade77e2f4"], encoding="utf-8")
    (folder / "b.txt").write_text("Bài viết CHẬM về tỉnh Sơn La.", encoding="utf-8")
    local.run_local([str(folder)], tmp_path / "out", jobs=1, progress=False)
    articles = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert articles.status.tolist() == ["ok", "error"]
    assert articles.error[1].startswith("ArticleTimeout")


def test_processing_a_text_cleaned_once_gives_the_same_rows(nlp, seed_texts):
    from pipeline.ingest import Article
    from pipeline.engine.core import fingerprint, process

    for stem, text in seed_texts.items():
        found = fingerprint(Article(source=stem, text=text))
        direct = process(nlp, Article(source=stem, text=text))
        handed_on = process(nlp, Article(source=stem, text=text), found.cleaned)
        assert handed_on.article == direct.article and handed_on.rows == direct.rows and handed_on.text == direct.text
        assert found.sha1 == direct.article["sha1"] and found.n_chars == direct.article["n_chars"]


def test_a_run_reads_no_lexical_attributes_and_writes_the_same_rows(nlp, seed_texts):
    """A run's pipeline computes none of spaCy's lexical attributes (engine.core.table_pipeline); it is one of its
    own, so the API's keeps them, and both give every seed the same rows."""
    from pipeline.ingest import Article
    from pipeline.engine.core import process, table_pipeline

    run_nlp = table_pipeline()
    assert run_nlp is not nlp and not run_nlp.vocab.lex_attr_getters and nlp.vocab.lex_attr_getters
    assert nlp("Ngày 5 tháng 6 năm 2024")[0].is_title   # (a token of the API's pipeline keeps its attributes)
    for stem, text in seed_texts.items():
        direct, run_rows = process(nlp, Article(source=stem, text=text)), process(run_nlp, Article(source=stem, text=text))
        assert run_rows.article == direct.article and run_rows.rows == direct.rows


def test_a_run_builds_its_pipeline_anew_once_its_vocabulary_is_full(monkeypatch, seed_texts):
    """A worker's spaCy vocabulary keeps every word it has seen; past LIMITS.max_vocabulary words the run's
    pipeline is built anew (memory bounded over any archive), and the rows are those of an unbounded run."""
    from pipeline.engine import core
    from pipeline.ingest import Article
    from pipeline.settings import Limits

    def articles():
        return [Article(source=stem, text=text) for stem, text in seed_texts.items()]

    unbounded = core.process_articles(articles())
    first = core.table_pipeline()
    monkeypatch.setattr(core, "LIMITS", Limits(max_vocabulary=300))
    bounded = core.process_articles(articles())
    renewed = core.table_pipeline()
    assert renewed is not first and len(first.vocab) > 300
    assert len(renewed.vocab) <= 300 + max(len(text.split()) for text in seed_texts.values())
    assert [(r.article, r.rows) for r in bounded] == [(r.article, r.rows) for r in unbounded]
