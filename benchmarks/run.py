"""End-to-end benchmark of tintrich on a synthetic archive; prints one JSON line of figures at the end.

    python benchmarks/run.py                 # N = 20 000 articles (about half an hour on 2 cores)
    python benchmarks/run.py --n 1000        # a quick look

What it does (progress on stderr, figures on stdout):

1. builds an archive of N articles from real seed sentences, with 5 % exact and
   5 % near copies (``benchmarks/archive.py``);
2. runs ``tintrich run`` on it with -j 1 and -j 2 (fresh output folders) and
   measures wall time, articles/s, MB/s, CPU seconds and the peak RSS of the
   coordinator and of each worker process (sampled every 0.2 s); checks the two
   runs wrote identical tables; scores the deduplication against the known copies;
3. runs underthesea's ``ner()`` over a sample of the same articles, paragraph by
   paragraph (its fast way; whole-article calls are several times slower) and
   reports its articles/s, so the ratio to the pipeline is measured in one run;
4. runs -j 2 again on an archive of ``--scale`` x N articles to show that memory
   stays flat, and builds ``tintrich report`` on both outputs (time, peak RSS,
   pages, largest page);
5. times every pipeline component over a sample, and the whole ``process()`` with
   the extractors disabled (``pipeline.load(disable=...)``) against all of them;
6. feeds hostile inputs (a million empty JSONL objects, a 1 GB gzip bomb, a 200 MB
   line, HTML 10 000 tags deep, text that makes a grammar backtrack) and reports
   time, peak RSS and the rows they became.

The machine is shared: the load average before and after is reported, and CPU
seconds next to wall time, so that contention can be told apart from slowness.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import archive  # noqa: E402  (benchmarks/archive.py)

TARGETS = {"ratio_vs_ner_j1": 20.0, "speedup_j2": 1.7, "worker_rss_mb": 600.0}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_pipeline(inputs: Path, out: Path, jobs: int, extra: tuple = ()) -> dict:
    """``tintrich run`` in a subprocess; wall time, CPU seconds, peak RSS per process, summary."""
    shutil.rmtree(out, ignore_errors=True)
    return run_cli(["run", str(inputs), "-o", str(out), "-j", str(jobs), "--no-resume", *extra])


def run_cli(arguments: list[str]) -> dict:
    """One ``tintrich`` command in a subprocess, measured: wall time, CPU seconds, the
    peak RSS of the process and of each child (sampled every 0.2 s), the first line
    it wrote to stderr."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", *arguments],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    main = psutil.Process(process.pid)
    peaks: dict[int, int] = {}
    while process.poll() is None:
        try:
            for proc in [main, *main.children(recursive=True)]:
                try:
                    peaks[proc.pid] = max(peaks.get(proc.pid, 0), proc.memory_info().rss)
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        time.sleep(0.2)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise RuntimeError(f"tintrich {arguments[0]} failed ({process.returncode}): {stderr[-2000:]}")
    workers = [rss for pid, rss in peaks.items() if pid != process.pid]
    mb = 2**20
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2),
        "peak_rss_mb": {"coordinator": round(peaks.get(process.pid, 0) / mb, 1),
                        "workers": sorted(round(w / mb, 1) for w in workers)},
        "summary_line": stderr.strip().splitlines()[0] if stderr.strip() else "",
    }


def measure_report(out: Path) -> dict:
    """``tintrich report`` on a run's output: seconds, peak RSS, size of the pages."""
    figures = run_cli(["report", str(out)])
    pages = [out / "report.html", *sorted((out / "report").glob("*.html"))]
    return {"seconds": figures["seconds"], "peak_rss_mb": figures["peak_rss_mb"]["coordinator"],
            "pages": sum(p.exists() for p in pages),
            "largest_page_mb": round(max(p.stat().st_size for p in pages if p.exists()) / 1e6, 2)}


def table_bytes(out: Path) -> dict:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.csv"))} | {
        "texts.jsonl": (out / "texts.jsonl").read_bytes()}


def dedupe_scores(out: Path, truth: dict) -> dict:
    """Precision and recall of ``status == duplicate`` (and of its ``duplicate_of``) against the known copies."""
    import pandas as pd

    articles = pd.read_csv(out / "articles.csv", usecols=["doc_id", "source", "status", "duplicate_of"])
    number = articles.source.str.rsplit("#", n=1).str[1].astype(int) - 1
    shard = articles.source.str.extract(r"shard-(\d+)")[0].astype(int)
    articles["n"] = shard * archive.SHARD + number
    ids = dict(zip(articles.n, articles.doc_id))
    flagged = {int(n): first for n, first, status in zip(articles.n, articles.duplicate_of, articles.status)
               if status == "duplicate"}
    copies = truth["copies"]
    true_positive = sum(1 for n in flagged if n in copies)
    right_first = sum(1 for n, first in flagged.items() if n in copies and ids[copies[n]] == first)
    return {"known_copies": len(copies), "flagged": len(flagged),
            "precision": round(true_positive / len(flagged), 4) if flagged else None,
            "recall": round(true_positive / len(copies), 4) if copies else None,
            "duplicate_of_correct": round(right_first / true_positive, 4) if true_positive else None}


def sample_texts(folder: Path, count: int, copies: dict) -> list[str]:
    texts = []
    for path in sorted(folder.glob("shard-*.jsonl")):
        shard = int(path.stem.split("-")[1])
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if shard * archive.SHARD + number not in copies:
                    texts.append(json.loads(line)["text"])
                if len(texts) == count:
                    return texts
    return texts


def measure_ner(texts: list[str], whole: int) -> dict:
    """underthesea.ner over the texts paragraph by paragraph, and over ``whole`` texts in one call each."""
    from underthesea import ner

    ner("Tỉnh Thái Bình họp.")  # load the model outside the timing
    started = time.perf_counter()
    for text in texts:
        for paragraph in text.split("\n"):
            if paragraph.strip():
                ner(paragraph)
    seconds = time.perf_counter() - started
    chars = sum(len(t) for t in texts)
    started = time.perf_counter()
    for text in texts[:whole]:
        ner(text)
    whole_seconds = time.perf_counter() - started
    return {"sample_articles": len(texts), "chars_per_s": round(chars / seconds),
            "articles_per_s": round(len(texts) / seconds, 2),
            "whole_text_articles_per_s": round(whole / whole_seconds, 2) if whole else None,
            "whole_text_chars_per_s": round(sum(len(t) for t in texts[:whole]) / whole_seconds) if whole else None}


def measure_components(texts: list[str]) -> dict:
    """ms per article of each component, and of process() with and without the extractors."""
    import pipeline
    from pipeline.ingest import Article
    from pipeline.engine.core import process
    from pipeline.output.tables import span_rows

    nlp = pipeline.load()
    frame = {"tintrich_segment"}
    extractors = tuple(name for name in nlp.pipe_names if name not in frame)
    bare = pipeline.load(disable=extractors)
    for text in texts[:5]:
        process(nlp, Article(source="warm", text=text))
        process(bare, Article(source="warm", text=text))
    per = {"tokenizer (normalize + split)": 0.0, **{name: 0.0 for name in nlp.pipe_names}, "rows": 0.0}
    for text in texts:
        started = time.perf_counter()
        doc = nlp.make_doc(text)
        per["tokenizer (normalize + split)"] += time.perf_counter() - started
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            doc = component(doc)
            per[name] += time.perf_counter() - started
        started = time.perf_counter()
        span_rows(doc)
        per["rows"] += time.perf_counter() - started

    def process_ms(language) -> float:
        started = time.perf_counter()
        for number, text in enumerate(texts):
            process(language, Article(source=f"s{number}", text=text))
        return (time.perf_counter() - started) / len(texts) * 1000

    all_ms, bare_ms = process_ms(nlp), process_ms(bare)
    return {"sample_articles": len(texts), "process_ms_all": round(all_ms, 2), "process_ms_without_extractors": round(bare_ms, 2),
            "extractors_add_ms": round(all_ms - bare_ms, 2), "extractors_share": round((all_ms - bare_ms) / all_ms, 3),
            "per_component_ms": {name: round(seconds / len(texts) * 1000, 2) for name, seconds in per.items()}}


def hostile_inputs(folder: Path, work: Path) -> dict:
    """Each hostile input alone through ``tintrich run -j 2``: seconds, peak RSS, resulting rows."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    cases = {}
    path = folder / "million_empty.jsonl"
    path.write_bytes(b"{}\n" * 1_000_000)
    cases["million_empty_jsonl_objects"] = path
    path = folder / "bomb.jsonl.gz"
    packer, block = zlib.compressobj(9, zlib.DEFLATED, 31), bytes(2**20)
    with open(path, "wb") as handle:
        for _ in range(1024):
            handle.write(packer.compress(block))
        handle.write(packer.flush())
    cases["gzip_bomb_1GB"] = path
    path = folder / "line.txt"
    with open(path, "wb") as handle:
        for _ in range(200):
            handle.write(b"a" * 2**20)
    cases["single_line_200MB"] = path
    path = folder / "deep.html"
    path.write_text("<html><body>" + "<div>" * 10_000 + "Tỉnh Thái Bình" + "</div>" * 10_000 + "</body></html>", encoding="utf-8")
    cases["html_10000_deep"] = path
    path = folder / "backtrack.jsonl"
    path.write_text(json.dumps({"text": "1." * 200_000 + "x"}) + "\n", encoding="utf-8")
    cases["backtracking_text"] = path
    results = {}
    for name, path in cases.items():
        log(f"hostile input: {name}")
        figures = run_pipeline(path, work / name, 2)
        with open(work / name / "articles.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        statuses = {}
        for row in rows:
            statuses[row["status"]] = statuses.get(row["status"], 0) + 1
        results[name] = {"seconds": figures["seconds"], "peak_rss_mb": max([figures["peak_rss_mb"]["coordinator"],
                                                                            *figures["peak_rss_mb"]["workers"]]),
                         "rows": statuses, "first_error": next((r["error"][:100] for r in rows if r["error"]), None)}
        shutil.rmtree(work / name, ignore_errors=True)
    return results


def throughput(figures: dict, n: int, megabytes: float) -> dict:
    seconds = figures["seconds"]
    return {**figures, "articles_per_s": round(n / seconds, 2), "mb_per_s": round(megabytes / seconds, 3),
            "articles_per_cpu_s": round(n / figures["cpu_seconds"], 2) if figures["cpu_seconds"] else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles in the archive (default 20000)")
    parser.add_argument("--scale", type=int, default=5, help="the memory check also runs scale x N articles (0: skip)")
    parser.add_argument("--ner-sample", type=int, default=40, help="articles given to underthesea ner()")
    parser.add_argument("--component-sample", type=int, default=300, help="articles for the per-component timing")
    parser.add_argument("--no-hostile", action="store_true", help="skip the hostile inputs")
    parser.add_argument("--workdir", type=Path, default=None, help="where archives and outputs go (default: a temp dir)")
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="tintrich-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result = {"n": args.n, "cores": os.cpu_count(), "load_before": [round(x, 2) for x in os.getloadavg()]}
    try:
        log(f"building an archive of {args.n} articles in {work}")
        truth = archive.build(args.n, work / "archive")
        megabytes = truth["bytes"] / 1e6
        result["archive"] = {k: truth[k] for k in ("articles", "exact_copies", "near_copies", "sentences_in_pool")}
        result["archive"].update(mb=round(megabytes, 2), chars_per_article=round(truth["chars"] / args.n))

        runs = {}
        for jobs in (1, 2):
            log(f"tintrich run -j {jobs}")
            runs[jobs] = throughput(run_pipeline(work / "archive", work / f"out-j{jobs}", jobs), args.n, megabytes)
        result["j1"], result["j2"] = runs[1], runs[2]
        result["speedup_j2"] = round(runs[2]["articles_per_s"] / runs[1]["articles_per_s"], 2)
        result["tables_equal_j1_j2"] = table_bytes(work / "out-j1") == table_bytes(work / "out-j2")
        result["dedupe"] = dedupe_scores(work / "out-j1", truth)

        log(f"underthesea ner() on {args.ner_sample} articles")
        texts = sample_texts(work / "archive", max(args.ner_sample, args.component_sample), truth["copies"])
        result["underthesea_ner"] = measure_ner(texts[:args.ner_sample], whole=min(5, args.ner_sample))
        result["ratio_vs_ner_j1"] = round(runs[1]["articles_per_s"] / result["underthesea_ner"]["articles_per_s"], 2)
        result["ratio_vs_ner_j2"] = round(runs[2]["articles_per_s"] / result["underthesea_ner"]["articles_per_s"], 2)

        log(f"components on {args.component_sample} articles")
        result["components"] = measure_components(texts[:args.component_sample])

        if args.scale:
            big = args.n * args.scale
            log(f"memory: building {big} articles and running -j 2")
            shutil.rmtree(work / "out-j1", ignore_errors=True)
            big_truth = archive.build(big, work / "archive-big", seed=8)
            figures = throughput(run_pipeline(work / "archive-big", work / "out-big", 2), big, big_truth["bytes"] / 1e6)
            log(f"tintrich report on the outputs of {args.n} and {big} articles")
            result["report"] = {"n": measure_report(work / "out-j2"), "n_big": measure_report(work / "out-big")}
            shutil.rmtree(work / "out-big", ignore_errors=True)
            small_workers = max(runs[2]["peak_rss_mb"]["workers"] or [0])
            big_workers = max(figures["peak_rss_mb"]["workers"] or [0])
            result["memory"] = {
                "n": args.n, "n_big": big, "j2_big_articles_per_s": figures["articles_per_s"],
                "peak_worker_rss_mb": {"n": small_workers, "n_big": big_workers},
                "peak_coordinator_rss_mb": {"n": runs[2]["peak_rss_mb"]["coordinator"],
                                            "n_big": figures["peak_rss_mb"]["coordinator"]},
                "worker_growth_mb": round(big_workers - small_workers, 1),
            }
        if not args.no_hostile:
            result["hostile"] = hostile_inputs(work / "hostile", work / "hostile-out")

        workers = [*runs[1]["peak_rss_mb"]["workers"], *runs[2]["peak_rss_mb"]["workers"],
                   runs[1]["peak_rss_mb"]["coordinator"]]  # with -j 1 the coordinator is the worker
        result["targets"] = {
            "ratio_vs_ner_j1>=20": result["ratio_vs_ner_j1"] >= TARGETS["ratio_vs_ner_j1"],
            "speedup_j2>=1.7": result["speedup_j2"] >= TARGETS["speedup_j2"],
            "worker_rss<=600MB": max(workers) <= TARGETS["worker_rss_mb"],
            "worker_rss_flat": result.get("memory", {}).get("worker_growth_mb", 0) <= 0.1 * max(workers),
        }
    finally:
        result["load_after"] = [round(x, 2) for x in os.getloadavg()]
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
