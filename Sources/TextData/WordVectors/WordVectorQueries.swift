import Tensor

// gensim's KeyedVectors queries beyond `mostSimilar` (which lives with the type). Each works on
// unit vectors, as gensim's do, takes FastText's n-gram vectors for a word outside the vocabulary
// where gensim does, and throws `TextDataError.unknownWord` for a word without a vector.

extension WordVectors {
    /// The cosine similarity of two words (gensim's `similarity`).
    public func similarity(_ first: String, _ second: String) throws(TextDataError) -> Float {
        let (a, b) = (try unitVector(first), try unitVector(second))
        return (a * b).sum().item
    }

    /// The `k` words closest to `vector` by cosine similarity, the vector's own word included
    /// (gensim's `similar_by_vector`).
    public func similarByVector(_ vector: Tensor, k: Int = 10) -> [(word: String, similarity: Float)] {
        strandPrecondition(vector.shape == [dimension], "similarByVector: a vector of shape [\(dimension)] is needed, got \(vector.shape)")
        let query = vector / Swift.max(Float(1e-12), sqrt((vector * vector).sum()).item)
        return best(matmul(normalizedRows(), query).scalars, excluding: [], k: k)
    }

    /// The `k` words best completing the analogy by 3CosMul (Levy & Goldberg, 2014; gensim's
    /// `most_similar_cosmul`): `Π_pos (1 + cos)/2 / (Π_neg (1 + cos)/2 + 10⁻⁶)`, inputs excluded.
    public func mostSimilarCosMul(positive: [String], negative: [String] = [], k: Int = 10) throws(TextDataError) -> [(word: String, similarity: Float)] {
        strandPrecondition(!positive.isEmpty, "mostSimilarCosMul: needs at least one positive word")
        let unit = normalizedRows()
        func shiftedCosines(_ words: [String]) throws(TextDataError) -> Tensor {
            var product = Tensor.ones([count])
            for word in words { product = product * ((matmul(unit, try unitVector(word)) + 1) / 2) }
            return product
        }
        let scores = try shiftedCosines(positive) / (try shiftedCosines(negative) + 1e-6)
        return best(scores.scalars, excluding: Set(positive + negative), k: k)
    }

    /// The word that goes least with the others: the one least similar to the mean of their unit
    /// vectors (gensim's `doesnt_match`). Words without a vector are left out, as gensim does.
    public func doesntMatch(_ words: [String]) throws(TextDataError) -> String {
        let known = words.filter { self[$0] != nil }
        guard !known.isEmpty else { throw .unknownWord(words.first ?? "") }
        let units = Tensor.stack(try known.map { word throws(TextDataError) in try unitVector(word) })
        let mean = units.mean(axis: 0)
        let similarities = matmul(units, mean / Swift.max(Float(1e-12), sqrt((mean * mean).sum()).item)).scalars
        return known.indices.min { similarities[$0] < similarities[$1] }.map { known[$0] }!
    }

    /// One more than the number of words closer to `word` than `other` is (gensim's `rank`); both
    /// must be in the vocabulary, as in gensim.
    public func rank(_ word: String, _ other: String) throws(TextDataError) -> Int {
        guard let row = index[word] else { throw .unknownWord(word) }
        guard let otherRow = index[other] else { throw .unknownWord(other) }
        let similarities = matmul(normalizedRows(), try unitVector(word)).scalars
        let bar = similarities[otherRow]
        return 1 + similarities.indices.filter { $0 != row && similarities[$0] > bar }.count
    }

    /// `word`'s vector scaled to unit length.
    func unitVector(_ word: String) throws(TextDataError) -> Tensor {
        let vector = try vector(for: word)
        return vector / Swift.max(Float(1e-12), sqrt((vector * vector).sum()).item)
    }

    /// The `k` best-scoring words, best first, leaving out `excluded`.
    func best(_ scores: [Float], excluding excluded: Set<String>, k: Int) -> [(word: String, similarity: Float)] {
        strandPrecondition(k >= 0, "WordVectors: the number of neighbours k must not be negative, got \(k)")
        return scores.indices.sorted { scores[$0] > scores[$1] }.lazy
            .filter { !excluded.contains(self.words[$0]) }.prefix(k).map { (self.words[$0], scores[$0]) }
    }
}
