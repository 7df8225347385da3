"""gensim 4.4.0 reference for Strand's FastText (dev-only; needs gensim, pandas):
    python3 Tests/TextDataTests/Fixtures/make_fasttext_fixture.py [data/word-vectors/lee_fasttext.bin]

Writes fasttext.json and tiny_fasttext.bin:
- "ngrams": gensim's character n-grams, their FNV-1a hashes and buckets for words with non-ASCII
  letters, and for edge lengths.
- "training": gensim's deterministic runs — hierarchical softmax only, no downsampling, no window
  shrinking, one worker, one job, one epoch — of word2vec and FastText, skip-gram and CBOW, from
  initial weights given by a formula both sides compute (row r, column k:
  ((31r + 17k) mod 23 / 22 − 0.5) / dimension, n-gram rows numbered from 1000, inner nodes from
  2000), with the first rows of the trained weights. The inner nodes start from the formula, not
  from gensim's zeros: from zeros, many early scores are within rounding of 0, exactly where two
  entries of the sigmoid table meet, and the order of the sums in a dot product then decides the entry.
  FastText uses 1,000 buckets: with a few dozen, every word shares rows with most others, the run
  becomes chaotic, and those rounding-decided entries grow into differences of 10⁻⁴.
- "facebook": what `load_facebook_vectors` gives for tiny_fasttext.bin (a gensim FastText saved
  with `save_facebook_model`) and, when its path is given, gensim's own test file lee_fasttext.bin.
"""
import json, re, sys
from pathlib import Path

import numpy as np
import pandas as pd
from gensim.models import FastText, Word2Vec
from gensim.models.fasttext import ft_ngram_hashes, load_facebook_vectors, save_facebook_model
from gensim.models.fasttext_inner import compute_ngrams_bytes, ft_hash_bytes

here = Path(__file__).parent
root = here.parents[2]
texts = pd.read_csv(root / "Examples/Data/movie_reviews_sample.csv")["text"].tolist()[:20]
sentences = [re.findall(r"[a-z0-9']+", text.lower()) for text in texts]
ROWS = 12

words = ["cat", "café", "naïve", "日本語", "Zürich", "👍🏽", "a", "", "internationalization"]
ngrams = [{"word": w, "minN": lo, "maxN": hi,
           "ngrams": [n.decode("utf-8") for n in compute_ngrams_bytes(w, lo, hi)],
           "hashes": [int(ft_hash_bytes(n)) for n in compute_ngrams_bytes(w, lo, hi)],
           "buckets": [int(b) for b in ft_ngram_hashes(w, lo, hi, 2_000_000)]}
          for w in words for (lo, hi) in [(3, 6), (1, 2)]]

def formula(rows, dimension, offset=0):
    r = np.arange(rows)[:, None] + offset
    k = np.arange(dimension)[None, :]
    return ((((31 * r + 17 * k) % 23) / 22.0 - 0.5) / dimension).astype(np.float32)

def rows(matrix):
    return [[float(x) for x in row] for row in matrix[:ROWS]]

def train(fasttext, sg, cbow_mean=1):
    corpus = sentences
    settings = dict(vector_size=8, window=3, min_count=3, sample=0, negative=0, hs=1, shrink_windows=False,
                    epochs=1, workers=1, seed=1, sg=sg, cbow_mean=cbow_mean)
    model = FastText(min_n=3, max_n=4, bucket=1000, **settings) if fasttext else Word2Vec(**settings)
    model.build_vocab(corpus)
    assert sum(map(len, corpus)) <= model.batch_words, "the corpus must fit one job"
    wv = model.wv
    model.syn1[:] = formula(len(wv), 8, offset=2000)  # gensim keeps one row more than the tree has inner nodes
    if fasttext:
        wv.vectors_vocab[:] = formula(len(wv), 8)
        wv.vectors_ngrams[:] = formula(1000, 8, offset=1000)
    else:
        wv.vectors[:] = formula(len(wv), 8)
    model.train(corpus, total_examples=len(corpus), epochs=1)
    result = {"fasttext": fasttext, "skipGram": bool(sg), "cbowMean": bool(cbow_mean), "words": wv.index_to_key,
              "vectors": rows(wv.vectors), "syn1": rows(model.syn1)}
    if fasttext:
        result.update(vocabularyVectors=rows(wv.vectors_vocab), ngramVectors=rows(wv.vectors_ngrams))
    return result

def facebook(path, probes):
    wv = load_facebook_vectors(str(path))
    return {"file": path.name, "words": len(wv), "firstWords": wv.index_to_key[:ROWS], "dimension": wv.vector_size,
            "minN": wv.min_n, "maxN": wv.max_n, "buckets": wv.bucket,
            "probes": [{"word": w, "inVocabulary": w in wv.key_to_index, "vector": [float(x) for x in wv[w]]} for w in probes]}

training = [train(False, 1), train(False, 0), train(True, 1), train(True, 0), train(True, 0, cbow_mean=0)]

tiny = FastText(sentences, vector_size=8, min_count=3, bucket=100, min_n=3, max_n=5, epochs=2, workers=1, seed=3, sg=1)
save_facebook_model(tiny, str(here / "tiny_fasttext.bin"))
probes = ["the", "movie", "film", "moive", "naïveté", "x"]
fixtures = [facebook(here / "tiny_fasttext.bin", probes)]
if len(sys.argv) > 1:
    fixtures.append(facebook(Path(sys.argv[1]), ["the", "night", "nightt", "Lenovo", "zürich", "The"]))

(here / "fasttext.json").write_text(json.dumps({"ngrams": ngrams, "sentences": sentences, "training": training,
                                                "facebook": fixtures}) + "\n")
print("written", len(training), "runs,", len(fixtures), "fastText files")
