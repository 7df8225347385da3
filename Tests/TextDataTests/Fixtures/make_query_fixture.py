"""gensim 4.4.0's KeyedVectors queries on the committed GloVe sample (the 800 most frequent words of
GloVe 6B 50d, written by make_analogy_fixture.py), the expected answers for Strand's queries
(dev-only; needs gensim):

    python3 Tests/TextDataTests/Fixtures/make_query_fixture.py
"""
import json
from pathlib import Path

from gensim.models import KeyedVectors

here = Path(__file__).parent
vectors = KeyedVectors.load_word2vec_format(str(here / "analogy_sample_vectors.txt"), binary=False, no_header=True)
pairs = lambda result: [[word, float(score)] for word, score in result]
fixture = {
    "most_similar": pairs(vectors.most_similar(positive=["london", "germany"], negative=["england"], topn=5)),
    "most_similar_cosmul": pairs(vectors.most_similar_cosmul(positive=["london", "germany"], negative=["england"], topn=5)),
    "similar_by_vector": pairs(vectors.similar_by_vector(vectors["france"], topn=5)),
    "similarity": float(vectors.similarity("man", "woman")),
    "doesnt_match": vectors.doesnt_match(["monday", "tuesday", "friday", "music"]),
    "rank": int(vectors.rank("france", "europe")),
}
(here / "word_vector_queries.json").write_text(json.dumps(fixture, indent=1) + "\n")
print(json.dumps(fixture))
