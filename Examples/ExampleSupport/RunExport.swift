import Foundation
import Strand

/// Dev-only: what a PyTorch script needs to repeat an example's training run exactly — the token ids
/// of every split, the batches of every epoch in the order Strand visits them, and the model's
/// initial weights under PyTorch's state-dict names. `Benchmarks/Scripts/torch_notebook_runs.py`
/// reads it, so the side-by-side comparison differs from Strand's run only in the library (and in
/// dropout masks, which come from each library's own generator).
///
/// Written only when the environment variable `STRAND_EXPORT_RUN` names a folder.
public struct RunExport {
    public let folder: URL

    /// `nil` unless `STRAND_EXPORT_RUN` is set.
    public init?() {
        guard let path = ProcessInfo.processInfo.environment["STRAND_EXPORT_RUN"] else { return nil }
        folder = URL(fileURLWithPath: path)
    }

    /// Writes `NAME_initial.safetensors` (the weights) and `NAME_run.safetensors`: per split
    /// `SPLIT_ids` (padded with `paddingIndex`), `SPLIT_lengths`, `SPLIT_labels`, and per batch list
    /// `LIST_indices` (the batches concatenated) with `LIST_offsets` (where each batch starts, plus the end),
    /// and the `extra` entries the run's recipe needs (class weights, flags).
    public func write(name: String, model: Module, paddingIndex: Int, splits: [String: EncodedReviews], batches: [String: [[Int]]],
                      extra: [(String, StateTensor)] = []) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try model.save(to: folder.appendingPathComponent("\(name)_initial.safetensors"))
        var entries: [(String, StateTensor)] = [("padding_index", .int(IntTensor([paddingIndex])))] + extra
        for (split, reviews) in splits {
            entries.append(("\(split)_ids", .int(PaddedBatch(reviews.ids, paddingIndex: paddingIndex).ids)))
            entries.append(("\(split)_lengths", .int(IntTensor(reviews.ids.map(\.count)))))
            entries.append(("\(split)_labels", .int(IntTensor(reviews.labels))))
        }
        for (list, order) in batches {
            entries.append(("\(list)_indices", .int(IntTensor(order.flatMap { $0 }))))
            entries.append(("\(list)_offsets", .int(IntTensor(order.reduce(into: [0]) { $0.append($0.last! + $1.count) }))))
        }
        try SafeTensors.write(entries, to: folder.appendingPathComponent("\(name)_run.safetensors"))
        print("Wrote the run for PyTorch to \(folder.path)/\(name)_run.safetensors and \(name)_initial.safetensors")
    }

    /// The batch lists of a run: `valid`, `test` and `train_0`, `train_1`, … one per epoch.
    public static func batchLists(valid: [[Int]], test: [[Int]], trainEpochs: [[[Int]]]) -> [String: [[Int]]] {
        var lists = ["valid": valid, "test": test]
        for (epoch, order) in trainEpochs.enumerated() { lists["train_\(epoch)"] = order }
        return lists
    }
}
