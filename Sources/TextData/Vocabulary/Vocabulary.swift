import Foundation
import Tensor

/// A token ↔ id mapping (`itos`/`stoi`), built from token counts like fastai's `Numericalize` and
/// torchtext's `build_vocab`.
///
/// Ids: the special tokens first, in the order given, then tokens by decreasing count; ties are
/// broken alphabetically (torchtext's rule; ``TieBreaking/firstOccurrence`` gives fastai's).
/// Tokens outside the vocabulary encode to the unknown token's id.
public struct Vocabulary: Codable, Equatable, Sendable {
    /// How tokens with equal counts are ordered.
    public enum TieBreaking: Sendable {
        /// Alphabetically, as torchtext does.
        case alphabetical
        /// In order of first occurrence in the documents, as fastai (`Counter.most_common`) does.
        case firstOccurrence
    }

    /// Tokens by id (`itos`).
    public let tokens: [String]
    /// The id of `tokens[i]` (`stoi`).
    private let ids: [String: Int]
    /// The id unknown tokens encode to.
    public let unknownID: Int

    /// A vocabulary with exactly these tokens; `unknownToken` must be one of them, and each token
    /// must be distinct except fastai's filler `xxfake` (a second id for a token could never be
    /// produced by ``encode(_:)``).
    public init(tokens: [String], unknownToken: String = SpecialTokens.unknown) {
        if let problem = Self.invalidity(of: tokens, unknownToken: unknownToken) { strandPreconditionFailure("Vocabulary: \(problem)") }
        var ids: [String: Int] = [:]
        for (id, token) in tokens.enumerated() where ids[token] == nil { ids[token] = id }
        self.tokens = tokens
        self.ids = ids
        self.unknownID = ids[unknownToken]!
    }

    /// What makes `tokens` unfit for a vocabulary, if anything.
    private static func invalidity(of tokens: [String], unknownToken: String) -> String? {
        if let token = tokens.lazy.filter({ $0 != SpecialTokens.fakePadding }).firstRepeated {
            return "the token \(quotedForMessage(token)) appears more than once among the \(tokens.count) tokens"
        }
        guard tokens.contains(unknownToken) else {
            return "the unknown token \(quotedForMessage(unknownToken)) is not among the \(tokens.count) tokens"
        }
        return nil
    }

    /// Builds a vocabulary from tokenised documents.
    ///
    /// - Parameters:
    ///   - documents: the tokenised documents whose tokens are counted.
    ///   - maxSize: the most non-special tokens kept (torchtext's `max_size`; 25,000 gives 25,002
    ///     with `<unk>` and `<pad>`); nil keeps all.
    ///   - minFrequency: tokens seen fewer times are dropped.
    ///   - specials: tokens placed first, in this order (fastai's nine by default).
    ///   - unknownToken: the special that unknown tokens map to.
    ///   - tieBreaking: how tokens with equal counts are ordered (alphabetically by default, as torchtext).
    ///
    /// ``fastai(from:minFrequency:maxSize:)`` builds fastai's vocabulary exactly.
    public static func build<Documents: Sequence>(
        from documents: Documents, maxSize: Int? = nil, minFrequency: Int = 1, specials: [String] = SpecialTokens.all,
        unknownToken: String = SpecialTokens.unknown, tieBreaking: TieBreaking = .alphabetical
    ) -> Vocabulary where Documents.Element == [String] {
        strandPrecondition(maxSize.map { $0 >= 0 } ?? true, "Vocabulary.build: maxSize must not be negative, got \(maxSize!)")
        let specialSet = Set(specials)
        var ranked = countsByRank(documents, tieBreaking: tieBreaking).filter { $0.count >= minFrequency && !specialSet.contains($0.token) }
        if let maxSize { ranked = Array(ranked.prefix(maxSize)) }
        return Vocabulary(tokens: specials + ranked.map(\.token), unknownToken: unknownToken)
    }

    /// fastai's vocabulary (`make_vocab`, fastai/text/data.py, as `TextDataLoaders` builds it): the
    /// `maxSize` most frequent tokens (equal counts in order of first occurrence, as
    /// `Counter.most_common`), those seen at least `minFrequency` times, fastai's nine special tokens
    /// moved to the front, cut to `maxSize`, then 1 to 8 `xxfake` tokens so the size is a multiple of 8
    /// (8 when it already is, as fastai does).
    public static func fastai<Documents: Sequence>(
        from documents: Documents, minFrequency: Int = 3, maxSize: Int = 60_000
    ) -> Vocabulary where Documents.Element == [String] {
        strandPrecondition(maxSize > 0, "Vocabulary.fastai: maxSize must be positive, got \(maxSize)")
        let specials = Set(SpecialTokens.all)
        let frequent = countsByRank(documents, tieBreaking: .firstOccurrence).prefix(maxSize)
            .filter { $0.count >= minFrequency && !specials.contains($0.token) }
        let tokens = Array((SpecialTokens.all + frequent.map(\.token)).prefix(maxSize))
        return Vocabulary(tokens: tokens + Array(repeating: SpecialTokens.fakePadding, count: 8 - tokens.count % 8))
    }

    /// Every token with its count, by decreasing count; equal counts ordered by `tieBreaking`.
    private static func countsByRank<Documents: Sequence>(
        _ documents: Documents, tieBreaking: TieBreaking
    ) -> [(token: String, count: Int)] where Documents.Element == [String] {
        var counts: [String: (count: Int, first: Int)] = [:]
        var seen = 0
        for document in documents {
            for token in document {
                counts[token, default: (0, seen)].count += 1
                seen += 1
            }
        }
        return counts.sorted { a, b in
            if a.value.count != b.value.count { return a.value.count > b.value.count }
            return tieBreaking == .alphabetical ? a.key < b.key : a.value.first < b.value.first
        }.map { ($0.key, $0.value.count) }
    }

    /// The number of tokens.
    public var count: Int { tokens.count }

    /// The id of `token` (the unknown id when absent).
    public subscript(token: String) -> Int { ids[token] ?? unknownID }

    /// Whether `token` has its own id.
    public func contains(_ token: String) -> Bool { ids[token] != nil }

    /// Ids of `tokens`.
    public func encode(_ tokens: [String]) -> [Int] { tokens.map { self[$0] } }

    /// Ids of many documents, in order, on `Threading.count` threads.
    public func encode(documents: [[String]]) -> [[Int]] {
        orderedParallelMap(count: documents.count) { encode(documents[$0]) }
    }

    /// Tokens of `ids`.
    ///
    /// - Precondition: every id lies in `0..<count`.
    public func decode(_ ids: [Int]) -> [String] {
        ids.map { id in
            strandPrecondition((0..<tokens.count).contains(id), "Vocabulary.decode: id \(id) is outside 0..<\(tokens.count)")
            return tokens[id]
        }
    }

    // MARK: JSON

    private enum CodingKeys: String, CodingKey { case tokens, unknownToken }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let tokens = try container.decode([String].self, forKey: .tokens)
        let unknown = try container.decode(String.self, forKey: .unknownToken)
        if let problem = Self.invalidity(of: tokens, unknownToken: unknown) {
            throw DecodingError.dataCorruptedError(forKey: .tokens, in: container, debugDescription: problem)
        }
        self.init(tokens: tokens, unknownToken: unknown)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tokens, forKey: .tokens)
        try container.encode(tokens[unknownID], forKey: .unknownToken)
    }

    /// Writes the vocabulary as JSON (`{"tokens": [...], "unknownToken": "..."}`), atomically.
    public func save(to url: URL) throws(TextDataError) {
        try writeJSON(self, to: url)
    }

    /// Reads a vocabulary written by ``save(to:)``.
    public init(contentsOf url: URL) throws(TextDataError) {
        self = try readJSON(Vocabulary.self, from: url)
    }
}
