/// Problems with text data that correct code can meet: thrown, with what and where.
public enum TextDataError: Error, Equatable, CustomStringConvertible {
    case unknownLabel(String, known: [String])

    public var description: String {
        switch self {
        case .unknownLabel(let label, let known): return "unknown label \"\(label)\"; the encoder knows \(known)"
        }
    }
}
