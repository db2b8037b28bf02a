"""A synthetic scraped archive for the benchmark, made of real sentences from ``corpus/``.

Every article recombines 10-24 real sentences of the seed articles (segmented by
the pipeline's own normalizer and segmenter), in a random order, in paragraphs
of 1-4 sentences, with some of their figures changed (a sentence's numbers get
other values of the same number of digits) and, for some, the page chrome the
seeds came with ("Đăng nhập", "Zalo", "Lượt xem: 10894"). No two articles are
identical. A known share are copies of an earlier article:

* exact copies (``EXACT_SHARE``): the same text, scraped again under another URL;
* near copies (``NEAR_SHARE``): the same story syndicated with trivial changes -
  a source line on top ("(Báo Thái Nguyên)"), a byline at the bottom, one
  sentence's punctuation changed, a word's case changed.

Written as JSONL shards (``shard-00000.jsonl``, 1000 articles each) with
url, title, published and text, like a scraper's output. The truth (which
article copies which) is returned for scoring the deduplication.

    python benchmarks/archive.py --n 1000 --out /tmp/archive
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXACT_SHARE = 0.05
NEAR_SHARE = 0.05
SHARD = 1000
SOURCES = ["Báo Thái Nguyên", "Báo Quảng Ngãi", "Cổng TTĐT tỉnh Sơn La", "Báo Trà Vinh", "VUFO"]
NUMBER = re.compile(r"\d+")


def sentence_pool(corpus: Path = ROOT / "corpus") -> tuple[list[str], list[str]]:
    """(real sentences of the seed articles, the chrome lines their pages had)."""
    from pipeline.text.normalize import normalize
    from pipeline.text.segment import sentence_starts

    sentences, chrome = [], []
    for path in sorted(corpus.glob("*.txt")):
        cleaned = normalize(path.read_text(encoding="utf-8"))
        chrome.extend(line for _, line in cleaned.dropped)
        starts = sentence_starts(cleaned.text) + [len(cleaned.text)]
        for start, end in zip(starts, starts[1:]):
            sentence = cleaned.text[start:end].strip()
            if len(sentence.split()) >= 5 and sentence not in sentences:
                sentences.append(sentence)
    return sentences, sorted(set(chrome))


def _new_figures(sentence: str, rng: random.Random) -> str:
    def other(match: re.Match) -> str:
        digits = len(match.group())
        low = 10 ** (digits - 1) if digits > 1 else 0
        return str(rng.randint(low, 10 ** digits - 1))

    return NUMBER.sub(other, sentence)


def compose(rng: random.Random, sentences: list[str], chrome: list[str]) -> str:
    """One new article: 10-24 sentences in paragraphs, some figures changed, maybe some chrome."""
    chosen = rng.sample(sentences, rng.randint(10, min(24, len(sentences))))
    chosen = [_new_figures(s, rng) if rng.random() < 0.5 else s for s in chosen]
    paragraphs, at = [], 0
    while at < len(chosen):
        size = rng.randint(1, 4)
        paragraphs.append(" ".join(chosen[at:at + size]))
        at += size
    head = rng.sample(chrome, rng.randint(0, min(3, len(chrome)))) if chrome and rng.random() < 0.5 else []
    return "\n\n".join(head + paragraphs)


def syndicate(text: str, rng: random.Random) -> str:
    """A near copy: source line on top, byline at the bottom, one punctuation and one case change."""
    paragraphs = text.split("\n\n")
    source = rng.choice(SOURCES)
    paragraphs.insert(0, f"({source})")
    target = rng.randrange(1, len(paragraphs))
    paragraphs[target] = paragraphs[target].replace(", ", "; ", 1)
    words = paragraphs[-1].split(" ")
    position = rng.randrange(len(words))
    words[position] = words[position].upper() if words[position].islower() else words[position].lower()
    paragraphs[-1] = " ".join(words)
    paragraphs.append(f"Theo {source}")
    return "\n\n".join(paragraphs)


def build(n: int, out: Path, seed: int = 7, exact_share: float = EXACT_SHARE, near_share: float = NEAR_SHARE,
          shard_size: int = SHARD) -> dict:
    """Write ``n`` articles as JSONL shards into ``out``; returns sizes and the copies' truth.

    ``copies`` maps the number of every copy to the number of the article it copies
    (its first appearance); numbers are positions in input order.
    """
    out.mkdir(parents=True, exist_ok=True)
    sentences, chrome = sentence_pool()
    rng = random.Random(seed)
    texts, seen, copies, exact, near = [], set(), {}, 0, 0
    shard, handle, size = -1, None, 0
    for number in range(n):
        roll = rng.random()
        if texts and roll < exact_share:
            original = rng.randrange(len(texts))
            text, kind = texts[original][0], "exact"
        elif texts and roll < exact_share + near_share:
            original = rng.randrange(len(texts))
            text, kind = syndicate(texts[original][0], rng), "near"
        else:
            text = compose(rng, sentences, chrome)
            while text in seen:
                text = compose(rng, sentences, chrome)
            original, kind = None, "new"
        seen.add(text)
        if original is not None:
            first = texts[original][1]
            copies[number] = first
            exact += kind == "exact"
            near += kind == "near"
        texts.append((text, copies.get(number, number)))
        if number // shard_size != shard:
            if handle:
                handle.close()
            shard = number // shard_size
            handle = open(out / f"shard-{shard:05d}.jsonl", "w", encoding="utf-8")
        title = text.split("\n\n")[0][:120]
        line = json.dumps({"url": f"https://example.vn/tin/{number}", "title": title,
                           "published": f"2023-{1 + number % 12:02d}-{1 + number % 28:02d}", "text": text},
                          ensure_ascii=False) + "\n"
        size += len(line.encode("utf-8"))
        handle.write(line)
    if handle:
        handle.close()
    chars = sum(len(text) for text, _ in texts)
    return {"articles": n, "bytes": size, "chars": chars, "exact_copies": exact, "near_copies": near,
            "copies": copies, "sentences_in_pool": len(sentences)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    info = build(args.n, args.out, args.seed)
    info.pop("copies")
    print(json.dumps(info))


if __name__ == "__main__":
    main()
