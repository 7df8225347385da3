import Autograd
import Foundation
@testable import NN
import StrandTestSupport
import Tensor
import Testing

struct ModelFixture: Decodable {
    struct HookEvent: Decodable {
        let event: String
        let module: String
        let output: FixtureTensor?
        let grad_output: FixtureTensor?
        let grad_input: FixtureTensor?
    }
    let ids: [[Int]]
    let labels: [Int]
    let train_output, eval_output: FixtureTensor
    let loss: Double
    let grads: [String: FixtureTensor]
    let hooks: [HookEvent]
    let parameter_names: [String]
    let state_dict_keys: [String]
    let repr: String
}

@Suite struct ModelParityTests {
    let fixture: ModelFixture

    init() throws {
        fixture = try loadFixture(ModelFixture.self, named: "model", in: .module)
    }

    @Test func namesAndPrintedTreeMatchPyTorch() {
        let model = Small()
        #expect(model.namedParameters().map(\.0) == fixture.parameter_names)
        #expect(model.stateDict().map(\.0) == fixture.state_dict_keys)
        #expect(model.description == fixture.repr)
    }

    @Test func aPyTorchCheckpointLoadsAndTrainsIdentically() throws {
        let model = Small()
        try model.load(from: fixtureURL("model_initial", "safetensors", in: .module))
        // Record what the hooks see, in firing order, as the fixture script did.
        var events: [(event: String, module: String, value: Tensor?, gradInput: Tensor?)] = []
        let names: [(String, Module)] = [("embedding", model.embedding), ("encoder", model.encoder), ("norm", model.norm),
                                         ("batch_norm", model.batchNorm), ("head", model.head)]
        for (name, module) in names {
            module.registerForwardHook { _, _, outputs in events.append(("forward", name, outputs[0].value, nil)); return nil }
            module.registerBackwardHook { _, gradInputs, gradOutputs in events.append(("backward", name, gradOutputs[0], gradInputs.first ?? nil)) }
        }
        let output = model(IntTensor(fixture.ids))
        let loss = CrossEntropyLoss()(output, IntTensor(fixture.labels))
        loss.backward()

        expectMatches(output.value, fixture.train_output.tensor, "train output")
        #expect(Swift.abs(Double(loss.item) - fixture.loss) < 1e-5)
        for (name, parameter) in model.namedParameters() {
            // Training-mode BatchNorm removes each channel's mean, so the LayerNorm parameters before
            // it get gradients that are zero up to Float32 rounding (~1e-7): an absolute floor.
            expectMatches(parameter.grad, fixture.grads[name]!.tensor, tolerance: 1e-4, absoluteTolerance: 1e-6, "∂\(name)")
        }
        #expect(events.map { "\($0.event) \($0.module)" } == fixture.hooks.map { "\($0.event) \($0.module)" })
        for (event, expected) in zip(events, fixture.hooks) {
            let label = "\(event.event) hook of \(event.module)"
            expectMatches(event.value, (expected.output ?? expected.grad_output)!.tensor, tolerance: 1e-4, label)
            if let gradInput = expected.grad_input { expectMatches(event.gradInput, gradInput.tensor, tolerance: 1e-4, label + " grad input") }
            else { #expect(event.gradInput == nil, "\(label): expected no input gradient") }
        }

        // The training pass moved BatchNorm's running statistics exactly as PyTorch's did.
        let trained = try SafeTensors.read(fixtureURL("model", "safetensors", in: .module))
        for (name, buffer) in model.namedBuffers() {
            #expect(buffer.value.shape == trained[name]?.shape)
            if case .float(let expected) = trained[name] { expectMatches(buffer.tensor, expected, "\(name)") }
            if case .int(let expected) = trained[name] { #expect(buffer.value == .int(expected.reshaped([]))) }
        }
        model.eval()
        expectMatches(withoutGradients { model(IntTensor(fixture.ids)) }.value, fixture.eval_output.tensor, "eval output")
    }

    @Test func aStrandCheckpointRoundTripsAndFailsLoudlyOnMismatch() throws {
        let model = Small()
        try model.load(from: fixtureURL("model", "safetensors", in: .module))
        // One training step of Strand's own, so the saved weights are not PyTorch's.
        let optimizer = Adam(model.parameters(), learningRate: 0.01)
        CrossEntropyLoss()(model(IntTensor(fixture.ids)), IntTensor(fixture.labels)).backward()
        optimizer.step()
        let url = try temporaryDirectory().appendingPathComponent("small.safetensors")
        try model.save(to: url)
        try exportForPyTorch(model)
        let copy = Small()
        try copy.load(from: url)
        #expect(copy.stateDict().map(\.1) == model.stateDict().map(\.1))
        copy.eval()
        model.eval()
        let ids = IntTensor(fixture.ids)
        #expect(withoutGradients { copy(ids).value == model(ids).value })

        var entries = model.stateDict().filter { $0.0 != "encoder.bias" }
        entries.append(("decoder.weight", .float(Tensor.zeros([2]))))
        entries[0] = ("embedding.weight", .float(Tensor.zeros([9, 4])))
        do {
            try copy.loadStateDict(entries)
            Issue.record("loading a mismatched state dict did not throw")
        } catch {
            #expect(error.missing == ["encoder.bias"])
            #expect(error.unexpected == ["decoder.weight"])
            #expect(error.shapeMismatches == [.init(key: "embedding.weight", expected: [10, 4], found: [9, 4])])
            #expect(error.description.contains("Missing key(s): \"encoder.bias\""))
        }
        // Not strict: known keys load, unknown ones are ignored; shapes must still fit.
        try copy.loadStateDict([("encoder.bias", .float(Tensor.ones([6]))), ("extra", .float(Tensor([1])))], strict: false)
        #expect(copy.encoder.bias?.value == Tensor.ones([6]))
    }

    /// With `STRAND_INTEROP_DIR` set, writes the checkpoint and its evaluation output there for
    /// `Fixtures/check_strand_checkpoint.py` to load into PyTorch.
    func exportForPyTorch(_ model: Small) throws {
        guard let directory = ProcessInfo.processInfo.environment["STRAND_INTEROP_DIR"] else { return }
        let folder = URL(fileURLWithPath: directory)
        try model.save(to: folder.appendingPathComponent("strand_small.safetensors"), metadata: ["writer": "Strand"])
        model.eval()
        let output = withoutGradients { model(IntTensor(fixture.ids)) }.value
        model.train()
        try SafeTensors.write([("ids", .int(IntTensor(fixture.ids))), ("eval_output", .float(output))], to: folder.appendingPathComponent("strand_small_output.safetensors"))
    }
}
