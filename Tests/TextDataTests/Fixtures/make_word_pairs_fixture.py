"""gensim 4.4.0's evaluate_word_pairs on the committed GloVe sample (dev-only; needs gensim):

    python3 Tests/TextDataTests/Fixtures/make_word_pairs_fixture.py

word_pairs_sample.tsv: the WordSim-353 lines (gensim/test/test_data/wordsim353.tsv) with at least
one word among the sample's 800 words, with the file's comment header — so some pairs are out of
vocabulary. word_pairs.json: gensim's Pearson and Spearman coefficients and OOV ratio on it.
"""
import json
from pathlib import Path

from gensim.models import KeyedVectors
from gensim.test.utils import datapath

here = Path(__file__).parent
vectors = KeyedVectors.load_word2vec_format(str(here / "analogy_sample_vectors.txt"), binary=False, no_header=True)
known = {word.upper() for word in vectors.index_to_key}
lines = Path(datapath("wordsim353.tsv")).read_text(encoding="utf-8").splitlines()
kept = [line for line in lines if line.startswith("#") or any(word.upper() in known for word in line.split("\t")[:2])]
(here / "word_pairs_sample.tsv").write_text("\n".join(kept) + "\n", encoding="utf-8")
pearson, spearman, oov = vectors.evaluate_word_pairs(str(here / "word_pairs_sample.tsv"))
result = {"pearson": float(pearson[0]), "spearman": float(spearman[0]), "oov_ratio": float(oov), "lines": len(kept)}
(here / "word_pairs.json").write_text(json.dumps(result, indent=1) + "\n")
print(result)
