import Autograd
import Foundation
import NN
import Tensor
import Testing

/// Saving weights and optimiser state: atomic, tidy after killed saves, and readable from what
/// PyTorch writes.
@Suite struct CheckpointFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("strand-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    /// The PID of a process that has ended, as a save killed mid-write leaves in its file's name.
    func endedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func aSaveLeavesOnlyItsFile() throws {
        try Linear(3, 2).save(to: folder.appendingPathComponent("model.safetensors"))
        #expect(try names() == ["model.safetensors"])
    }

    @Test func aSaveRemovesWhatKilledSavesLeftButNotWhatRunningOnesWrite() throws {
        let dead = ".model.safetensors.strand-tmp-\(try endedProcessID())-1"
        let running = ".model.safetensors.strand-tmp-1-1"        // process 1 always runs
        let unrelated = ".other.safetensors.strand-tmp-\(try endedProcessID())-1"
        for name in [dead, running, unrelated] { try Data(count: 1000).write(to: folder.appendingPathComponent(name)) }
        try Linear(3, 2).save(to: folder.appendingPathComponent("model.safetensors"))
        #expect(try names() == [running, unrelated, "model.safetensors"].sorted())
    }

    @Test func aFailedSaveLeavesNoTemporaryFile() throws {
        // A folder in the target's place makes the final rename fail after the bytes are written.
        let target = folder.appendingPathComponent("model.safetensors")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: target.appendingPathComponent("inside"))
        #expect(throws: SafeTensorsError.self) { try Linear(3, 2).save(to: target) }
        #expect(try names() == ["model.safetensors"])
        #expect(try Data(contentsOf: target.appendingPathComponent("inside")) == Data("keep".utf8))
    }

    @Test func optimizerStateRoundTripsThroughAFile() throws {
        let parameter = Parameter(Tensor([1, 2]))
        let optimizer = Adam(groups: [ParameterGroup([parameter])], learningRate: 0.1)
        parameter.grad = Tensor([0.5, -1])
        optimizer.step()
        optimizer.step()
        let url = folder.appendingPathComponent("optimizer.safetensors")
        try optimizer.save(to: url)
        let restored = Adam(groups: [ParameterGroup([parameter])], learningRate: 0.1)
        try restored.load(from: url)
        #expect(restored.stateDict().map(\.0) == optimizer.stateDict().map(\.0))
        #expect(restored.stateDict().map(\.1) == optimizer.stateDict().map(\.1))
    }

    /// PyTorch ≥ 1.12 stores Adam's step as a float tensor.
    @Test func aFloatStepCountAsPyTorchStoresItIsRestored() throws {
        let parameter = Parameter(Tensor([1, 2]))
        let optimizer = Adam(groups: [ParameterGroup([parameter])])
        try optimizer.loadStateDict([("state.0.step", .float(Tensor(3))), ("state.0.exp_avg", .float(Tensor([0.1, 0.2]))),
                                     ("state.0.exp_avg_sq", .float(Tensor([0.01, 0.04])))])
        #expect(optimizer.stateDict().first { $0.0 == "state.0.step" }?.1 == .int(IntTensor(3)))
    }
}
