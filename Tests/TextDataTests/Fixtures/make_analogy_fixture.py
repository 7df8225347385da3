"""gensim 4.4.0's evaluate_word_analogies on GloVe 6B 50d, the expected counts for Strand's
evaluation (dev-only; needs gensim and the fetched data: scripts/fetch-data):

    python3 Tests/TextDataTests/Fixtures/make_analogy_fixture.py [--sample-only]

questions-words.txt ships with gensim (gensim/test/test_data); defaults: restrict_vocab 300,000,
case-insensitive. Writes:
- analogy_sample_vectors.txt / analogy_sample_questions.txt / analogy_sample.json: the 800 most
  frequent GloVe words, the questions whose four words are all among them (with their section
  lines), and gensim's counts on them — small enough to commit and to test in debug builds;
- glove50_analogies.json: each section's counts on the whole of GloVe 6B 50d, checked by the
  release benchmark (`WordVectorBenchmarks --analogies`), and gensim's time.
"""
import json, sys, time
from pathlib import Path

from gensim.models import KeyedVectors
from gensim.test.utils import datapath

here = Path(__file__).parent
root = here.parents[2]
def counts(sections):
    return [{"section": s["section"], "correct": len(s["correct"]), "incorrect": len(s["incorrect"])} for s in sections]

lines = (root / "data/glove/glove.6B.50d.txt").read_text(encoding="utf-8").splitlines()[:800]
(here / "analogy_sample_vectors.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
known = {line.split(" ", 1)[0].upper() for line in lines}
kept = [line for line in Path(datapath("questions-words.txt")).read_text().splitlines()
        if line.startswith(": ") or all(word.upper() in known for word in line.split())]
(here / "analogy_sample_questions.txt").write_text("\n".join(kept) + "\n")
sample = KeyedVectors.load_word2vec_format(str(here / "analogy_sample_vectors.txt"), binary=False, no_header=True)
score, sections = sample.evaluate_word_analogies(str(here / "analogy_sample_questions.txt"))
(here / "analogy_sample.json").write_text(json.dumps({"score": score, "sections": counts(sections)}, indent=1) + "\n")
if "--sample-only" in sys.argv:
    sys.exit()

vectors = KeyedVectors.load_word2vec_format(str(root / "data/glove/glove.6B.50d.txt"), binary=False, no_header=True)
start = time.perf_counter()
score, sections = vectors.evaluate_word_analogies(datapath("questions-words.txt"))
seconds = time.perf_counter() - start
result = {"score": score, "seconds": round(seconds, 1), "sections": counts(sections)}
(here / "glove50_analogies.json").write_text(json.dumps(result, indent=1) + "\n")
print("written; gensim took", round(seconds, 1), "s")
