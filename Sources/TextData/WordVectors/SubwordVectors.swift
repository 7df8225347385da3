import Tensor

/// FastText's n-gram vectors: what gives a word outside the vocabulary a vector, and what each
/// known word's vector is averaged with.
public struct SubwordVectors: Sendable {
    public let ngrams: CharacterNGrams
    /// `[ngrams.bucketCount, dimension]` (gensim's `vectors_ngrams`).
    public let vectors: Tensor

    public init(ngrams: CharacterNGrams, vectors: Tensor) {
        strandPrecondition(vectors.rank == 2 && vectors.shape[0] == ngrams.bucketCount,
                           "SubwordVectors: \(ngrams.bucketCount) buckets for n-gram vectors of shape \(vectors.shape)")
        self.ngrams = ngrams
        self.vectors = vectors
    }

    public var dimension: Int { vectors.shape[1] }

    /// The mean of `word`'s n-gram vectors (gensim's `get_vector` for a word outside the
    /// vocabulary), or nil when the word has no n-gram of the configured lengths.
    public func vector(for word: String) -> Tensor? {
        let buckets = ngrams.buckets(of: word)
        guard !buckets.isEmpty else { return nil }
        var sum = [Float](repeating: 0, count: dimension)
        addRows(buckets, into: &sum)
        return Tensor(shape: [dimension], scalars: sum.map { $0 / Float(buckets.count) })
    }

    /// Each word's vector composed as fastText composes it: its own vector (a row of `own`) and its
    /// n-gram vectors, averaged (gensim's `adjust_vectors`).
    func composedVectors(words: [String], own: Tensor) -> Tensor {
        strandPrecondition(own.shape == [words.count, dimension], "SubwordVectors: own vectors of shape \(own.shape) for \(words.count) words of dimension \(dimension)")
        var composed = own.scalars
        for (row, word) in words.enumerated() {
            let buckets = ngrams.buckets(of: word)
            composed.withUnsafeMutableBufferPointer { all in
                var sum = Array(all[(row * dimension)..<((row + 1) * dimension)])
                addRows(buckets, into: &sum)
                for k in 0..<dimension { all[row * dimension + k] = sum[k] / Float(buckets.count + 1) }
            }
        }
        return Tensor(shape: own.shape, scalars: composed)
    }

    private func addRows(_ buckets: [Int], into sum: inout [Float]) {
        vectors.withUnsafeBufferPointer { rows in
            for bucket in buckets {
                for k in 0..<dimension { sum[k] += rows[bucket * dimension + k] }
            }
        }
    }
}
