"""gensim 4.4 anchor for Benchmarks/WordVectorBenchmarks (dev-only; needs gensim):

    python3 Benchmarks/Scripts/gensim_word2vec.py --load GLOVE.txt
    python3 Benchmarks/Scripts/gensim_word2vec.py CSV [--workers N] [--only skipgram|cbow|fasttext_skipgram|fasttext_cbow] [--epochs 1] [--seed 1]
                                                      [--evaluate data/word-vectors]

The same preprocessing as the Swift side (lower-case, "<br />" -> " ", tokens = runs of [a-z0-9]),
vector 100, window 5, min count 3, negative 20 (skip-gram) / 5 (CBOW); FastText with gensim's default
n-grams (3-6 characters, 2,000,000 buckets). Prints one JSON line per model: seconds for vocabulary and
training together, corpus words per second, and gensim's summed loss (word2vec only); with
--evaluate FOLDER also the analogy accuracy (questions-words.txt) and WordSim-353 Spearman. With
--load: the seconds gensim takes to read a GloVe text file (load_word2vec_format, no_header=True) and
the process's peak memory after reading it.
"""
import argparse, csv, json, re, resource, sys, time
from gensim.models import FastText, Word2Vec

if sys.argv[1] == "--load":
    from gensim.models import KeyedVectors
    start = time.perf_counter()
    vectors = KeyedVectors.load_word2vec_format(sys.argv[2], binary=False, no_header=True)
    seconds = time.perf_counter() - start
    print(json.dumps(dict(step="load", words=len(vectors), dimension=vectors.vector_size, seconds=round(seconds, 2),
                          peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)))
    sys.exit(0)
parser = argparse.ArgumentParser()
parser.add_argument("csv"); parser.add_argument("--workers", type=int, default=1)
parser.add_argument("--only"); parser.add_argument("--epochs", type=int, default=1)
parser.add_argument("--seed", type=int, default=1); parser.add_argument("--evaluate")
args = parser.parse_args()
csv.field_size_limit(1 << 30)
docs = [re.findall(r"[a-z0-9]+", row["text"].lower().replace("<br />", " ")) for row in csv.DictReader(open(args.csv, encoding="utf-8"))]
n = sum(map(len, docs))
print(json.dumps(dict(step="corpus", documents=len(docs), tokens=n)), flush=True)
for name, sg, negative, model_class in (("word2vec_skipgram", 1, 20, Word2Vec), ("word2vec_cbow", 0, 5, Word2Vec),
                                       ("fasttext_skipgram", 1, 20, FastText), ("fasttext_cbow", 0, 5, FastText)):
    if args.only and args.only not in (name, name.removeprefix("word2vec_")):
        continue
    start = time.perf_counter()
    loss_setting = dict(compute_loss=True) if model_class is Word2Vec else {}
    model = model_class(sentences=docs, vector_size=100, window=5, min_count=3, sg=sg, negative=negative, epochs=args.epochs,
                        workers=args.workers, seed=args.seed, **loss_setting)
    seconds = time.perf_counter() - start
    quality = {}
    if args.evaluate:
        score, sections = model.wv.evaluate_word_analogies(f"{args.evaluate}/questions-words.txt")
        answered = len(sections[-1]["correct"]) + len(sections[-1]["incorrect"])
        _, spearman, _ = model.wv.evaluate_word_pairs(f"{args.evaluate}/wordsim353.tsv")
        quality = dict(analogy_accuracy=score, analogies_answered=answered, wordsim_spearman=float(spearman[0]))
    print(json.dumps(dict(step=name, seed=args.seed, negative=negative, workers=args.workers, vocabulary=len(model.wv), seconds=round(seconds, 2),
                          corpus_words_per_s=round(n * args.epochs / seconds), loss=round(model.get_latest_training_loss()), **quality)), flush=True)
