"""Issue 13, "Nothing lost, ever": each case found by a hostile user, as its exact reproduction.

Every input has exactly one articles.csv row, or a line of skipped.csv saying why it was
not read; bad arguments print one line and exit 2; a killed run resumes; a re-run adds
only new articles; and the tables are those of a clean run over the inputs.
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.engine import run
from pipeline.ingest import Article
from pipeline.rules import patterns
from pipeline.rules.budget import ArticleTimeout, article_budget, checkpoint

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Sáng 5/12, UBND tỉnh Thái Bình tổ chức hội nghị tổng kết công tác viện trợ năm 2022, ước đạt 1,3 triệu USD."
OTHER = "Chiều 6/12, Sở Ngoại vụ tỉnh Nghệ An làm việc với Tổ chức Plan International về dự án nước sạch cho 12 xã."


def tintrich(*args, cwd=None, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, **(env or {})}, timeout=300, **kwargs)


def rows(out: Path, table: str = "articles") -> list[dict]:
    with open(out / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def skipped(out: Path) -> dict[str, str]:
    with open(out / "skipped.csv", encoding="utf-8", newline="") as handle:
        return {row["path"]: row["reason"] for row in csv.DictReader(handle)}


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tintrich: error:"), result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


# -- inputs that got no row

def test_01_dot_files_are_listed_as_skipped_or_read_on_request(tmp_path):
    (tmp_path / "d1").mkdir()
    (tmp_path / "d1" / ".a.txt").write_text(TEXT, encoding="utf-8")
    summary = run([str(tmp_path / "d1")], tmp_path / "o1", jobs=1, progress=False)
    assert rows(tmp_path / "o1") == []
    assert "hidden" in skipped(tmp_path / "o1")[str(tmp_path / "d1" / ".a.txt")]
    assert summary["skipped"] == {"hidden (--include-hidden reads it)": 1}
    result = tintrich("run", str(tmp_path / "d1"), "-o", str(tmp_path / "o1b"), "-j", "1", "--include-hidden")
    assert result.returncode == 0 and len(rows(tmp_path / "o1b")) == 1


def test_02_symlinked_folders_are_followed_once(tmp_path):
    for name in ("d2", "r2"):
        (tmp_path / name).mkdir()
    (tmp_path / "r2" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "d2" / "link").symlink_to("../r2")
    (tmp_path / "r2" / "back").symlink_to("../d2")   # a loop
    run([str(tmp_path / "d2")], tmp_path / "o2", jobs=1, progress=False)
    assert [row["source"] for row in rows(tmp_path / "o2")] == [str(tmp_path / "d2" / "link" / "a.txt")]
    assert "already read" in skipped(tmp_path / "o2")[str(tmp_path / "d2" / "link" / "back")]


def test_03_a_glob_of_folders_reads_what_they_hold(tmp_path):
    (tmp_path / "d3" / "2024").mkdir(parents=True)
    (tmp_path / "d3" / "2024" / "a.txt").write_text(TEXT, encoding="utf-8")
    result = tintrich("run", "d3/*", "-o", "o3", "-j", "1", cwd=tmp_path)
    assert result.returncode == 0 and [row["source"] for row in rows(tmp_path / "o3")] == ["d3/2024/a.txt"]


def test_04_paths_longer_than_path_max_are_read(tmp_path):
    fd = os.open(tmp_path, os.O_RDONLY)
    os.mkdir("d4", dir_fd=fd)
    depth = os.open("d4", os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    for _ in range(40):   # 40 folders of 120 characters: over 4,800 bytes of path
        os.mkdir("x" * 120, dir_fd=depth)
        inner = os.open("x" * 120, os.O_RDONLY, dir_fd=depth)
        os.close(depth)
        depth = inner
    with os.fdopen(os.open("a.txt", os.O_WRONLY | os.O_CREAT, dir_fd=depth), "w", encoding="utf-8") as handle:
        handle.write(TEXT)
    os.close(depth)
    run([str(tmp_path / "d4")], tmp_path / "o4", jobs=1, progress=False)
    found = rows(tmp_path / "o4")
    assert len(found) == 1 and found[0]["status"] == "ok" and len(found[0]["source"]) > 4096


def test_05_a_named_pipe_does_not_hang_the_run(tmp_path):
    (tmp_path / "d5").mkdir()
    os.mkfifo(tmp_path / "d5" / "b.txt")
    (tmp_path / "d5" / "a.txt").write_text(TEXT, encoding="utf-8")
    result = tintrich("run", str(tmp_path / "d5"), "-o", str(tmp_path / "o5"), "-j", "1")
    assert result.returncode == 0 and len(rows(tmp_path / "o5")) == 1
    assert "named pipe" in skipped(tmp_path / "o5")[str(tmp_path / "d5" / "b.txt")]


def test_06_a_file_named_like_a_record_has_a_source_of_its_own(tmp_path):
    (tmp_path / "d6").mkdir()
    (tmp_path / "d6" / "a.jsonl").write_text(json.dumps({"text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "d6" / "a.jsonl#1").write_text(TEXT, encoding="utf-8")
    result = tintrich("run", "d6/a.jsonl", "d6/a.jsonl#1", "-o", "o6", "-j", "1", cwd=tmp_path)
    found = rows(tmp_path / "o6")
    assert result.returncode == 0 and len(found) == 2
    assert {row["source"] for row in found} == {"d6/a.jsonl#1", "d6/a.jsonl%231"}
    assert len({row["doc_id"] for row in found}) == 2


def test_07_a_truncated_jsonl_gz_keeps_every_complete_record(tmp_path):
    records = [json.dumps({"text": f"Tin số {n}: {TEXT}"}, ensure_ascii=False) for n in range(50)]
    whole = gzip.compress(("\n".join(records) + "\n").encode("utf-8"))
    cut = whole[: len(whole) * 3 // 4]
    (tmp_path / "cut.jsonl.gz").write_bytes(cut)
    recoverable = zlib.decompressobj(wbits=31).decompress(cut).count(b"\n")   # zlib itself as the measure
    run([str(tmp_path / "cut.jsonl.gz")], tmp_path / "o7", jobs=1, progress=False)
    found = rows(tmp_path / "o7")
    complete = [row for row in found if row["status"] in ("ok", "duplicate")]   # near-identical records
    assert len(complete) == recoverable > 0 and [row["status"] for row in found][-1] == "error"
    assert "gzip stream ends early" in found[-1]["error"] and len(found) == len(complete) + 1


# -- wrong content with status ok

@pytest.mark.parametrize("payload", [
    "\ufeff" + json.dumps({"text": TEXT}, ensure_ascii=False) + "\n" + json.dumps({"text": OTHER}, ensure_ascii=False) + "\n",
    json.dumps([{"text": TEXT}, {"text": OTHER}], ensure_ascii=False),
])
def test_08_jsonl_with_a_bom_and_a_json_array_on_stdin_are_records(tmp_path, payload):
    result = tintrich("run", "-", "-o", str(tmp_path / "o8"), "-j", "1", input=payload)
    found = rows(tmp_path / "o8")
    # "-#1" starts like a spreadsheet formula: the CSV guard writes it "'-#1"
    assert result.returncode == 0 and [row["source"] for row in found] == ["'-#1", "'-#2"]
    texts = [json.loads(line)["text"] for line in (tmp_path / "o8" / "texts.jsonl").read_text().splitlines()]
    assert texts[0].startswith("Sáng 5/12") and "{" not in texts[0]


@pytest.mark.parametrize("encoding,text", [("gbk", "越南社会主义共和国是东南亚国家，首都河内。" * 8),
                                           ("big5", "越南社會主義共和國是東南亞國家，首都河內。" * 8),
                                           ("cp1251", "Российская Федерация — государство в Восточной Европе. " * 6),
                                           ("cp1252", "Le président de la République a reçu la délégation. " * 6)])
def test_09_text_that_is_not_vietnamese_is_an_error_not_garbage(tmp_path, encoding, text):
    (tmp_path / "foreign.txt").write_bytes(text.encode(encoding))
    run([str(tmp_path / "foreign.txt")], tmp_path / "o9", jobs=1, progress=False)
    [row] = rows(tmp_path / "o9")
    assert row["status"] == "error" and "not Vietnamese" in row["error"]


def test_09_utf8_text_in_another_language_is_skipped_with_its_language(tmp_path):
    (tmp_path / "en.txt").write_text("The provincial People's Committee met the delegation of the World Bank "
                                     "to discuss the loan for the new highway in the northern provinces.", encoding="utf-8")
    run([str(tmp_path / "en.txt")], tmp_path / "o9b", jobs=1, progress=False)
    [row] = rows(tmp_path / "o9b")
    assert (row["status"], row["lang"]) == ("skipped", "other") and rows(tmp_path / "o9b", "facts") == []


def test_10_a_text_field_holding_json_is_paragraphs_or_an_error(tmp_path):
    lines = [{"text": [TEXT, OTHER]}, {"text": {"vi": TEXT}}, {"text": [1, 2]}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n",
                                      encoding="utf-8")
    run([str(tmp_path / "a.jsonl")], tmp_path / "o10", jobs=1, progress=False)
    found = rows(tmp_path / "o10")
    assert [row["status"] for row in found] == ["ok", "error", "error"]
    assert "JSON dict, not text" in found[1]["error"]
    text = json.loads((tmp_path / "o10" / "texts.jsonl").read_text().splitlines()[0])["text"]
    assert text == TEXT + "\n" + OTHER
    assert not any("{" in row["text"] for row in rows(tmp_path / "o10", "provinces"))


def test_11_the_output_folder_is_never_read_as_input(tmp_path):
    folder = tmp_path / "d11"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    for _ in range(2):
        result = tintrich("run", str(folder), "-o", str(folder), "-j", "1")
        assert result.returncode == 0, result.stderr
    assert [row["source"] for row in rows(folder)] == [str(folder / "a.txt"), str(folder / "b.txt")]
    assert all("output folder" in reason for reason in skipped(folder).values())


# -- re-runs, resume, concurrency

def test_12_the_same_folder_spelled_differently_adds_nothing(tmp_path):
    folder = tmp_path / "d11"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"{TEXT} Bài {n}.", encoding="utf-8")
    assert tintrich("run", "d11", "-o", "out", "-j", "1", cwd=tmp_path).returncode == 0
    assert tintrich("run", "./d11", "-o", "out", "-j", "1", cwd=tmp_path).returncode == 0
    assert tintrich("run", "d11/", "-o", "out", "-j", "1", cwd=tmp_path).returncode == 0
    assert len(rows(tmp_path / "out")) == 3


def kill_after_first_part(arguments: list[str], out: Path, env: dict) -> None:
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", *arguments, "-o", str(out), "-j", "1",
                                "--quiet"], cwd=ROOT, env={**os.environ, **env}, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        manifest = out / "manifest.jsonl"
        if manifest.exists() and '"event": "part"' in manifest.read_text(encoding="utf-8"):
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    process.wait()


def test_13_files_added_renamed_or_removed_before_a_resume(tmp_path, seed_texts):
    folder = tmp_path / "d13"
    folder.mkdir()
    texts = list(seed_texts.values())
    for n, text in enumerate(texts):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    env = {"TINTRICH_PART_ARTICLES": "1", "TINTRICH_CHUNK_ARTICLES": "1"}
    kill_after_first_part([str(folder)], tmp_path / "out", env)
    (folder / "1.txt").rename(folder / "9-renamed.txt")
    (folder / "3.txt").unlink()
    (folder / "0b-new.txt").write_text(OTHER, encoding="utf-8")
    (folder / "4-copy.txt").write_text(texts[4], encoding="utf-8")   # a copy of a later article, first in order
    assert tintrich("run", str(folder), "-o", str(tmp_path / "out"), "-j", "1", env=env).returncode == 0
    assert tintrich("run", str(folder), "-o", str(tmp_path / "clean"), "-j", "1").returncode == 0
    for table in ("articles.csv", "facts.csv", "provinces.csv", "texts.jsonl"):
        assert (tmp_path / "out" / table).read_bytes() == (tmp_path / "clean" / table).read_bytes(), table
    statuses = {Path(row["source"]).name: row["status"] for row in rows(tmp_path / "out")}
    assert statuses["4.txt"] == "duplicate" and statuses["4-copy.txt"] == "ok" and "3.txt" not in statuses


def distinct_articles(folder: Path, seed_texts: dict, count: int) -> None:
    """``count`` different articles made of the seed sentences, shuffled and sampled."""
    import random

    sentences = [s.strip() for text in seed_texts.values() for s in text.replace("\n", ". ").split(". ") if len(s) > 40]
    rng = random.Random(13)
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03d}.txt").write_text(". ".join(rng.sample(sentences, 12)) + ".", encoding="utf-8")


def test_14_a_second_run_into_the_same_folder_refuses_and_loses_nothing(tmp_path, seed_texts):
    folder = tmp_path / "in"
    distinct_articles(folder, seed_texts, 300)
    first = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(folder), "-o", str(tmp_path / "out"),
                              "-j", "1", "--quiet"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    while not (tmp_path / "out" / "manifest.jsonl").exists():
        time.sleep(0.05)
    second = tintrich("run", str(ROOT / "corpus"), "-o", str(tmp_path / "out"), "-j", "1")
    assert first.poll() is None, "the first run ended before the second started: the test proves nothing"
    assert "being written by another tintrich run" in one_line_error(second)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert len(rows(tmp_path / "out")) == 300


def test_15_limits_count_cpu_time_the_same_in_any_thread():
    """A budget of CPU time: sleeping (a busy machine) does not spend it, working does; in a
    worker thread (as Dask runs articles) the checks between steps enforce it too."""
    with article_budget(0.2):
        time.sleep(0.5)
        checkpoint()   # a wall-clock limit would have fired
    outcome = []

    def work():
        try:
            with article_budget(0.2):
                stop = time.thread_time() + 2
                while time.thread_time() < stop:
                    checkpoint()
        except ArticleTimeout as error:
            outcome.append(str(error))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome and "CPU time" in outcome[0]


def test_15_the_dask_engine_applies_the_same_limit(tmp_path, seed_texts, monkeypatch):
    pytest.importorskip("distributed")
    from pipeline.engine.cluster import process_partition
    from pipeline.engine.ledger import Decision
    from pipeline.ingest import Input
    from pipeline.settings import Limits
    import pipeline.engine.core as core

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(core, "LIMITS", Limits(article_timeout=1e-9))
    entry = process_partition([(0, Input(str(tmp_path / "a.txt"), "a.txt"))], core_options(),
                              {(0, 0): (0, Decision("process"))}, str(tmp_path / "out"), "csv", "g0001-d000000", 1)
    assert entry["written"][0][2] == "error"
    assert "ArticleTimeout" in rows_of_part(tmp_path / "out")[0]["error"]


def core_options():
    from pipeline.ingest import ReadOptions

    return ReadOptions()


def rows_of_part(out: Path) -> list[dict]:
    [path] = (out / "parts" / "articles").glob("*.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- errors

def test_16_a_folder_name_that_is_not_utf8(tmp_path):
    folder = os.fsencode(tmp_path) + b"/d\xff\xfe"
    os.mkdir(folder)
    with open(folder + b"/a.txt", "w", encoding="utf-8") as handle:
        handle.write(TEXT)
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", folder, "-o", str(tmp_path / "o16"),
                             "-j", "1"], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    [row] = rows(tmp_path / "o16")
    assert row["status"] == "ok" and row["source"].endswith("d\\xff\\xfe/a.txt")


def test_17_mistakes_the_user_can_fix_are_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    assert "File exists" in one_line_error(tintrich("run", "corpus", "-o", str(tmp_path / "file")))
    if os.geteuid() != 0:
        (tmp_path / "ro").mkdir(mode=0o555)
        one_line_error(tintrich("run", "corpus", "-o", str(tmp_path / "ro" / "out")))
    else:   # root writes anywhere but where the system forbids it
        one_line_error(tintrich("run", "corpus", "-o", "/sys/tintrich-out"))
    one_line_error(tintrich("run", "corpus", "-o", str(tmp_path / "o"), env={"TINTRICH_PART_ARTICLES": "0"}))


def test_17_a_bad_or_unreachable_scheduler_is_one_line(tmp_path):
    pytest.importorskip("distributed")
    assert "Dask scheduler" in one_line_error(tintrich("run", "corpus", "-o", str(tmp_path / "a"),
                                                       "--engine", "dask", "--scheduler", "X"))
    assert "Dask scheduler" in one_line_error(tintrich("run", "corpus", "-o", str(tmp_path / "b"), "--engine", "dask",
                                                       "--scheduler", "tcp://127.0.0.1:1",
                                                       env={"TINTRICH_DASK_CONNECT_TIMEOUT": "2"}))


def test_17_ctrl_c_says_how_to_resume(tmp_path, seed_texts):
    folder = tmp_path / "in"
    distinct_articles(folder, seed_texts, 400)
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(folder), "-o", str(tmp_path / "out"),
                                "-j", "2"], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    while not (tmp_path / "out" / "manifest.jsonl").exists():
        time.sleep(0.05)
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    error = process.communicate(timeout=120)[1]
    assert process.returncode == 130 and error.count("\n") == 1 and "resumes it" in error, error


def test_17_a_closed_pipe_ends_quietly():
    result = subprocess.run(f"{sys.executable} -m pipeline.cli extract corpus/000_22c4afcade77e2f4.txt | head -c 10",
                            shell=True, cwd=ROOT, capture_output=True, text=True)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


# -- found on a real archive

def test_18_one_sentence_no_longer_loses_its_article():
    result = pipeline.extract("Chiến lược phát triển kinh tế - xã hội giai đoạn 2021-2030 được thông qua.")
    assert result.article["status"] == "ok"
    assert result.tables()["directives"]["doc_type"].tolist() == ["Chiến lược"]


def test_18_a_failing_extractor_costs_only_its_own_rows(monkeypatch):
    from pipeline.entities.directives import DirectiveFinder

    def broken(self, doc):
        raise KeyError("a pattern file that disagrees with itself")

    monkeypatch.setattr(DirectiveFinder, "__call__", broken)
    result = pipeline.extract("Sáng 5/12, UBND tỉnh Thái Bình ban hành Quyết định số 1252/QĐ-UBND, cấp 1,3 tỷ đồng.")
    assert result.article["status"] == "ok" and "directives: KeyError" in result.article["component_errors"]
    tables = result.tables()
    assert len(tables["directives"]) == 0 and len(tables["provinces"]) == 1 and len(tables["facts"]) == 1


def test_18_a_pattern_file_that_disagrees_with_itself_fails_when_loaded(tmp_path, monkeypatch):
    from pipeline.entities.directives import DirectiveFinder

    copy = tmp_path / "patterns"
    shutil.copytree(patterns.folder(), copy)
    text = (copy / "directives.yaml").read_text(encoding="utf-8").replace("Đề án, Chiến lược,", "Đề án,")
    (copy / "directives.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("TINTRICH_PATTERNS", str(copy))
    patterns.load_yaml.cache_clear()
    try:
        with pytest.raises(patterns.PatternError, match="Chiến lược"):
            DirectiveFinder()
    finally:
        patterns.load_yaml.cache_clear()


def test_19_a_body_scraped_twice_keeps_one_copy():
    body = " ".join([TEXT, OTHER] * 3)
    result = pipeline.extract(body + " " + body)
    assert result.article["status"] == "ok" and result.text == body


def test_20_an_empty_text_field_is_named_as_such(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": ""}\n{"title": "x"}\n', encoding="utf-8")
    run([str(tmp_path / "a.jsonl")], tmp_path / "o20", jobs=1, progress=False)
    found = rows(tmp_path / "o20")
    assert found[0]["error"] == "the text field 'text' is empty"
    assert found[1]["error"] == "no text field (text|content|body)"


def test_every_record_is_in_articles_or_skipped(tmp_path):
    """The README's promise, checked on a tree with a bit of everything."""
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "in" / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.jsonl").write_text('{"text": "%s"}\nnot json\n' % OTHER, encoding="utf-8")
    summary = run([str(tmp_path / "in")], tmp_path / "out", jobs=1, progress=False)
    assert len(rows(tmp_path / "out")) == summary["articles"] == 3
    assert set(skipped(tmp_path / "out")) == {str(tmp_path / "in" / "README.md"), str(tmp_path / "in" / ".hidden.txt")}
    assert pd.read_csv(tmp_path / "out" / "articles.csv")["status"].tolist() == ["ok", "ok", "error"]


def test_no_article_is_lost_from_an_input_of_the_engine():
    article = Article(source="x", text=TEXT)
    assert pipeline.extract(article.text).article["status"] == "ok"
