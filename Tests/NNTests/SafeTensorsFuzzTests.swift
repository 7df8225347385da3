import Autograd
import Foundation
import NN
import StrandTestSupport
import Tensor
import Testing

/// Seeded mutations of valid safetensors files: parsing must throw a ``SafeTensorsError`` or give
/// tensors that fill exactly the bytes their header describes; loading into a module must throw or
/// leave every parameter finite and of its own shape — never trap. `STRAND_FUZZ_ITERATIONS`
/// runs more than the suite's few hundred.
@Suite struct SafeTensorsFuzzTests {
    static func seed() -> (module: Module, file: Data) {
        let module = Sequential(Linear(3, 2), BatchNorm1d(2))
        return (module, SafeTensors.serialize(module.stateDict(), metadata: ["format": "pt", "epoch": "3"]))
    }

    @Test func parsingThrowsOrGivesConsistentTensors() {
        var mutator = ByteMutator(seed: 17)
        var parsed = 0
        for _ in 0..<fuzzIterations(default: 500) {
            let file = mutator.mutate(Self.seed().file)
            do {
                let contents = try SafeTensors.parse(file)
                parsed += 1
                for (_, tensor) in contents.tensors {
                    switch tensor {
                    case .float(let values): #expect(values.count == values.shape.reduce(1, *))
                    case .int(let values): #expect(values.count == values.shape.reduce(1, *))
                    }
                }
                // What was read writes back and reads again the same (compared as bytes: a flipped bit may have made a NaN).
                let written = SafeTensors.serialize(contents.tensors, metadata: contents.metadata)
                let again = try SafeTensors.parse(written)
                #expect(SafeTensors.serialize(again.tensors, metadata: again.metadata) == written)
            } catch {
                #expect(error.description.count < 700, "\(error.description.prefix(300))")
            }
        }
        #expect(parsed > 0)
    }

    @Test func loadingThrowsOrKeepsTheModuleValid() throws {
        let (module, file) = Self.seed()
        let shapes = module.stateDict().map(\.1.shape)
        var mutator = ByteMutator(seed: 29)
        for _ in 0..<fuzzIterations(default: 500) {
            guard let contents = try? SafeTensors.parse(mutator.mutate(file)) else { continue }
            do {
                try module.loadStateDict(contents.tensors)
            } catch {
                #expect(error.description.count < 700, "\(error.description.prefix(300))")
            }
            #expect(module.stateDict().map(\.1.shape) == shapes)
            #expect(module.parameters().allSatisfy { $0.value.scalars.allSatisfy { $0.isFinite } })
        }
    }
}
