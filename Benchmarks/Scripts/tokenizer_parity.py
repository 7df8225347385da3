"""Compares Strand's `FastaiTokenizer` with fastai + spaCy row by row (dev-only).

    python Benchmarks/Scripts/fastai_tokens.py CSV /tmp/fastai.jsonl          # fastai's tokens
    .build/release/TextDataBenchmarks CSV --write-tokens /tmp/strand.jsonl    # Strand's tokens
    python Benchmarks/Scripts/tokenizer_parity.py CSV /tmp/fastai.jsonl /tmp/strand.jsonl [/tmp/vocabulary.json]

Prints the share of rows whose tokens are identical, the share of identical tokens (difflib
matching blocks), and the differing rows grouped by the class of their first difference, with an
example of each. Given Strand's IMDB vocabulary (`TextDataBenchmarks --write-vocabulary`), also
compares it with fastai's `make_vocab` on fastai's tokens of the IMDB rows.
"""
import collections
import difflib
import json
import sys

import pandas as pd


def first_difference(reference, strand):
    """The first differing stretch: (position, fastai tokens, Strand tokens), a few tokens each."""
    matcher = difflib.SequenceMatcher(a=reference, b=strand, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            return i1, reference[max(0, i1 - 2):i2 + 2], strand[max(0, j1 - 2):j2 + 2], reference[i1:i2], strand[j1:j2]
    return None


def classify(fastai_part, strand_part):
    """A name for the kind of difference, from the tokens that differ."""
    text = "".join(fastai_part + strand_part)
    if any(t.strip() == "" for t in fastai_part + strand_part):
        return "whitespace tokens"
    if "xxmaj" in text or "xxup" in text:
        return "case markers"
    if "xxrep" in text or "xxwrep" in text:
        return "repetition markers"
    if "&" in text or ";" in text:
        return "HTML entities"
    if any(ord(c) > 0x7F for c in text):
        return "non-ASCII characters"
    if "-" in text or "—" in text:
        return "hyphens"
    if "." in text:
        return "dots (abbreviations, URLs, infixes)"
    if "'" in text:
        return "apostrophes"
    return "other"


def compare_vocabularies(frame, reference, vocabulary_path):
    from fastai.text.all import make_vocab
    imdb = [tokens for tokens, source in zip(reference, frame["source"]) if source == "imdb"]
    fastai_vocabulary = make_vocab(collections.Counter(token for tokens in imdb for token in tokens))
    strand_vocabulary = json.load(open(vocabulary_path))["tokens"]
    same = sum(a == b for a, b in zip(fastai_vocabulary, strand_vocabulary))
    print(f"IMDB vocabulary: fastai {len(fastai_vocabulary)}, Strand {len(strand_vocabulary)}, "
          f"same token at the same id: {same}, identical: {fastai_vocabulary == strand_vocabulary}")


def main(csv_path, fastai_path, strand_path, vocabulary_path=None):
    frame = pd.read_csv(csv_path)
    texts = frame["text"].astype(str).tolist()
    reference = [json.loads(line) for line in open(fastai_path)]
    strand = [json.loads(line) for line in open(strand_path)]
    assert len(reference) == len(strand) == len(texts), (len(reference), len(strand), len(texts))
    identical, matched, total = 0, 0, 0
    classes = collections.defaultdict(list)
    for row, (a, b) in enumerate(zip(reference, strand)):
        total += max(len(a), len(b))
        if a == b:
            identical += 1
            matched += len(a)
            continue
        matched += sum(block.size for block in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks())
        position, context_a, context_b, part_a, part_b = first_difference(a, b)
        classes[classify(part_a, part_b)].append((row, position, context_a, context_b))
    print(f"rows identical: {identical} / {len(texts)} = {identical / len(texts):.4%}")
    print(f"tokens agreeing: {matched / total:.4%}")
    for name, rows in sorted(classes.items(), key=lambda item: -len(item[1])):
        row, position, context_a, context_b = rows[0]
        print(f"{len(rows):6d}  {name}: e.g. row {row} token {position}: fastai {context_a!r} / Strand {context_b!r}")
    if vocabulary_path:
        compare_vocabularies(frame, reference, vocabulary_path)


if __name__ == "__main__":
    main(*sys.argv[1:5])
