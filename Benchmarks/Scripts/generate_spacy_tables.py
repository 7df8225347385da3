"""Writes the data tables of Strand's spaCy-compatible English tokenizer and of its HTML decoding.

Dev-only (needs spaCy 3.8 from PyPI; Strand itself depends on no Python):

    python Benchmarks/Scripts/generate_spacy_tables.py

writes
  Sources/TextData/Tokenization/SpacyEnglishTables.swift  character classes, affix literals and the
      tokenizer exceptions of `spacy.blank("en")` (spaCy's MIT-licensed data, spacy/lang/char_classes.py,
      spacy/lang/punctuation.py, spacy/lang/en/punctuation.py, spacy/lang/tokenizer_exceptions.py,
      spacy/lang/en/tokenizer_exceptions.py);
  Sources/TextData/Tokenization/HTMLEntityTable.swift     Python's `html.entities.html5` (what
      `html.unescape` decodes, used by fastai's `fix_html`).

Character classes are not copied as regex text: every code point is tested against the class with
Python's `re` (the engine spaCy compiles its rules with), so the Swift ranges are exactly what spaCy
matches. The structure of each rule (which class before or after which character) is written by
hand in Swift; this script checks that spaCy's rule list is still the one that code implements and
stops otherwise.
"""
import html.entities
import json
import re
import sys
from pathlib import Path

import spacy
from spacy.lang import char_classes as cc
from spacy.lang.en import English

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Sources/TextData/Tokenization"
ALL = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def ranges(pattern):
    """Inclusive code point ranges (flattened low, high pairs) of the one-character regex `pattern`."""
    regex = re.compile(pattern)
    found, out = [c for c in ALL if regex.fullmatch(chr(c))], []
    for c in found:
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return [v for pair in out for v in pair]


def swift_ranges(name, doc, values):
    body = ",\n".join("        " + ", ".join(f"0x{v:X}" for v in values[i:i + 12]) for i in range(0, len(values), 12))
    return f"    /// {doc}\n    static let {name}: [UInt32] = [\n{body},\n    ]\n"


def swift_literal(text):
    """`text` as a Swift string literal (non-ASCII and control characters as `\\u{...}`)."""
    escaped = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else
                      ("\\" + c if c in '"\\' else f"\\u{{{ord(c):X}}}") for c in text)
    return f'"{escaped}"'


def swift_strings(name, doc, values):
    return f"    /// {doc}\n    static let {name}: [String] = [{', '.join(map(swift_literal, values))}]\n"


def unescape(piece):
    """The literal text of a regex piece made only of plain or escaped characters, else None."""
    if re.search(r"[\[\](){}?*+|^$.]", re.sub(r"\\.", "", piece)):
        return None
    return re.sub(r"\\(.)", r"\1", piece)


def prefix_patterns():
    """spaCy's English prefixes, in order, as Swift `AffixPattern` cases."""
    out = []
    for piece in filter(str.strip, English.Defaults.prefixes):  # spaCy drops blank pieces too
        if piece == r"\+(?![0-9])":
            out.append(".plusNotBeforeDigit")
        elif piece == r"\.\.+":
            out.append(".dotRun")
        elif piece == f"[{cc._other_symbols}]":
            out.append(".icon")
        elif (literal := unescape(piece)) is not None:
            out.append(f".literal({swift_literal(literal)})")
        else:
            sys.exit(f"unknown prefix rule {piece!r}: update SpacyAffixRules.swift")
    return out


def suffix_patterns():
    """spaCy's English suffixes, in order, as Swift `AffixPattern` cases."""
    out = []
    known = {
        r"\.\.+": ".dotRun",
        f"[{cc._other_symbols}]": ".icon",
        r"(?<=°[FfCcKk])\.": ".dotAfterDegreeUnit",
        r"(?<=[{au}][{au}])\.".format(au=cc.ALPHA_UPPER): ".dotAfterTwoUpper",
        r"(?<=[0-9{al}{e}{p}(?:{q})])\.".format(al=cc.ALPHA_LOWER, e=r"%²\-\+", q=cc.CONCAT_QUOTES, p=cc.PUNCT): ".dotAfterLowerDigitOrPunct",
    }
    for piece in filter(str.strip, English.Defaults.suffixes):
        if piece in known:
            out.append(known[piece])
        elif piece == r"(?<=[0-9])\+":
            out.append('.literalAfterDigit("+")')
        elif piece in (r"(?<=[0-9])(?:{c})".format(c=cc.CURRENCY), r"(?<=[0-9])(?:{u})".format(u=cc.UNITS)):
            for alternative in piece[len("(?<=[0-9])(?:"):-1].split("|"):
                out.append(f".literalAfterDigit({swift_literal(unescape(alternative))})")
        elif (literal := unescape(piece)) is not None:
            out.append(f".literal({swift_literal(literal)})")
        else:
            sys.exit(f"unknown suffix rule {piece!r}: update SpacyAffixRules.swift")
    return out


def check_infixes():
    """The infix rules SpacyAffixRules.swift implements, in order; stops if spaCy's differ."""
    a, al, au, q, h = cc.ALPHA, cc.ALPHA_LOWER, cc.ALPHA_UPPER, cc.CONCAT_QUOTES, cc.HYPHENS
    expected = [r"\.\.+", "…", f"[{cc._other_symbols}]", r"(?<=[0-9])[+\-\*^](?=[0-9-])",
                rf"(?<=[{al}{q}])\.(?=[{au}{q}])", rf"(?<=[{a}]),(?=[{a}])",
                rf"(?<=[{a}0-9])(?:{h})(?=[{a}])", rf"(?<=[{a}0-9])[:<>=/](?=[{a}])"]
    if list(English.Defaults.infixes) != expected:
        sys.exit("spaCy's English infix rules changed: update SpacyAffixRules.swift")


def exceptions():
    """`spacy.blank("en").tokenizer.rules`: each special case and the tokens it becomes."""
    rules = spacy.blank("en").tokenizer.rules
    return {key: [token[65] for token in value] for key, value in sorted(rules.items())}


def main():
    check_infixes()
    header = ("// Generated by Benchmarks/Scripts/generate_spacy_tables.py from spaCy {v}; do not edit.\n"
              "// The data is spaCy's (MIT License, Copyright (C) 2016-2024 ExplosionAI GmbH, 2016 spaCy GmbH,\n"
              "// 2015 Matthew Honnibal): spacy/lang/char_classes.py, spacy/lang/punctuation.py,\n"
              "// spacy/lang/en/punctuation.py, spacy/lang/tokenizer_exceptions.py, spacy/lang/en/tokenizer_exceptions.py.\n\n").format(v=spacy.__version__)
    upper = cc.ALPHA_UPPER
    parts = [
        header,
        "/// The data of spaCy's English tokenizer (`spacy.blank(\"en\")`): character classes as sorted,\n"
        "/// inclusive code point ranges (flattened low, high pairs), the affix rules in spaCy's order, and the\n"
        "/// tokenizer exceptions. ``SpacyAffixRules`` and ``URLMatcher`` give the rules their structure.\n",
        "enum SpacyEnglishTables {\n",
        swift_ranges("alpha", "`ALPHA`: letters of the scripts spaCy knows.", ranges(f"[{cc.ALPHA}]")),
        swift_ranges("alphaLower", "`ALPHA_LOWER`: lower-case and uncased letters.", ranges(f"[{cc.ALPHA_LOWER}]")),
        swift_ranges("alphaUpper", "`ALPHA_UPPER`: upper-case and uncased letters.", ranges(f"[{upper}]")),
        swift_ranges("icons", "`LIST_ICONS`: other symbols (Unicode So, without `°`).", ranges(f"[{cc._other_symbols}]")),
        swift_ranges("lowerOrQuote", "Before an infix `.`: `[{ALPHA_LOWER}{CONCAT_QUOTES}]`.", ranges(f"[{cc.ALPHA_LOWER}{cc.CONCAT_QUOTES}]")),
        swift_ranges("upperOrQuote", "After an infix `.`: `[{ALPHA_UPPER}{CONCAT_QUOTES}]`.", ranges(f"[{cc.ALPHA_UPPER}{cc.CONCAT_QUOTES}]")),
        swift_ranges("beforeSuffixDot", "Before a suffix `.`: `[0-9{al}%²\\-\\+{PUNCT}(?:{q})]` as regex text, `|`, `(`, `?`, `:` and `)` included.",
                     ranges(r"[0-9{al}{e}{p}(?:{q})]".format(al=cc.ALPHA_LOWER, e=r"%²\-\+", q=cc.CONCAT_QUOTES, p=cc.PUNCT))),
        swift_ranges("whitespace", "Python's `str.isspace()` (regex `\\s`): what separates spaCy's chunks and fastai's words.", ranges(r"\s")),
        swift_ranges("word", "Python's regex `\\w` (`str.isalnum()` or `_`), used by fastai's `replace_wrep` and the URL scheme.", ranges(r"\w")),
        swift_ranges("digit", "Python's regex `\\d` (Unicode decimal digits), used by the URL port and address.", ranges(r"\d")),
        swift_strings("hyphens", "`HYPHENS`, in spaCy's order (the infix tries them in turn).", cc.HYPHENS.split("|")),
        "    /// `TOKENIZER_PREFIXES`, in spaCy's order (the first that matches wins).\n",
        "    static let prefixes: [AffixPattern] = [\n" + "".join(f"        {p},\n" for p in prefix_patterns()) + "    ]\n",
        "    /// `TOKENIZER_SUFFIXES`, in spaCy's order (the one starting leftmost wins).\n",
        "    static let suffixes: [AffixPattern] = [\n" + "".join(f"        {p},\n" for p in suffix_patterns()) + "    ]\n",
        "    /// The tokenizer exceptions (`nlp.tokenizer.rules`) as JSON: each string and the tokens it becomes.\n",
        '    static let exceptionsJSON = #"""\n' + json.dumps(exceptions(), ensure_ascii=True) + '\n"""#\n',
        "}\n",
    ]
    (OUT / "SpacyEnglishTables.swift").write_text("".join(parts))
    entities = ("// Generated by Benchmarks/Scripts/generate_spacy_tables.py from Python's html.entities.html5; do not edit.\n\n"
                "/// The named character references `html.unescape` decodes (names with their `;` where HTML requires\n"
                "/// one; the legacy names also without it), as JSON.\n"
                'let htmlEntitiesJSON = #"""\n' + json.dumps(html.entities.html5, ensure_ascii=True, sort_keys=True) + '\n"""#\n')
    (OUT / "HTMLEntityTable.swift").write_text(entities)


if __name__ == "__main__":
    main()
