"""Make patterns/counted_nouns.lexicon.txt: the Vietnamese nouns that can follow a number.

Run once, offline, when underthesea changes (the pipeline never imports underthesea):

    .venv/bin/python scripts/make_counted_nouns.py

How the list is made, from what underthesea ships inside its wheel (no download):

1. The words: the two word lists of the wheel, ``corpus/data/Viet74K.txt`` (73,901
   entries) and the word segmenter's dictionary ``pipeline/word_tokenize/models/
   ws_crf_vlsp2013_*/dictionary.bin`` (72,547 entries), lower-case entries of one to
   four syllables.
2. Their part of speech where a count would put them: each word is tagged by
   underthesea's CRF part-of-speech model (``pos_crf_vlsp2013_*``, VLSP 2013 tagset)
   inside the sentence "Tỉnh có 12 <word> được hỗ trợ ." and its tag at the word's
   place is kept. The model reads the word itself and its neighbours, so a verb or an
   adjective it learnt stays a verb ("12 hỗ trợ" -> V) while a noun is a noun.
   The tag is only evidence for a word the model saw in training (its CRFsuite file,
   ``models.bin``, keeps a ``T[0].lower=<word>`` attribute for each: 9,780 words); an
   unseen word is tagged by its neighbours alone, and after "12" nearly everything would
   come out a noun.
3. Kept: the words the model knows and tags as common nouns (N), classifiers (Nc),
   abbreviations (Ny) or borrowed nouns (Nb); and the dictionary compounds it does not
   know, tagged N, whose first syllable is such a noun ("bệnh nhi" on "bệnh", "trận địa"
   on "trận", "đường bay" on "đường"). An unknown word of one syllable is left out: the
   tag says nothing of it ("đột" of "đột phá", "sạt" of "sạt lở" come out N). Unit nouns (Nu: "kg", "lít", "phút") go to the
   second section as measures, never counts. The third section lists the words of several
   syllables the model knows and does not tag as nouns, that open like a noun ("thất bại",
   "sạt lở"): after a number they are no counted noun ("4 thất bại" counts no "thất"). Words of underthesea's stop-word list
   (``datasets/stopwords/stopwords.txt``: "khoảng", "sau", "trên") are dropped.
4. The fourth section lists every word of two to four syllables the tagger saw in training, whatever
   its tag ("xếp hạng", "đầu tiên", "làm thuê", "trẻ em"): words of real text, where the dictionaries
   also hold rare compounds ("đội xếp", a French-era policeman; "câu đầu"; "hợp tử"). A counted noun
   the tagger never saw gives its last syllable to such a word after it ("4/6 đội xếp hạng ba"
   counts "đội"; "7 bệnh nhân tử vong" keeps "bệnh nhân", seen; see pipeline/facts/counts.py).

Tagging the 80,000 words takes about ten seconds; the file is sorted, so a new
underthesea shows as a plain diff.
"""
from __future__ import annotations

import pickle
import re
from pathlib import Path

import underthesea
from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

HERE = Path(underthesea.__file__).parent
OUT = Path(__file__).resolve().parents[1] / "patterns" / "counted_nouns.lexicon.txt"
CONTEXT = ("Tỉnh", "có", "12", None, "được", "hỗ trợ", ".")
NOUNS, MEASURES = {"N", "Nc", "Ny", "Nb"}, {"Nu"}
SYLLABLE = re.compile(r"[^\W\d_]+")


def words() -> set[str]:
    found = set()
    for line in (HERE / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8").splitlines():
        found.add(line.strip())
    for model in sorted((HERE / "pipeline" / "word_tokenize" / "models").glob("ws_crf_vlsp2013_*")):
        with open(model / "dictionary.bin", "rb") as handle:
            found |= set(pickle.load(handle))
    return {w for w in found if w and w == w.lower() and 1 <= len(w.split()) <= 4 and not any(c.isdigit() for c in w)}


def known_words(model_dir: Path) -> set[str]:
    """The words the tagger saw in training: the ``T[0].lower=<word>`` attributes of its CRFsuite model."""
    data = (model_dir / "models.bin").read_bytes()
    found = set()
    for m in re.finditer(rb"T\[0\]\.lower=([^\x00]*)\x00", data):
        try:
            found.add(m.group(1).decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return found


def tagger(model_dir: Path) -> FastCRFSequenceTagger:
    model = FastCRFSequenceTagger()
    model.load(str(model_dir))
    return model


def main() -> None:
    model_dir = sorted((HERE / "pipeline" / "pos_tag" / "models").glob("pos_crf_vlsp2013_*"))[-1]
    model = tagger(model_dir)
    known = known_words(model_dir)
    stop = set((HERE / "datasets" / "stopwords" / "stopwords.txt").read_text(encoding="utf-8").split("\n"))

    def tag(word: str) -> str:
        tokens = [word if t is None else t for t in CONTEXT]
        return model.predict([[t] for t in tokens])[CONTEXT.index(None)][2:]

    vocabulary = words()
    tags = {w: tag(w) for w in sorted(vocabulary | {w for w in known if w == w.lower()}) if w not in stop}
    seen = {w for w in tags if w in known and tags[w] in NOUNS}
    built = {w for w, t in tags.items() if w not in known and t in NOUNS
             and len(w.split()) > 1 and w.split()[0] in seen}
    measures = sorted(w for w, t in tags.items() if t in MEASURES and w in known)
    nouns = sorted(seen | built)
    heads = {w.split()[0] for w in nouns}
    # dictionary words of several syllables that are not nouns but open with a noun's syllable:
    # "4 thất bại" counts no "thất", "3 người dùng" (tagged N) stays
    others = sorted(w for w in vocabulary if len(w.split()) > 1 and w.split()[0] in heads
                    and w not in nouns and w in known and tags.get(w) not in NOUNS | MEASURES)
    seen_words = sorted(w for w in known if 2 <= len(w.split()) <= 4 and all(SYLLABLE.fullmatch(s) for s in w.split()))
    head = __doc__.split("\n\n", 2)[2].replace('"""', "").strip()
    lines = ["# Nouns that can follow a number (made by scripts/make_counted_nouns.py; do not edit by hand:",
             "# add words to counted_nouns.txt, exclusions to counts.yaml).", "#"]
    lines += ["# " + line if line else "#" for line in head.splitlines()]
    lines += ["#", f"# underthesea {underthesea.__version__}: {len(seen)} nouns the tagger knows, {len(built)} "
              f"dictionary compounds on their heads, {len(measures)} measures.", "[nouns]", *nouns, "[measures]", *measures,
              "[not nouns]", *others, "[seen words]", *seen_words]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(seen)} + {len(built)} nouns, {len(measures)} measures")


if __name__ == "__main__":
    main()
