import Autograd
import Foundation
@testable import NN
import StrandTestSupport
import Tensor
import Testing

/// A fresh temporary directory for a test's files.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("strand-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The model of `make_fixtures.py`, declared the way a user would.
final class Small: Module, Layer {
    let embedding = Embedding(count: 10, dimension: 4, paddingIndex: 0)
    let encoder = Linear(4, 6)
    let norm = LayerNorm([6])
    let batchNorm = BatchNorm1d(6)
    let head = Sequential(ReLU(), Linear(6, 3))

    func forward(_ ids: IntTensor) -> Variable {
        head(batchNorm(norm(encoder(embedding(ids).mean(axis: 1)))))
    }
}
