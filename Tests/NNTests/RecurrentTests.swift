import Autograd
@testable import NN
import StrandTestSupport
import Tensor
import Testing

struct RecurrentFixture: Decodable {
    struct Case: Decodable {
        let kind: String
        let layers: Int
        let proj_size: Int
        let bidirectional, with_state, variable, batch_first: Bool
        let lengths: [Int]?
        let parameters: [String: FixtureTensor]
        let input, h0, c0, w_out, w_h, w_c, output, h_n: FixtureTensor
        let c_n: FixtureTensor?
        let grad_input: FixtureTensor
        let grad_h0, grad_c0: FixtureTensor?
        let grad_parameters: [String: FixtureTensor]
    }
    struct Cell: Decodable {
        let kind: String
        let parameters: [String: FixtureTensor]
        let input, h0, c0, w_h, w_c, h1: FixtureTensor
        let c1: FixtureTensor?
        let grad_input, grad_h0: FixtureTensor
        let grad_c0: FixtureTensor?
        let grad_parameters: [String: FixtureTensor]
    }
    let cases: [Case]
    let cells: [Cell]
    let reprs: [String: String]
}

/// Loads fixture parameters (PyTorch names) into a module, strictly.
func load(_ parameters: [String: FixtureTensor], into module: Module) throws {
    try module.loadStateDict(parameters.map { ($0.key, StateTensor.float($0.value.tensor)) })
}

@Suite struct RecurrentTests {
    static let fixture = Result { try loadFixture(RecurrentFixture.self, named: "recurrent", in: .module) }

    func network(_ testCase: RecurrentFixture.Case) -> RecurrentNetwork {
        let (input, hidden) = (testCase.input.shape.last!, testCase.c0.shape.last!)
        switch testCase.kind {
        case "lstm":
            return LSTM(input, hidden, numLayers: testCase.layers, batchFirst: testCase.batch_first, bidirectional: testCase.bidirectional,
                        projSize: testCase.proj_size)
        case "gru": return GRU(input, hidden, numLayers: testCase.layers, batchFirst: testCase.batch_first, bidirectional: testCase.bidirectional)
        default:
            return RNN(input, hidden, numLayers: testCase.layers, nonlinearity: testCase.kind == "rnn_relu" ? .relu : .tanh,
                       batchFirst: testCase.batch_first, bidirectional: testCase.bidirectional)
        }
    }

    /// 90 configurations of the four cells, then 17 LSTMs with `projSize`.
    @Test func theFixtureHolds107Cases() throws {
        #expect(try Self.fixture.get().cases.count == 107)
    }

    /// One test per case, so a failing case does not hide the others.
    @Test(arguments: 0..<107) func configurationMatchesPyTorch(index: Int) throws {
        let fixture = try Self.fixture.get()
        let testCase = try #require(fixture.cases.indices.contains(index) ? fixture.cases[index] : nil)
        let name = "\(testCase.kind) projSize \(testCase.proj_size) layers \(testCase.layers) bidirectional \(testCase.bidirectional) state \(testCase.with_state) lengths \(testCase.variable) batchFirst \(testCase.batch_first)"
        let module = network(testCase)
        try load(testCase.parameters, into: module)
        let input = Variable(testCase.input.tensor, requiresGrad: true)
        let h0 = Variable(testCase.h0.tensor, requiresGrad: true)
        let c0 = Variable(testCase.c0.tensor, requiresGrad: true)
        let isLSTM = testCase.kind == "lstm"
        let result = module(RecurrentInput(input, lengths: testCase.lengths, initialHidden: testCase.with_state ? h0 : nil,
                                           initialCell: testCase.with_state && isLSTM ? c0 : nil))
        var loss = (result.output * Variable(testCase.w_out.tensor)).sum() + (result.hidden * Variable(testCase.w_h.tensor)).sum()
        if let cell = result.cell { loss = loss + (cell * Variable(testCase.w_c.tensor)).sum() }
        loss.backward()

        expectMatches(result.output.value, testCase.output.tensor, name + ": output")
        expectMatches(result.hidden.value, testCase.h_n.tensor, name + ": h_n")
        if let expected = testCase.c_n { expectMatches(result.cell?.value, expected.tensor, name + ": c_n") }
        expectMatches(input.grad, testCase.grad_input.tensor, name + ": ∂input")
        if let expected = testCase.grad_h0 { expectMatches(h0.grad, expected.tensor, name + ": ∂h0") }
        if let expected = testCase.grad_c0 { expectMatches(c0.grad, expected.tensor, name + ": ∂c0") }
        for (parameterName, parameter) in module.namedParameters() {
            expectMatches(parameter.grad, testCase.grad_parameters[parameterName]!.tensor, name + ": ∂\(parameterName)")
        }
    }

    @Test func theFixtureHolds3Cells() throws {
        #expect(try Self.fixture.get().cells.count == 3)
    }

    /// One test per case, so a failing case does not hide the others.
    @Test(arguments: 0..<3) func cellMatchesPyTorch(index: Int) throws {
        let fixture = try Self.fixture.get()
        let testCase = try #require(fixture.cells.indices.contains(index) ? fixture.cells[index] : nil)
        let (inputSize, hidden) = (testCase.input.shape[1], testCase.h0.shape[1])
        let input = Variable(testCase.input.tensor, requiresGrad: true)
        let h0 = Variable(testCase.h0.tensor, requiresGrad: true), c0 = Variable(testCase.c0.tensor, requiresGrad: true)
        let module: RecurrentCellModule
        var h1: Variable, c1: Variable?
        switch testCase.kind {
        case "lstm":
            let cell = LSTMCell(inputSize, hidden)
            try load(testCase.parameters, into: cell)
            (h1, c1) = cell(input, (h0, c0))
            module = cell
        case "gru":
            let cell = GRUCell(inputSize, hidden)
            try load(testCase.parameters, into: cell)
            h1 = cell(input, h0)
            module = cell
        default:
            let cell = RNNCell(inputSize, hidden)
            try load(testCase.parameters, into: cell)
            h1 = cell(input, h0)
            module = cell
        }
        var loss = (h1 * Variable(testCase.w_h.tensor)).sum()
        if let c1 { loss = loss + (c1 * Variable(testCase.w_c.tensor)).sum() }
        loss.backward()
        expectMatches(h1.value, testCase.h1.tensor, "\(testCase.kind) cell h")
        if let expected = testCase.c1 { expectMatches(c1?.value, expected.tensor, "\(testCase.kind) cell c") }
        expectMatches(input.grad, testCase.grad_input.tensor, "\(testCase.kind) cell ∂input")
        expectMatches(h0.grad, testCase.grad_h0.tensor, "\(testCase.kind) cell ∂h0")
        if let expected = testCase.grad_c0 { expectMatches(c0.grad, expected.tensor, "\(testCase.kind) cell ∂c0") }
        for (name, parameter) in module.namedParameters() {
            expectMatches(parameter.grad, testCase.grad_parameters[name]!.tensor, "\(testCase.kind) cell ∂\(name)")
        }
    }

    @Test func printedLikePyTorch() throws {
        let reprs = try Self.fixture.get().reprs
        #expect(LSTM(100, 256, numLayers: 2, dropout: 0.2, bidirectional: true).description == reprs["lstm"])
        #expect(LSTM(8, 6, batchFirst: true, projSize: 4).description == reprs["lstm_projection"])
        #expect(GRU(4, 3, batchFirst: true).description == reprs["gru"])
        #expect(RNN(256, 5, nonlinearity: .relu, bias: false).description == reprs["rnn"])
        #expect(LSTMCell(4, 3).description == reprs["lstm_cell"])
    }
}

@Suite struct RecurrentCheckpointTests {
    @Test func aPyTorchBiLSTMCheckpointLoadsAndMatches() throws {
        let contents = try SafeTensors.read(fixtureURL("bilstm", "safetensors", in: .module))
        func tensor(_ key: String) throws -> Tensor {
            guard case .float(let value) = try #require(contents[key]) else { throw FixtureError.missing(key) }
            return value
        }
        let lstm = LSTM(6, 5, numLayers: 2, bidirectional: true)
        try lstm.loadStateDict(contents.tensors.filter { !["input", "lengths"].contains($0.0) && !$0.0.hasPrefix("expected") })
        guard case .int(let lengths) = try #require(contents["lengths"]) else { throw FixtureError.missing("lengths") }
        lstm.eval()
        let result = lstm(Variable(try tensor("input")), lengths: lengths.scalars)
        expectMatches(result.output.value, try tensor("expected_output"), "output")
        expectMatches(result.hidden.value, try tensor("expected_h_n"), "h_n")
        expectMatches(result.cell?.value, try tensor("expected_c_n"), "c_n")
    }
}

enum FixtureError: Error { case missing(String) }
