// Strand's error policy (see Documentation/ErrorPolicy.md):
// - A programmer error — shapes that do not fit an operation, an axis or index out of range,
//   a negative size — stops the program through `strandPrecondition` with a message that names
//   the operation, the shapes and the bound. Such errors are bugs in the calling code; throwing
//   would force `try` onto every arithmetic expression.
// - A data error — a malformed file, a missing key, a numerical routine that fails to converge on
//   the given values — is thrown as a typed error, because correct code can meet bad data.

/// Stops the program with `message` when `condition` is false, in debug *and* optimized builds.
///
/// The standard library's `precondition` drops its message in optimized builds; Strand's
/// examples and benchmarks run optimized, and a shape error without its shapes is no help.
@inlinable
@inline(__always)
public func strandPrecondition(
    _ condition: @autoclosure () -> Bool,
    _ message: @autoclosure () -> String,
    file: StaticString = #fileID,
    line: UInt = #line
) {
    if !condition() {
        fatalError(message(), file: file, line: line)
    }
}

/// Stops the program with `message`, in debug *and* optimized builds (the standard library's
/// `preconditionFailure` drops its message in optimized builds).
public func strandPreconditionFailure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message(), file: file, line: line)
}

/// The reason a shape check failed, as thrown by the checks that can also be called directly
/// (for example ``broadcastShape(_:_:op:)``) before an operation would stop the program.
public struct ShapeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A sentence naming the operation and the shapes involved.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Runs a throwing shape check and turns its failure into a precondition failure.
@inline(__always)
func requireShapes<T>(
    _ check: () throws(ShapeError) -> T,
    file: StaticString = #fileID,
    line: UInt = #line
) -> T {
    do {
        return try check()
    } catch {
        fatalError(error.message, file: file, line: line)
    }
}
