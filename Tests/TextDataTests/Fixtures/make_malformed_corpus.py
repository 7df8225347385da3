"""Malformed and adversarial inputs for TextData's loaders, with the exact error each must throw
(dev-only; standard library only):
    python3 Tests/TextDataTests/Fixtures/make_malformed_corpus.py

Writes Malformed/<case> (a file, or a folder for aclImdb trees) and malformed_cases.json:
[{"case", "loader", "expected"}], where "expected" is the thrown error's description with the
case's path written as {path}. The loaders: csv (TextDataset.csv), glove (WordVectors.readText),
word2vecText (readText with hasHeader true), word2vecBinary, fastText (readFacebookFastText),
vocabulary, labelEncoder, aclImdb. Every defect class of issue 20 that a file can carry is here,
the examples the issue names among them.
"""
import json, math, shutil, struct
from pathlib import Path

here = Path(__file__).parent
corpus = here / "Malformed"
shutil.rmtree(corpus, ignore_errors=True)
corpus.mkdir()
cases = []


def case(name, loader, contents, expected):
    """A file case: `contents` as bytes (str is UTF-8 encoded)."""
    (corpus / name).write_bytes(contents.encode() if isinstance(contents, str) else contents)
    cases.append({"case": name, "loader": loader, "expected": expected})


def tree(name, files, expected):
    """An aclImdb folder case: {relative path: bytes}."""
    for relative, contents in files.items():
        path = corpus / name / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(contents)
    cases.append({"case": name, "loader": "aclImdb", "expected": expected})


def floats(*values):
    return struct.pack(f"<{len(values)}f", *values)


# CSV (class 3: silent reinterpretation; class 5: message size).
case("duplicate_column.csv", "csv", "text,label,text\ngreat,pos,other\n",
     '{path}: the header names the column "text" more than once')
case("huge_header.csv", "csv", "x" * 20_000 + ",label\n",
     '{path}: no column "text" (columns: "' + "x" * 60 + '"…(19940 more characters), "label")')
case("many_columns.csv", "csv", ",".join(f"c{i}" for i in range(5000)) + "\n",
     '{path}: no column "text" (columns: ' + ", ".join(f'"c{i}"' for i in range(10)) + " and 4990 more)")
case("invalid_utf8.csv", "csv", b"text,label\ngood \xff movie,pos\n", "{path}:2: malformed CSV: field 1 is not valid UTF-8")
case("unterminated_quote.csv", "csv", 'text,label\n"great,pos\n', "{path}:2: malformed CSV: a quoted field is not closed before the end of the file")
case("short_row.csv", "csv", "text,label\ngreat\n", "{path}:2: malformed CSV: 1 fields where the header has 2")
case("stray_quote.csv", "csv", 'text,label\ngr"eat,pos\n', "{path}:2: malformed CSV: a quote inside unquoted field 1")
case("empty.csv", "csv", "", '{path}: no column "text" (columns: )')

# GloVe / word2vec text (class 1: untrusted numbers; class 3; class 4: non-finite values).
case("header_huge_dimension.txt", "word2vecText", "3 1e30\n", '{path}:1: malformed word2vec text: the header "count dimension" needs a count ≥ 0 and a dimension ≥ 1, found 3 and 1e+30')
case("header_infinite_dimension.txt", "word2vecText", "3 inf\n", '{path}:1: malformed word2vec text: the header "count dimension" needs a count ≥ 0 and a dimension ≥ 1, found 3 and inf')
case("header_negative_dimension.txt", "word2vecText", "0 -5\n", '{path}:1: malformed word2vec text: the header "count dimension" needs a count ≥ 0 and a dimension ≥ 1, found 0 and -5.0')
case("header_count_mismatch.txt", "word2vecText", "3 2\na 1 2\nb 3 4\n", "{path}: the header declares 3 words but 2 follow")
case("tab_after_word.txt", "glove", "the\t0.1 0.2\nof 0.3 0.4\n", '{path}:1: malformed word vectors: the word "the\\t0.1" contains the control character U+0009')
case("invalid_utf8_word.txt", "glove", b"caf\xe9 0.1 0.2\n", "{path}:1: malformed word vectors: the word's bytes are not valid UTF-8")
case("nan_value.txt", "glove", "the 0.1 0.2\nof nan 0.4\n", "{path}:2: malformed word vectors: value 1 is nan, not a finite number")
case("overflowing_value.txt", "glove", "the 0.1 1e50\n", "{path}:1: malformed word vectors: value 2 is inf, not a finite number")
case("ragged_rows.txt", "glove", "the 0.1 0.2\nof 0.3\n", "{path}:2: malformed word vectors: 1 values where the vectors have 2")
case("not_a_number.txt", "glove", "the 0.1 abc\n", "{path}:1: malformed word vectors: a word vector line needs a word followed by numbers")
case("empty_word.txt", "glove", " 0.1 0.2\n", "{path}:1: malformed word vectors: the word is empty")
case("word_without_vector.txt", "glove", "the 0.1 0.2\nlonely\n", "{path}:2: malformed word vectors: a word vector line needs a word followed by numbers")

# word2vec binary (classes 1 and 3: headers that lie about the data).
good_entries = b"".join(w.encode() + b" " + floats(*v) + b"\n" for w, v in [("the", (1, 2, 3)), ("of", (4, 5, 6)), ("and", (7, 8, 9))])
case("binary_header_huge.bin", "word2vecBinary", b"3 1e30\n" + good_entries,
     '{path}: the header must be "count dimension" with a count ≥ 0 and a dimension ≥ 1, found "3 1e30"')
case("binary_header_words.bin", "word2vecBinary", b"3 abc 3\n" + good_entries,
     '{path}: the header must be "count dimension" with a count ≥ 0 and a dimension ≥ 1, found "3 abc 3"')
case("binary_no_header.bin", "word2vecBinary", b"3 3", "{path}: no header line")
case("binary_count_understated.bin", "word2vecBinary", b"2 3\n" + good_entries,
     "{path}: 17 bytes follow the 2 words of 3 values the header declares (a count or dimension too small?)")
case("binary_dimension_understated.bin", "word2vecBinary", b"3 2\n" + good_entries,
     '{path}: word 2 of 3 (byte 16): the word "\\0\\0@@\\nof" contains the control character U+0000')
case("binary_count_overstated.bin", "word2vecBinary", b"9 3\n" + good_entries,
     "{path}: the header declares 9 words of 3 values, more than the file's 54 bytes hold")
case("binary_nan.bin", "word2vecBinary", b"1 3\nthe " + floats(1, math.nan, 3) + b"\n",
     "{path}: word 1 of 1 (byte 4): value 2 is nan, not a finite number")
case("binary_invalid_utf8.bin", "word2vecBinary", b"1 3\ncaf\xe9 " + floats(1, 2, 3) + b"\n",
     "{path}: word 1 of 1 (byte 4): the word's bytes are not valid UTF-8")
case("binary_truncated.bin", "word2vecBinary", b"1 3\nthe " + floats(1, 2), "{path}: the header declares 1 words of 3 values, more than the file's 16 bytes hold")

# Facebook fastText .bin, mutated from the committed tiny model (classes 1, 3, 4).
model = (here / "tiny_fasttext.bin").read_bytes()
offset = 64                                                     # magic, version, 12 settings, sampling threshold
size, = struct.unpack_from("<i", model, offset)
pruned, = struct.unpack_from("<q", model, offset + 20)
offset += 28
for _ in range(size):
    offset = model.index(b"\0", offset) + 1 + 9                 # the word, its count and type
input_matrix = offset + 8 * max(pruned, 0)                      # quantisation flag, rows, columns, values
case("fasttext_truncated.bin", "fastText", model[:input_matrix + 40],
     f"{{path}}: fastText model, byte {input_matrix}: the input matrix's shape {struct.unpack_from('<q', model, input_matrix + 1)[0]}×8 does not fit the file's {input_matrix + 40} bytes")
huge_columns = bytearray(model)
struct.pack_into("<q", huge_columns, input_matrix + 9, 2**62)
case("fasttext_huge_columns.bin", "fastText", bytes(huge_columns),
     f"{{path}}: fastText model, byte {input_matrix}: the input matrix's shape {struct.unpack_from('<q', model, input_matrix + 1)[0]}×{2**62} does not fit the file's {len(model)} bytes")
nan_value = bytearray(model)
struct.pack_into("<f", nan_value, input_matrix + 17 + 4 * 5, math.nan)
case("fasttext_nan.bin", "fastText", bytes(nan_value),
     f"{{path}}: fastText model, byte {input_matrix + 17}: the input matrix's values: value 6 is nan, not a finite number")
bad_word = bytearray(model)
bad_word[64 + 28] = 0xFF                                        # the first word's first byte
case("fasttext_invalid_word.bin", "fastText", bytes(bad_word), "{path}: fastText model, byte 92: the word's bytes are not valid UTF-8")

# Vocabulary and label-encoder JSON (class 2: invariants; class 5: decoding errors named).
case("vocabulary_duplicate.json", "vocabulary", '{"tokens": ["xxunk", "the", "the"], "unknownToken": "xxunk"}',
     '{path}: malformed JSON: at "tokens": the token "the" appears more than once among the 3 tokens')
case("vocabulary_no_unknown.json", "vocabulary", '{"tokens": ["the", "of"], "unknownToken": "xxunk"}',
     '{path}: malformed JSON: at "tokens": the unknown token "xxunk" is not among the 2 tokens')
case("vocabulary_numbers.json", "vocabulary", '{"tokens": ["xxunk", 7], "unknownToken": "xxunk"}',
     '{path}: malformed JSON: at "tokens"[1]: Expected to decode String but found number instead.')
case("vocabulary_missing_key.json", "vocabulary", '{"tokens": ["xxunk"]}',
     '{path}: malformed JSON: the key "unknownToken" is missing')
case("vocabulary_not_json.json", "vocabulary", "tokens: [xxunk]",
     "{path}: malformed JSON: syntax error: Invalid value around character 1.")
case("labels_duplicate.json", "labelEncoder", '{"classes": ["neg", "pos", "neg"]}',
     '{path}: malformed JSON: at "classes": classes must be distinct: "neg" appears more than once among the 3 classes')
case("labels_not_a_list.json", "labelEncoder", '{"classes": "neg,pos"}',
     '{path}: malformed JSON: at "classes": Expected to decode Array<Any> but found a string instead.')

# aclImdb trees.
tree("acl_missing_pos", {"train/neg/0_1.txt": b"bad film"}, "{path}/train/pos: expected the aclImdb layout train/pos/*.txt (no such file or folder)")
tree("acl_invalid_utf8", {"train/neg/0_1.txt": b"bad \xff film", "train/pos/0_9.txt": b"great"}, "{path}/train/neg/0_1.txt: cannot read: not valid UTF-8 text (line 1)")
# A file inside the folder: git keeps no empty folders, and a fresh clone must hold this one.
tree("acl_folder_named_txt", {"train/neg/0_1.txt/inside": b"", "train/pos/0_9.txt": b"great"}, "{path}/train/neg/0_1.txt: cannot read: it is a folder, not a file")

(here / "malformed_cases.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
print(f"{len(cases)} cases in {corpus}")
