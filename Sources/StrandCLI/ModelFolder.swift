import Foundation
import Strand

/// Writes a model folder all at once: `write` fills a temporary folder beside `folder`, which is
/// renamed into place only when complete, so a failed run leaves nothing half-written. An existing
/// `folder` is replaced only when `replacing` is set; it is set aside first and removed only once
/// the new one is in place, so a failure leaves the old model as it was.
func writeModelFolder(_ folder: URL, replacing: Bool, _ write: (URL) throws -> Void) throws {
    try checkOutputIsFree(folder.path, overwrite: replacing)
    let manager = FileManager.default
    let parent = folder.deletingLastPathComponent()
    try manager.createDirectory(at: parent, withIntermediateDirectories: true)
    let temporary = parent.appendingPathComponent(".\(folder.lastPathComponent).strand-tmp-\(getpid())")
    try? manager.removeItem(at: temporary)
    do {
        try manager.createDirectory(at: temporary, withIntermediateDirectories: false)
        try write(temporary)
        try moveIntoPlace(temporary, at: folder)
    } catch {
        try? manager.removeItem(at: temporary)
        throw error
    }
}

private func moveIntoPlace(_ written: URL, at folder: URL) throws {
    let manager = FileManager.default
    guard manager.fileExists(atPath: folder.path) else { return try manager.moveItem(at: written, to: folder) }
    let previous = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).strand-old-\(getpid())")
    try manager.moveItem(at: folder, to: previous)
    do {
        try manager.moveItem(at: written, to: folder)
    } catch {
        try? manager.moveItem(at: previous, to: folder)
        throw error
    }
    try? manager.removeItem(at: previous)
}

/// Writes `object` as pretty-printed JSON with sorted keys, so written files are stable.
func writeJSON(_ object: [String: Any], to url: URL) throws {
    try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
}

extension EpochRecord {
    /// The epoch as `metrics.json` lists it: losses, seconds and every metric by name.
    var json: [String: Any] {
        ["epoch": epoch, "train_loss": trainLoss, "valid_loss": validLoss, "seconds": seconds,
         "metrics": Dictionary(uniqueKeysWithValues: metrics.map { ($0.name, $0.value) })]
    }
}

/// Refuses a taken output folder before any work is done (the write checks again).
func checkOutputIsFree(_ path: String, overwrite: Bool) throws {
    if FileManager.default.fileExists(atPath: path) && !overwrite {
        throw CommandError("\(quotedForMessage(path)) exists: choose another --output or pass --overwrite to replace it")
    }
}

/// An error the commands report as it is, as one line, exiting with status 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension JSONEncoder {
    /// Pretty-printed with sorted keys, so written files are stable.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}
