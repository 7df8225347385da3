/// fastai's special tokens, in fastai's vocabulary order (`xxunk` at 0, `xxpad` at 1, …).
public enum SpecialTokens {
    /// Stands for any token outside the vocabulary.
    public static let unknown = "xxunk"
    /// Fills batches to equal length.
    public static let padding = "xxpad"
    /// Marks the beginning of a text.
    public static let beginning = "xxbos"
    /// Marks the end of a text.
    public static let end = "xxeos"
    /// Separates fields of a text.
    public static let field = "xxfld"
    /// `xxrep n c`: the character `c` repeated `n` times.
    public static let characterRepetition = "xxrep"
    /// `xxwrep n w`: the word `w` repeated `n` times.
    public static let wordRepetition = "xxwrep"
    /// The next token was written in capitals.
    public static let allCaps = "xxup"
    /// The next token was capitalised.
    public static let capitalised = "xxmaj"

    /// Fills fastai's vocabulary to a multiple of 8 entries; never produced by tokenising, and the
    /// one token a vocabulary may hold more than once.
    public static let fakePadding = "xxfake"

    /// All nine, in fastai's order (``fakePadding`` is not one of them).
    public static let all = [unknown, padding, beginning, end, field, characterRepetition, wordRepetition, allCaps, capitalised]
}
