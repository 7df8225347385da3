"""gensim 4.4.0 reference for Strand's word2vec vocabulary (dev-only; needs gensim, pandas):
    python3 Tests/TextDataTests/Fixtures/make_word2vec_fixture.py

Corpus: the first 80 reviews of Examples/Data/movie_reviews_sample.csv, lower-cased and split into
runs of ASCII letters, digits and apostrophes. For three settings it records gensim's vocabulary
order, counts, downsampling thresholds (`sample_int`) and negative-sampling table (`cum_table`), and for
the first the Huffman codes and points of hierarchical softmax.
"""
import json, re
from pathlib import Path

import pandas as pd
from gensim.models import Word2Vec

here = Path(__file__).parent
root = here.parents[2]
texts = pd.read_csv(root / "Examples/Data/movie_reviews_sample.csv")["text"].tolist()[:80]
sentences = [re.findall(r"[a-z0-9']+", text.lower()) for text in texts]

def vocabulary(hs=0, **settings):
    model = Word2Vec(vector_size=10, workers=1, seed=1, hs=hs, **settings)
    model.build_vocab(sentences)
    wv = model.wv
    result = {"settings": settings, "words": wv.index_to_key,
              "counts": [int(wv.get_vecattr(w, "count")) for w in wv.index_to_key],
              "sample_int": [int(wv.get_vecattr(w, "sample_int")) for w in wv.index_to_key],
              "cum_table": [int(v) for v in model.cum_table]}
    if hs:
        result["codes"] = [[int(b) for b in wv.get_vecattr(w, "code")] for w in wv.index_to_key]
        result["points"] = [[int(p) for p in wv.get_vecattr(w, "point")] for w in wv.index_to_key]
    return result

fixture = {"sentences": sentences, "vocabularies": [
    vocabulary(hs=1, min_count=2, sample=1e-3),
    vocabulary(min_count=1, sample=0.01, max_final_vocab=300, ns_exponent=0.5),
    vocabulary(min_count=3, sample=5),
]}
(here / "word2vec_vocabulary.json").write_text(json.dumps(fixture) + "\n")
print("written", sum(map(len, sentences)), "tokens")
