// swift-tools-version:6.1
// Strand's micro-benchmarks on ordo-one's package-benchmark (`swift package benchmark`): wall
// clock, throughput, CPU time and malloc counts per operation, saved baselines and regression
// checks. A package of its own so that the library's dependency graph stays as it is: Strand's
// modules depend on nothing but OpenBLAS.
//
//   cd Benchmarks/Micro && swift package benchmark                       # run all
//   swift package benchmark baseline update before                       # save a baseline
//   swift package benchmark baseline compare before                      # compare the working tree with it
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder: whatever the clone of Strand is called.
let strand = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.lastPathComponent
let benchmark: [Target.Dependency] = [.product(name: "Strand", package: strand), .product(name: "Benchmark", package: "benchmark")]

let package = Package(
    name: "StrandMicroBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: ["TensorMicro", "AutogradMicro", "TextDataMicro"].map { name in
        .executableTarget(name: name, dependencies: benchmark, path: "Benchmarks/\(name)",
                          plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
    }
)
