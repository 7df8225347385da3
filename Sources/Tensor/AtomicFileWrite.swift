import Foundation
import Synchronization

/// Writes `data` to `url` so that `url` holds either its old contents or all of `data`, never a
/// part: the bytes go to a temporary file beside it, `.NAME.strand-tmp-PID-N`, which is then
/// renamed over `url` (a rename within one folder is atomic on POSIX file systems).
///
/// A process killed while writing leaves its temporary file behind; the next write to `url` from
/// any process removes the ones whose process no longer runs, so interrupted saves do not pile up.
/// The bytes are not flushed to the disk (`fsync`): a killed process cannot corrupt `url`, a power
/// cut can lose the last save, as with PyTorch's `torch.save`.
///
/// - Throws: the file system's error, after removing the temporary file.
package func writeAtomically(_ data: Data, to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    let prefix = "." + url.lastPathComponent + ".strand-tmp-"
    removeStaleTemporaryFiles(in: folder, prefix: prefix)
    let temporary = folder.appendingPathComponent(prefix + "\(getpid())-\(temporaryFileCounter.add(1, ordering: .relaxed).newValue)")
    do {
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot rename the written file into place: \(String(cString: strerror(errno)))"])
        }
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw error
    }
}

/// Distinguishes the temporary files of saves running at once in one process.
private let temporaryFileCounter = Atomic<Int>(0)

/// Removes `folder`'s files named `prefix` + `PID-N` whose process `PID` has ended.
private func removeStaleTemporaryFiles(in folder: URL, prefix: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
    for name in names where name.hasPrefix(prefix) {
        guard let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ pid_t($0) }),
              kill(pid, 0) != 0 && errno == ESRCH else { continue }
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    }
}
