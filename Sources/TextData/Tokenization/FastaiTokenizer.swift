import Tensor

/// fastai 2.x's text processing with its defaults — what `TextDataLoaders.from_csv` and
/// `tokenize_df` do — token for token (fastai 2.8 with spaCy 3.8).
///
/// fastai's rules run on the raw text, in fastai's order (see `../shared/REFERENCE.md`):
/// 1. `fix_html`: its literal replacements (`<br />` → newline, `...` → ` …`, `#39;` → `'`, …),
///    then Python's `html.unescape`;
/// 2. `replace_rep`: a non-whitespace character repeated 3+ times → `xxrep n c` (`!!!!` → `xxrep 4 !`);
/// 3. `replace_wrep`: a word repeated 3+ times → `xxwrep n w`;
/// 4. `spec_add_spaces` and `rm_useless_spaces`: spaces around `/`, `#`, `\`, runs of spaces made one;
/// 5. `replace_all_caps` and `replace_maj`, on whitespace-separated words with their punctuation:
///    `THIS` → `xxup this`, `Hello` → `xxmaj hello`, `I'm` → `xxmaj i'm`, `"Is` → `"is`;
/// 6. `lowercase`: lower case, surrounding whitespace stripped, `xxbos ` in front.
///
/// Then spaCy's English tokenizer splits the text (``SpacyTokenizer``, with fastai's nine special
/// tokens as special cases): `don't` → `do n't`, `curious-yellow` → `curious - yellow`, a blank
/// line is the token `"\n\n"`. Last, fastai's `replace_space` writes spaces inside tokens as `▁`
/// (`"\n "` → `"\n▁"`).
///
/// fastai's quirks are kept by default so that tokens — and so ids in a fastai vocabulary or a
/// fastai-trained model — are the same: `&amp;` becomes `& &` and `&quot;` becomes `& '` because the
/// replacements run before entities are decoded. ``HTMLHandling/entitiesFirst`` decodes them first.
/// Known differences: rare runs of apostrophes across whitespace (see ``SpacyTokenizer``);
/// lower-casing follows Swift's Unicode tables, which can differ from Python's for characters
/// added after Unicode 14. On the 33,530 movie reviews 99.994 % of rows are identical to fastai's.
public struct FastaiTokenizer: Sendable {
    /// When HTML character references are decoded.
    public enum HTMLHandling: Sendable, Equatable {
        /// As fastai: after its replacements, so `&amp;` → `& &`, `&quot;` → `& '` (fastai's tokens).
        case fastai
        /// Before fastai's replacements, so `&amp;` → `&`, `&quot;` → `"` (what the HTML says).
        case entitiesFirst
    }

    /// Whether each text starts with `xxbos`.
    public var addsBeginning: Bool
    /// When HTML character references are decoded.
    public var htmlHandling: HTMLHandling

    /// spaCy's English tokenizer with fastai's special tokens, as fastai's `SpacyTokenizer` sets it up.
    static let words = SpacyTokenizer(extraSpecialCases: SpecialTokens.all)

    public init(addsBeginning: Bool = true, htmlHandling: HTMLHandling = .fastai) {
        self.addsBeginning = addsBeginning
        self.htmlHandling = htmlHandling
    }

    /// The tokens of one text.
    public func tokenize(_ text: String) -> [String] {
        tokens(of: text, interner: TokenInterner())
    }

    /// The tokens of many texts, in order, on `Threading.count` threads; `progress` (if given)
    /// is called with the number of texts done so far, from any thread.
    public func tokenize(_ texts: [String], progress: (@Sendable (Int) -> Void)? = nil) -> [[String]] {
        orderedParallelMap(count: texts.count, progress: progress, makeWorker: { TokenInterner() }) { interner, index in
            tokens(of: texts[index], interner: interner)
        }
    }

    /// The ids in `vocabulary` of the tokens of each text (unknown tokens get its unknown id): the
    /// same as `vocabulary.encode(documents: tokenize(texts))`, computed from the text's bytes
    /// without making a `String` per token. In order, on `Threading.count` threads.
    public func encode(_ texts: [String], vocabulary: Vocabulary, progress: (@Sendable (Int) -> Void)? = nil) -> [[Int]] {
        orderedParallelMap(count: texts.count, progress: progress, makeWorker: { ChunkCache() }) { cache, index in
            ids(of: texts[index], cache: cache) { Int32(vocabulary[$0]) }
        }
    }

    /// The ids of `text`'s tokens; `id` gives the id of a token in a chunk the cache has not seen.
    ///
    /// fastai's rules run in order on the text's UTF-8 — `fix_html`, `replace_rep`, `replace_wrep`,
    /// the spacing rules — and the case rules and spaCy's split word by word during the look-up.
    /// `replace_wrep` is tried only when needed: it changes a text only where two equal words
    /// follow each other (`w w w`), the spacing rules keep such words whole, so the look-up, which
    /// sees every word, notices the pair; only then is the text prepared again with the rule.
    func ids(of text: String, cache: ChunkCache, id: (String) -> Int32) -> [Int] {
        let early = applying(replacingCharacterRepetitions,
                             to: fastaiFixHTML(Array(text.utf8), decodingEntitiesFirst: htmlHandling == .entitiesFirst))
        var output: [Int] = []
        if appendIDs(of: applying(spacingSpecialCharacters, to: early), to: &output, cache: cache, id: id, stoppingAtRepeatedWord: true) {
            return output
        }
        output.removeAll(keepingCapacity: true)
        let repetitionsMarked = applying(replacingWordRepetitions, to: early)
        appendIDs(of: applying(spacingSpecialCharacters, to: repetitionsMarked), to: &output, cache: cache, id: id, stoppingAtRepeatedWord: false)
        return output
    }

    /// Appends the ids of the tokens of `prepared` (the text after fastai's rules up to the case
    /// rules); false, with `output` incomplete, when asked to stop at two equal words in a row.
    @discardableResult
    private func appendIDs(of prepared: [UInt8], to output: inout [Int], cache: ChunkCache, id: (String) -> Int32,
                           stoppingAtRepeatedWord: Bool) -> Bool {
        output.reserveCapacity(prepared.count / 3 + 1)
        if addsBeginning { output.append(Int(id(SpecialTokens.beginning))) }
        return prepared.withUnsafeBufferPointer { bytes in
            // Every chunk and its hash first, then the look-ups: these no longer wait for each
            // other behind the scan's branches, so the processor overlaps their cache misses.
            var chunks: [(chunk: UnsafeBufferPointer<UInt8>, hash: UInt64)] = []
            chunks.reserveCapacity(bytes.count / 4)
            var previousWord = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            let complete = forEachWordAndSpacing(bytes) { chunk, isWord in
                if stoppingAtRepeatedWord && isWord {
                    // `replace_wrep`'s words start with a word character (ASCII or not).
                    if chunk.count == previousWord.count && (isASCIIWordCharacter(chunk[0]) || chunk[0] >= 0x80)
                        && ByteKey.equal(chunk, previousWord) { return false }
                    previousWord = chunk
                }
                chunks.append((chunk, ByteKey.hash(chunk)))
                return true
            }
            guard complete else { return false }
            for (chunk, hash) in chunks {
                for token in cache.ids(of: chunk, hash: hash, orMake: { Self.tokens(ofWord: chunk).map { id(replacingSpaces($0)) } }) {
                    output.append(Int(token))
                }
            }
            return true
        }
    }

    /// `rule` applied to `bytes` (a rule returns nil when it changes nothing).
    private func applying(_ rule: (UnsafeBufferPointer<UInt8>) -> [UInt8]?, to bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer(rule) ?? bytes
    }

    /// The tokens of one word of the prepared text, or of the whitespace between two: its case
    /// marker and spaCy's tokens of it lower-cased.
    static func tokens(ofWord word: UnsafeBufferPointer<UInt8>) -> [String] {
        markedAndLowercased(word).withUnsafeBufferPointer { words.tokens(of: $0) }
    }

    private func tokens(of text: String, interner: TokenInterner) -> [String] {
        let table = interner.table
        let ids = ids(of: text, cache: interner.cache) { table.id(of: $0) }
        return ids.map { table.tokens[$0] }
    }
}

/// fastai's `replace_space` post-rule: spaces inside a token (only whitespace tokens have them) as `▁`.
func replacingSpaces(_ token: String) -> String {
    token.utf8.contains(0x20) ? String(token.unicodeScalars.map { $0 == " " ? "▁" : Character($0) }) : token
}

/// Numbers each distinct token as it is first seen, so the chunk cache can hold ids for the
/// `String` API too; one per thread.
struct TokenInterner {
    let cache = ChunkCache()
    let table = Table()

    final class Table {
        private(set) var tokens: [String] = []
        private var ids: [String: Int32] = [:]

        func id(of token: String) -> Int32 {
            if let id = ids[token] { return id }
            tokens.append(token)
            ids[token] = Int32(tokens.count - 1)
            return Int32(tokens.count - 1)
        }
    }
}
