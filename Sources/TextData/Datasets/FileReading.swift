import Foundation

/// The bytes of the file at `url` (memory-mapped when safe).
///
/// - Throws: ``TextDataError/unreadable(path:reason:)`` naming the file.
func readFile(_ url: URL) throws(TextDataError) -> Data {
    do {
        return try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
        throw .unreadable(path: url.path, reason: error.localizedDescription)
    }
}
