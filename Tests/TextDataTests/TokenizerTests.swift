import Tensor
import Testing
@testable import TextData

@Suite struct WordTokenizerTests {
    let tokenizer = WordTokenizer()

    @Test(arguments: [
        ("I didn't like it.", ["I", "did", "n't", "like", "it", "."]),
        ("It's great, isn't it?", ["It", "'s", "great", ",", "is", "n't", "it", "?"]),
        ("We're sure I'm right; they'll see.", ["We", "'re", "sure", "I", "'m", "right", ";", "they", "'ll", "see", "."]),
        ("I've said he'd come", ["I", "'ve", "said", "he", "'d", "come"]),
        ("can't", ["ca", "n't"]),
        ("a well-known film (2005) costs $3.50, or 1,000 yen - 10%!", ["a", "well-known", "film", "(", "2005", ")", "costs", "$", "3.50", ",", "or", "1,000", "yen", "-", "10", "%", "!"]),
        ("\"Wow!\" she said...", ["\"", "Wow", "!", "\"", "she", "said", "..."]),
        ("and/or", ["and", "/", "or"]),
        ("Café Müller déjà vu", ["Café", "Müller", "déjà", "vu"]),
        ("'quoted' words", ["'", "quoted", "'", "words"]),
        ("", []),
        ("   \n\t ", []),
    ])
    func splitsLikeTheNotebooks(text: String, expected: [String]) {
        #expect(tokenizer.tokenize(text) == expected)
    }
}

@Suite struct FastaiTokenizerTests {
    let tokenizer = FastaiTokenizer()

    @Test func entitiesFirstDecodesWellFormedHTML() {
        // fastai's own order gives `& &` and `& '` (see the fixture's examples); decoding first gives what the HTML says.
        let decoding = FastaiTokenizer(htmlHandling: .entitiesFirst)
        #expect(decoding.tokenize("Tom &amp; Jerry, &quot;fun&quot;") == ["xxbos", "xxmaj", "tom", "&", "xxmaj", "jerry", ",", "\"", "fun", "\""])
        #expect(FastaiTokenizer(addsBeginning: false).tokenize("Hi") == ["xxmaj", "hi"])
    }

    /// `replace_wrep` runs only when the look-up sees two equal words in a row; fastai 2.8's tokens.
    @Test(arguments: [
        ("It was very very good.", ["xxbos", "xxmaj", "it", "was", "very", "very", "good", "."]),
        ("No no no! Never.", ["xxbos", "xxmaj", "no", "no", "no", "!", "xxmaj", "never", "."]),
        ("the the the/the end", ["xxbos", "xxwrep", "3", "the", "/", "the", "end"]),
        ("Ha ha ha ha, so funny", ["xxbos", "xxmaj", "ha", "xxwrep", "3", "ha", ",", "so", "funny"]),
        ("He said: bye bye bye\nbye", ["xxbos", "xxmaj", "he", "said", ":", "xxwrep", "4", "bye"]),
        ("x x", ["xxbos", "x", "x"]),
    ])
    func wordRepetitionsAsFastaiMarksThem(text: String, tokens: [String]) {
        #expect(tokenizer.tokenize(text) == tokens)
    }

    @Test func parallelTokenisationKeepsOrderAndReportsProgress() {
        let texts = (0..<1000).map { "Review number \($0) is GOOD!!!" }
        let counter = ProgressRecorder()
        let tokens = tokenizer.tokenize(texts) { counter.record($0) }
        #expect(tokens.count == 1000)
        #expect(tokens[537] == ["xxbos", "xxmaj", "review", "number", "537", "is", "xxup", "good", "xxrep", "3", "!"])
        #expect(tokens == texts.map(tokenizer.tokenize))
        #expect(counter.last == 1000)
    }
}

final class ProgressRecorder: @unchecked Sendable {
    private(set) var last = 0
    func record(_ done: Int) { if done > last { last = done } }
}

@Suite struct VocabularyTests {
    let documents = [["the", "cat", "sat"], ["the", "dog", "sat"], ["a", "cat", "the"]]

    @Test func specialsFirstThenByCountWithAlphabeticalTies() {
        let vocabulary = Vocabulary.build(from: documents, specials: ["<unk>", "<pad>"], unknownToken: "<unk>")
        #expect(vocabulary.tokens == ["<unk>", "<pad>", "the", "cat", "sat", "a", "dog"])
        #expect(vocabulary["cat"] == 3)
        #expect(vocabulary["zebra"] == 0)
        #expect(vocabulary.encode(["the", "zebra"]) == [2, 0])
        #expect(vocabulary.decode([6, 1]) == ["dog", "<pad>"])
        #expect(vocabulary.encode(documents: documents + [["zebra"]]) == (documents + [["zebra"]]).map(vocabulary.encode))
    }

    @Test func maxSizeMinFrequencyTieBreakingAndPadding() {
        let capped = Vocabulary.build(from: documents, maxSize: 2, specials: ["<unk>", "<pad>"], unknownToken: "<unk>")
        #expect(capped.tokens == ["<unk>", "<pad>", "the", "cat"])
        let frequent = Vocabulary.build(from: documents, minFrequency: 2)
        #expect(frequent.tokens == SpecialTokens.all + ["the", "cat", "sat"])
        let fastaiOrder = Vocabulary.build(from: documents, specials: ["xxunk"], tieBreaking: .firstOccurrence)
        #expect(fastaiOrder.tokens == ["xxunk", "the", "cat", "sat", "dog", "a"])
    }

    /// Each expectation is what fastai 2.8's `make_vocab` returns for the same counts.
    @Test func fastaiVocabularyPadsWithOneToEightFakes() {
        let frequent = Vocabulary.fastai(from: documents, minFrequency: 2)
        #expect(frequent.tokens == SpecialTokens.all + ["the", "cat", "sat"] + Array(repeating: "xxfake", count: 4))
        #expect(Vocabulary.fastai(from: [["a", "b", "c", "d", "e", "f", "g"]], minFrequency: 1).count == 24)
        // The cut counts the specials: 11 = 9 specials + the 2 most frequent, then 5 fakes.
        #expect(Vocabulary.fastai(from: documents, minFrequency: 1, maxSize: 11).tokens == SpecialTokens.all + ["the", "cat"] + Array(repeating: "xxfake", count: 5))
    }

    @Test func jsonRoundTripAndErrors() throws {
        let vocabulary = Vocabulary.build(from: documents)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vocabulary-\(UUID().uuidString).json")
        try vocabulary.save(to: url)
        #expect(try Vocabulary(contentsOf: url) == vocabulary)
        try Data(#"{"tokens": ["a"], "unknownToken": "xxunk"}"#.utf8).write(to: url)
        // Bad contents and a missing file are typed errors that name the file.
        #expect { try Vocabulary(contentsOf: url) } throws: { error in
            guard case .malformedJSON(let path, let reason)? = error as? TextDataError else { return false }
            return path == url.path && reason.contains("xxunk")
        }
        #expect { try vocabulary.save(to: url.appendingPathComponent("no/such/folder")) } throws: { error in
            guard case .unwritable? = error as? TextDataError else { return false }
            return true
        }
    }

    @Test func labelEncoderAndBalancedWeights() throws {
        let encoder = LabelEncoder(fitting: ["pos", "neg", "pos", "pos"])
        #expect(encoder.classes == ["neg", "pos"])
        let ids = try encoder.encode(["pos", "neg", "pos", "pos"])
        #expect(ids == [1, 0, 1, 1])
        #expect(encoder.decode([0, 1]) == ["neg", "pos"])
        // n / (classes · count): 4 / (2 · 1) and 4 / (2 · 3).
        #expect(encoder.classWeights(ids) == Tensor([2, Float(4) / 6]))
        #expect(throws: TextDataError.unknownLabel("neutral", known: ["neg", "pos"])) { try encoder.encode(["neutral"]) }
    }
}

import Foundation

@Suite struct FastaiDecodingTests {
    @Test func decodingUndoesTheMarkersAndSpacesPunctuation() {
        let tokens = FastaiTokenizer().tokenize("This movie was GREAT!!! I didn't expect (much) from it... It's a 10/10")
        // fastai's rules lose some case ("I" → "i", no marker) and turn "..." into "…".
        #expect(FastaiTokenizer.decode(tokens) == "This movie was GREAT!!! i didn't expect (much) from it… It's a 10 / 10")
        #expect(FastaiTokenizer.decode(["xxbos", "xxwrep", "3", "very", "good", "xxpad"]) == "very very very good")
        // A repetition marker applies once, unlike fastai's decode_spec_tokens.
        #expect(FastaiTokenizer.decode(["xxrep", "4", "a", "b", "c"]) == "aaaa b c")
    }
}

/// Adversarial text: deep stacks of suffixes or punctuation must neither exhaust the stack (the
/// tokenisers are iterative; 100,000 stacked suffixes took 47,000 frames when WordTokenizer recursed) nor lose characters. Linearity was checked by timing 50k/100k/200k
/// characters of each pattern (no timed assertions here).
@Suite struct AdversarialTextTests {
    static let texts = [
        "x" + String(repeating: "'s", count: 100_000),
        "x" + String(repeating: "n't", count: 20_000),
        String(repeating: "(", count: 20_000) + "x" + String(repeating: ")", count: 20_000),
        String(repeating: "'", count: 20_000),
        "e" + String(repeating: "\u{301}", count: 20_000),
        String(repeating: ".", count: 50_000),
    ]

    @Test func wordTokenizerKeepsEveryCharacterOfDeepInput() {
        for text in Self.texts {
            #expect(WordTokenizer().tokenize(text).joined() == text)
        }
    }

    @Test func stackedSuffixesSplitOneByOne() {
        let tokens = WordTokenizer().tokenize("x" + String(repeating: "'s", count: 100_000))
        #expect(tokens.count == 100_001 && tokens.first == "x" && tokens.dropFirst().allSatisfy { $0 == "'s" })
    }

    @Test func spacyTokenizerKeepsEveryCharacterOfDeepInput() {
        for text in Self.texts {
            #expect(SpacyTokenizer().tokenize(text).joined() == text)
        }
    }

    @Test func fastaiTokenizerFinishesOnDeepInput() {
        for text in Self.texts {
            #expect(FastaiTokenizer().tokenize(text).count > 1)
        }
    }
}
