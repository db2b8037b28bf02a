"""End-to-end benchmark of tintrich: old code against new, on the same articles; prints one JSON line of figures.

    python benchmarks/run.py                       # 1000 articles, old = HEAD~1, 3 runs of each
    python benchmarks/run.py --old c96ec34 --n 500 # against a given commit

What it does (progress on stderr, figures on stdout):

1. builds an archive of N articles of about 3,000 characters from real seed
   sentences, with 5 % exact and 5 % near copies (``benchmarks/archive.py``);
2. extracts the old code (``--old``, a git ref) into a temporary folder and runs
   ``tintrich run -j 1`` of the old and the new code alternately, ``--runs`` times
   each: seconds, articles/s, characters/s as min/median/max, the ratio of the
   medians, and whether the two wrote the same tables byte for byte;
3. runs the new code with -j 2 and then two CPU-bound processes side by side, whose
   CPU seconds over wall time say how many cores the machine really had free;
   scores the deduplication against the known copies;
4. runs underthesea's ``ner()`` over a sample of the same articles, paragraph by
   paragraph (its fast way) and reports the ratio of characters per second;
5. times every pipeline component over a sample;
6. runs 13 articles of 200,000 characters built to make patterns backtrack (peak RSS);
7. with ``--scale``, -j 2 on scale x N articles (memory stays flat) and the report;
   with ``--hostile``, a million empty JSONL objects, a 1 GB gzip bomb, a 200 MB
   line, HTML 10 000 tags deep.

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

TARGETS = {"speedup_over_old": 3.0, "ratio_vs_ner_j1": 60.0, "worker_rss_mb": 200.0, "backtracking_rss_mb": 600.0,
           "entity_extractors_ms": 4.0}
#: the entity extractors of stage 3 (provinces, organizations, officials, numbered documents, dates)
ENTITY_EXTRACTORS = ("tintrich_provinces", "tintrich_organizations", "tintrich_officials", "tintrich_directives",
                     "tintrich_dates")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_pipeline(inputs: Path, out: Path, jobs: int, extra: tuple = (), cwd: Path = ROOT) -> dict:
    """``tintrich run`` of the code in ``cwd`` in a subprocess; wall time, CPU seconds, peak RSS per process, summary."""
    shutil.rmtree(out, ignore_errors=True)
    return run_cli(["run", str(inputs), "-o", str(out), "-j", str(jobs), "--no-resume", *extra], cwd=cwd)


def run_cli(arguments: list[str], cwd: Path = ROOT) -> dict:
    """One ``tintrich`` command in a subprocess, measured: wall time, CPU seconds, the
    peak RSS of the process and of each child (sampled every 0.2 s), the first line
    it wrote to stderr."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", *arguments],
                               cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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


def component_seconds(nlp, texts: list[str]) -> dict[str, float]:
    """Seconds each component takes over ``texts`` in one pass (the tokenizer and the rows too)."""
    from pipeline.output.tables import span_rows

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
    return per


def measure_components(texts: list[str], passes: int = 3) -> dict:
    """ms per article of each component (the fastest of ``passes`` passes: on a shared machine the
    other passes measure the neighbours too), and of process() with and without the extractors."""
    import pipeline
    from pipeline.ingest import Article
    from pipeline.engine.core import process

    nlp = pipeline.load()
    frame = {"tintrich_segment"}
    extractors = tuple(name for name in nlp.pipe_names if name not in frame)
    bare = pipeline.load(disable=extractors)
    for text in texts[:5]:
        process(nlp, Article(source="warm", text=text))
        process(bare, Article(source="warm", text=text))
    runs = [component_seconds(nlp, texts) for _ in range(passes)]
    per = {name: min(run[name] for run in runs) for name in runs[0]}

    def process_ms(language) -> float:
        started = time.perf_counter()
        for number, text in enumerate(texts):
            process(language, Article(source=f"s{number}", text=text))
        return (time.perf_counter() - started) / len(texts) * 1000

    all_ms, bare_ms = process_ms(nlp), process_ms(bare)
    return {"sample_articles": len(texts), "process_ms_all": round(all_ms, 2), "process_ms_without_extractors": round(bare_ms, 2),
            "extractors_add_ms": round(all_ms - bare_ms, 2), "extractors_share": round((all_ms - bare_ms) / all_ms, 3),
            "per_component_ms": {name: round(seconds / len(texts) * 1000, 2) for name, seconds in per.items()},
            "entity_extractors_ms": round(sum(per[name] for name in ENTITY_EXTRACTORS) / len(texts) * 1000, 2),
            "passes": passes}


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


def old_code(ref: str, work: Path) -> Path:
    """The package as it was at git ``ref``, extracted into ``work/old`` (``git archive``)."""
    folder = work / "old"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    tar = subprocess.run(["git", "archive", ref, "pipeline", "patterns", "corpus"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=tar.stdout, check=True)
    commit = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True, check=True)
    log(f"old code: {ref} ({commit.stdout.strip()}) in {folder}")
    return folder


def byte_compiled(folder: Path) -> Path:
    """``folder``'s package with its bytecode written, as pip writes it when it installs one: a
    machine with ``PYTHONDONTWRITEBYTECODE`` set (this one) would otherwise compile every module
    from source at every start (0.15-0.2 s a command), which is no cost of the code measured."""
    import compileall

    compileall.compile_dir(str(folder / "pipeline"), quiet=1)
    return folder


def spread(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"min": round(ordered[0], 2), "median": round(ordered[len(ordered) // 2], 2), "max": round(ordered[-1], 2)}


def paired_runs(inputs: Path, work: Path, old: Path, runs: int, n: int, chars: int) -> dict:
    """-j 1 runs of the old and the new code, alternated, ``runs`` times each: seconds and
    articles/s as min/median/max, the ratio of the medians, and whether the tables agree byte for byte."""
    seconds = {"old": [], "new": []}
    peaks = {"old": [], "new": []}
    for attempt in range(runs):
        for name, code in (("old", old), ("new", ROOT)):
            log(f"-j 1 {name} code, run {attempt + 1} of {runs}")
            figures = run_pipeline(inputs, work / f"out-{name}", 1, cwd=code)
            seconds[name].append(figures["seconds"])
            peaks[name].append(figures["peak_rss_mb"]["coordinator"])
    result = {}
    for name in ("old", "new"):
        result[name] = {"seconds": spread(seconds[name]), "articles_per_s": spread([n / s for s in seconds[name]]),
                        "chars_per_s": spread([chars / s for s in seconds[name]]),
                        "ms_per_article": spread([s / n * 1000 for s in seconds[name]]),
                        "peak_rss_mb": max(peaks[name])}
    result["speedup_new_over_old"] = round(result["new"]["articles_per_s"]["median"]
                                           / result["old"]["articles_per_s"]["median"], 2)
    old_tables, new_tables = table_bytes(work / "out-old"), table_bytes(work / "out-new")
    result["tables_equal"] = old_tables == new_tables
    result["tables_that_differ"] = sorted(name for name in old_tables.keys() | new_tables.keys()
                                          if old_tables.get(name) != new_tables.get(name))
    return result


def free_cores(seconds: float = 3.0) -> float:
    """How many cores two CPU-bound processes actually get here: their CPU seconds over the
    wall time of running both at once (2.0 on an idle two-core machine)."""
    code = f"import time\nend = time.time() + {seconds}\nwhile time.time() < end: pass"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    hogs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
    for hog in hogs:
        hog.wait()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) / wall, 2)


def backtracking_set(folder: Path, count: int = 13, chars: int = 200_000) -> Path:
    """``count`` articles of ``chars`` characters each built to make patterns backtrack:
    runs of numbers with dots, capitalized syllables without end, brackets, figures
    without units, a sentence of many percents, lines of "a a a" and "a.a.a"."""
    seeds = ["1.", "Nguyễn Văn ", "(", "1.000 tỷ đồng ", "20% ", "a a ", "a.", "Ủy ban nhân dân tỉnh ",
             "số 12/QĐ-UBND ", "ngày 1/1/2020 ", "Bộ Ban Sở Hội ", "TP. ", "khoảng 1 người "]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "backtracking.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(count):
            seed = seeds[number % len(seeds)]
            handle.write(json.dumps({"text": (seed * (chars // len(seed) + 1))[:chars]}, ensure_ascii=False) + "\n")
    return path


def main() -> None:  # long: the benchmark's steps, in the order they are printed
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the archive (default 1000)")
    parser.add_argument("--old", default="HEAD~1", help="git ref of the old code to compare with (default HEAD~1)")
    parser.add_argument("--runs", type=int, default=3, help="-j 1 runs of each of old and new (default 3)")
    parser.add_argument("--scale", type=int, default=0, help="also run scale x N articles with -j 2 (memory stays flat)")
    parser.add_argument("--ner-sample", type=int, default=40, help="articles given to underthesea ner()")
    parser.add_argument("--component-sample", type=int, default=300, help="articles for the per-component timing")
    parser.add_argument("--hostile", action="store_true", help="also feed the hostile inputs (gzip bomb, 200 MB line...)")
    parser.add_argument("--components-only", action="store_true", help="only the per-component timing")
    parser.add_argument("--workdir", type=Path, default=None, help="where archives and outputs go (default: a temp dir)")
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="tintrich-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result = {"n": args.n, "cores": os.cpu_count(), "load_before": [round(x, 2) for x in os.getloadavg()]}
    try:
        if args.components_only:
            truth = archive.build(args.component_sample * 5 // 4, work / "archive")
            texts = sample_texts(work / "archive", args.component_sample, truth["copies"])
            result["components"] = measure_components(texts)
            print(json.dumps(result, ensure_ascii=False))
            return
        log(f"building an archive of {args.n} articles in {work}")
        truth = archive.build(args.n, work / "archive")
        megabytes = truth["bytes"] / 1e6
        result["archive"] = {k: truth[k] for k in ("articles", "exact_copies", "near_copies", "sentences_in_pool")}
        result["archive"].update(mb=round(megabytes, 2), chars_per_article=round(truth["chars"] / args.n))

        old = byte_compiled(old_code(args.old, work))
        byte_compiled(ROOT)
        result["old_ref"] = args.old
        result["j1"] = paired_runs(work / "archive", work, old, args.runs, args.n, truth["chars"])

        log("tintrich run -j 2 (new code), then two CPU hogs to see how many cores are free")
        result["j2"] = throughput(run_pipeline(work / "archive", work / "out-j2", 2), args.n, megabytes)
        result["free_cores"] = free_cores()
        result["speedup_j2_over_j1"] = round(result["j2"]["articles_per_s"] / result["j1"]["new"]["articles_per_s"]["median"], 2)
        result["tables_equal_j1_j2"] = table_bytes(work / "out-new") == table_bytes(work / "out-j2")
        result["dedupe"] = dedupe_scores(work / "out-j2", truth)

        log(f"underthesea ner() on {args.ner_sample} articles")
        texts = sample_texts(work / "archive", max(args.ner_sample, args.component_sample), truth["copies"])
        result["underthesea_ner"] = measure_ner(texts[:args.ner_sample], whole=min(5, args.ner_sample))
        new_chars = result["j1"]["new"]["chars_per_s"]["median"]
        result["ratio_vs_ner_j1"] = round(new_chars / result["underthesea_ner"]["chars_per_s"], 1)

        log(f"components on {args.component_sample} articles")
        result["components"] = measure_components(texts[:args.component_sample])

        log("13 articles of 200,000 characters built to make patterns backtrack, -j 1")
        figures = run_pipeline(backtracking_set(work / "backtracking"), work / "out-backtracking", 1)
        result["backtracking"] = {"seconds": figures["seconds"], "peak_rss_mb": figures["peak_rss_mb"]["coordinator"]}

        if args.scale:
            result["memory"] = measure_scale(args, work, result["j2"])
        if args.hostile:
            result["hostile"] = hostile_inputs(work / "hostile", work / "hostile-out")

        workers = result["j2"]["peak_rss_mb"]["workers"] or [result["j2"]["peak_rss_mb"]["coordinator"]]
        result["targets"] = {
            "j1_speedup_over_old>=3": result["j1"]["speedup_new_over_old"] >= TARGETS["speedup_over_old"],
            "tables_equal_old_new": result["j1"]["tables_equal"],
            "ratio_vs_ner_j1>=60": result["ratio_vs_ner_j1"] >= TARGETS["ratio_vs_ner_j1"],
            "worker_rss<=200MB": max(workers) <= TARGETS["worker_rss_mb"],
            "backtracking_rss<=600MB": result["backtracking"]["peak_rss_mb"] <= TARGETS["backtracking_rss_mb"],
            "entity_extractors<4ms": result["components"]["entity_extractors_ms"] < TARGETS["entity_extractors_ms"],
        }
    finally:
        result["load_after"] = [round(x, 2) for x in os.getloadavg()]
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))


def measure_scale(args, work: Path, small: dict) -> dict:
    """-j 2 on ``scale`` x N articles: worker memory stays flat; the report on both outputs."""
    big = args.n * args.scale
    log(f"memory: building {big} articles and running -j 2")
    big_truth = archive.build(big, work / "archive-big", seed=8)
    figures = throughput(run_pipeline(work / "archive-big", work / "out-big", 2), big, big_truth["bytes"] / 1e6)
    log(f"tintrich report on the outputs of {args.n} and {big} articles")
    report = {"n": measure_report(work / "out-j2"), "n_big": measure_report(work / "out-big")}
    shutil.rmtree(work / "out-big", ignore_errors=True)
    small_workers, big_workers = max(small["peak_rss_mb"]["workers"] or [0]), max(figures["peak_rss_mb"]["workers"] or [0])
    return {"n": args.n, "n_big": big, "j2_big_articles_per_s": figures["articles_per_s"], "report": report,
            "peak_worker_rss_mb": {"n": small_workers, "n_big": big_workers},
            "worker_growth_mb": round(big_workers - small_workers, 1)}


if __name__ == "__main__":
    main()
