import Autograd
import Foundation
@testable import NN
import StrandTestSupport
import Tensor
import Testing

@Suite struct SafeTensorsTests {
    @Test func everyDTypePyTorchWroteIsRead() throws {
        let contents = try SafeTensors.read(fixtureURL("dtypes", "safetensors", in: .module))
        #expect(contents.metadata == ["source": "make_fixtures.py"])
        #expect(contents["f64"] == .float(Tensor([1.5, -2.25, 0])))
        #expect(contents["f16"] == .float(Tensor([0.5, -65504, 6.103515625e-05])))
        #expect(contents["bf16"] == .float(Tensor([1, -3.140625, 1.0002555517425873e30])))  // 1e30 rounded to bfloat16
        #expect(contents["i32"] == .int(IntTensor([-7, 2_147_483_647])))
        #expect(contents["i64"] == .int(IntTensor([-9_000_000_000, 5])))
        #expect(contents["u8"] == .int(IntTensor([0, 255])))
        #expect(contents["bool"] == .int(IntTensor([1, 0])))
    }

    @Test func writeThenReadRoundTrips() throws {
        let tensors: [(String, StateTensor)] = [
            ("b.weight", .float(Tensor([[1.5, -2], [0, 3e-9]]))), ("a.count", .int(IntTensor(42))),
            ("empty", .float(Tensor.zeros([0, 3]))), ("ünïcode \"key\"", .int(IntTensor([1, -1]))),
        ]
        let data = SafeTensors.serialize(tensors, metadata: ["format": "pt"])
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect((8 + headerLength) % 8 == 0)
        let contents = try SafeTensors.parse(data)
        #expect(contents.metadata == ["format": "pt"])
        #expect(contents.tensors.map(\.0) == tensors.map(\.0))
        for (name, value) in tensors { #expect(contents[name] == value, "\(name)") }
    }

    @Test func writesAreAtomic() throws {
        let directory = try temporaryDirectory()
        let url = directory.appendingPathComponent("model.safetensors")
        try SafeTensors.write([("x", .float(Tensor([1])))], to: url)
        try SafeTensors.write([("x", .float(Tensor([2])))], to: url)
        #expect(try SafeTensors.read(url)["x"] == .float(Tensor([2])))
        // Only the finished file is left: no temporary files beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
        let missing = directory.appendingPathComponent("no/such/folder/model.safetensors")
        do {
            try SafeTensors.write([("x", .float(Tensor([1])))], to: missing)
            Issue.record("writing into a missing folder did not throw")
        } catch {
            guard case .unwritable(let path, _) = error else { Issue.record("expected .unwritable, got \(error)"); return }
            #expect(path == missing.path)
        }
        // A well-formed file that does not fit the module says so, naming the file and the keys.
        try SafeTensors.write([("weight", .float(Tensor.zeros([3, 2])))], to: url)
        do {
            try Linear(2, 3).load(from: url)
            Issue.record("loading a file without the bias did not throw")
        } catch {
            guard case .doesNotFit(let path, let mismatch) = error else { Issue.record("expected .doesNotFit, got \(error)"); return }
            #expect(path == url.path && mismatch.missing == ["bias"])
        }
    }

    /// A file with the given header JSON and `dataBytes` zero bytes after it.
    func file(header: String, dataBytes: Int, declaredLength: Int? = nil) -> Data {
        var data = Data()
        withUnsafeBytes(of: UInt64(declaredLength ?? header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(header.utf8))
        data.append(Data(count: dataBytes))
        return data
    }

    @Test(arguments: [
        ("short", "fewer than the 8-byte header length"),
        ("length", "header declares 1000 bytes"),
        ("notJSON", "invalid safetensors header: not valid JSON"),
        ("notObject", "does not start with '{'"),
        ("dtype", #"unsupported dtype "Q7""#),
        ("outside", "lie outside the 8-byte buffer"),
        ("size", "needs 12 bytes, data_offsets give 8"),
        ("overlap", "overlap the previous tensor"),
        ("gap", "a gap of 4 bytes"),
        ("uncovered", "tensors cover 8 of the 12 data bytes"),
        ("fields", #"needs "dtype", "shape" and "data_offsets", found {"dtype":"F32","shape":[2]}"#),
        ("negative", "negative size"),
        ("huge", "needs more than Int.max bytes"),
    ])
    func malformedFilesThrowClearErrors(kind: String, expected: String) {
        let data: Data
        switch kind {
        case "short": data = Data([1, 2, 3])
        case "length": data = file(header: "{}", dataBytes: 0, declaredLength: 1000)
        case "notJSON": data = file(header: "{\"a\": [1,", dataBytes: 0)
        case "notObject": data = file(header: "[1, 2]", dataBytes: 0)
        case "dtype": data = file(header: #"{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,4]}}"#, dataBytes: 4)
        case "outside": data = file(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, dataBytes: 8)
        case "size": data = file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, dataBytes: 8)
        case "overlap": data = file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, dataBytes: 8)
        case "gap": data = file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, dataBytes: 12)
        case "uncovered": data = file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 12)
        case "fields": data = file(header: #"{"a":{"dtype":"F32","shape":[2]}}"#, dataBytes: 8)
        case "negative": data = file(header: #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, dataBytes: 8)
        default: data = file(header: #"{"a":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, dataBytes: 8)
        }
        do {
            _ = try SafeTensors.parse(data, path: "bad.safetensors")
            Issue.record("\(kind): no error thrown")
        } catch {
            #expect(error.description.hasPrefix("bad.safetensors: "))
            #expect(error.description.contains(expected), "\(kind): \(error.description)")
        }
    }

    @Test func truncatingAValidFileAnywhereNeverCrashes() throws {
        let data = SafeTensors.serialize([("w", .float(Tensor.ones([3, 2]))), ("n", .int(IntTensor([4])))])
        for length in 0..<data.count {
            #expect(throws: SafeTensorsError.self) { try SafeTensors.parse(data.prefix(length)) }
        }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.read(URL(fileURLWithPath: "/nonexistent/file.safetensors")) }
    }
}
