import Synchronization

/// A registration that can be undone: returned by every hook registration in Strand
/// (gradient hooks here, module forward/backward hooks in NN).
public final class HookHandle {
    private var removal: (() -> Void)?

    /// Wraps the action that undoes a registration.
    public init(_ removal: @escaping () -> Void) {
        self.removal = removal
    }

    /// Removes the hook. Calling it again does nothing.
    public func remove() {
        removal?()
        removal = nil
    }

    private static let counter = Atomic<Int>(0)

    /// A process-wide unique identifier for a new registration.
    public static func nextID() -> Int {
        counter.add(1, ordering: .relaxed).newValue
    }
}
