/// Whether operations are recorded for differentiation on the current task or thread.
public enum GradMode {
    @TaskLocal static var isEnabled = true

    /// True unless inside ``withoutGradients(_:)``.
    public static var enabled: Bool { isEnabled }
}

/// Runs `body` without recording operations (PyTorch's `torch.no_grad()`): results do not require
/// gradients and no graph is kept, which is what evaluation and parameter updates need.
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false, operation: body)
}
