extension Sequence where Element: Hashable {
    /// The first element that already occurred earlier, if any: what the loaders and initialisers
    /// name when classes, tokens or column names must be distinct.
    var firstRepeated: Element? {
        var seen = Set<Element>()
        return first { !seen.insert($0).inserted }
    }
}
