// swift-tools-version:6.0
// Strand: a Swift deep-learning library for sequences.
//
// Modules, each importable on its own and depending only on the ones above it in this list:
//   Tensor → Autograd → NN → Interpret, and Tensor → TextData;  only the umbrella Strand
//   re-exports (`import Strand` for everything; `import NN` alone does not bring in `Tensor`).
// The core modules depend on nothing but OpenBLAS/LAPACKE (system library `COpenBLAS`), a small C
// target of vectorized math kernels (`CVectorMath`) and one that reads the CPU and sets its
// floating-point mode (`CPlatform`).
// `Distributed` (data-parallel training over MPI) is a product of its own, outside the umbrella: it
// links Open MPI (system library `CMPI`), which only programs that import it need.
import PackageDescription

let package = Package(
    name: "Strand",
    products: [
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "Autograd", targets: ["Autograd"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "TextData", targets: ["TextData"]),
        .library(name: "Interpret", targets: ["Interpret"]),
        .library(name: "Strand", targets: ["Strand"]),
        .library(name: "Distributed", targets: ["Distributed"]),
        .executable(name: "strand", targets: ["StrandCLI"]),
    ],
    dependencies: [
        // Command-line parsing for the `strand` tool and the examples only; the library modules depend on nothing but OpenBLAS.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation` (DocC); a plugin, not linked into any product.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]
        ),
        .target(name: "CVectorMath"),
        .target(name: "CPlatform"),
        .target(name: "Tensor", dependencies: ["COpenBLAS", "CVectorMath", "CPlatform"]),
        .target(name: "Autograd", dependencies: ["Tensor"]),
        .target(name: "NN", dependencies: ["Tensor", "Autograd", "CVectorMath"]),
        .target(name: "TextData", dependencies: ["Tensor", "CVectorMath"]),
        .target(name: "Interpret", dependencies: ["Tensor", "Autograd", "NN"]),
        .target(name: "Strand", dependencies: ["Tensor", "Autograd", "NN", "TextData", "Interpret"]),
        .target(name: "Distributed", dependencies: ["Tensor", "Autograd", "NN", "CMPI"]),
        .executableTarget(
            name: "StrandCLI",
            dependencies: ["Strand", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "TensorTour", dependencies: ["Tensor"], path: "Examples/TensorTour"),
        .target(name: "ExampleSupport", dependencies: ["Strand"], path: "Examples/ExampleSupport"),
        .executableTarget(
            name: "SentimentRelevance",
            dependencies: ["Strand", "ExampleSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/SentimentRelevance"),
        .executableTarget(
            name: "ULMFiT",
            dependencies: ["Strand", "ExampleSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/ULMFiT"),
        .executableTarget(
            name: "RNNSentiment",
            dependencies: ["Strand", "ExampleSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/RNNSentiment"),
        .executableTarget(
            name: "IMDBClassifiers",
            dependencies: ["Strand", "ExampleSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/IMDBClassifiers"),
        .executableTarget(
            name: "WordEmbeddings",
            dependencies: ["Strand", "ExampleSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/WordEmbeddings"),
        .executableTarget(
            name: "DistributedTraining",
            dependencies: ["Strand", "Distributed", "ExampleSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/DistributedTraining"),
        .target(name: "BenchmarkSupport", dependencies: ["Tensor"], path: "Benchmarks/BenchmarkSupport"),
        .executableTarget(name: "TensorBenchmarks", dependencies: ["Tensor", "COpenBLAS", "BenchmarkSupport"], path: "Benchmarks/TensorBenchmarks"),
        .executableTarget(name: "AutogradBenchmarks", dependencies: ["Tensor", "Autograd", "BenchmarkSupport"], path: "Benchmarks/AutogradBenchmarks"),
        .executableTarget(name: "ModelBenchmarks", dependencies: ["Tensor", "Autograd", "NN", "BenchmarkSupport"], path: "Benchmarks/ModelBenchmarks"),
        .executableTarget(name: "OptimizerBenchmarks", dependencies: ["Tensor", "Autograd", "NN", "CVectorMath", "BenchmarkSupport"], path: "Benchmarks/OptimizerBenchmarks"),
        .executableTarget(name: "InterpretBenchmarks", dependencies: ["Tensor", "Autograd", "NN", "Interpret", "BenchmarkSupport"], path: "Benchmarks/InterpretBenchmarks"),
        .executableTarget(name: "WordVectorBenchmarks", dependencies: ["Tensor", "TextData", "BenchmarkSupport"], path: "Benchmarks/WordVectorBenchmarks"),
        .executableTarget(name: "AWDLSTMBenchmarks", dependencies: ["Tensor", "Autograd", "NN", "BenchmarkSupport"], path: "Benchmarks/AWDLSTMBenchmarks"),
        .executableTarget(name: "TextDataBenchmarks", dependencies: ["Tensor", "TextData", "BenchmarkSupport"], path: "Benchmarks/TextDataBenchmarks"),
        .executableTarget(name: "AllReduceBenchmarks", dependencies: ["Tensor", "Distributed", "BenchmarkSupport"], path: "Benchmarks/AllReduceBenchmarks"),
        .target(name: "StrandTestSupport", dependencies: ["Tensor"], path: "Tests/StrandTestSupport"),
        .target(name: "CTestSupport", path: "Tests/CTestSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "StrandTestSupport"]),
        .testTarget(name: "AutogradTests", dependencies: ["Tensor", "Autograd", "StrandTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["Tensor", "Autograd", "NN", "StrandTestSupport", "CTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TextDataTests", dependencies: ["Tensor", "TextData", "StrandTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InterpretTests", dependencies: ["Tensor", "Autograd", "NN", "Interpret", "StrandTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ExampleTests", dependencies: ["WordEmbeddings", "Strand"]),
        .testTarget(name: "CLITests", dependencies: ["StrandCLI"]),
        .testTarget(name: "TutorialTests", dependencies: ["Strand", "Distributed"]),
        // Runs `DistributedCheck` (a few training steps, on 1 and on 2 processes) under `mpirun`.
        .executableTarget(name: "DistributedCheck", dependencies: ["Tensor", "Autograd", "NN", "Distributed"], path: "Tests/DistributedCheck"),
        .testTarget(name: "DistributedTests", dependencies: ["Tensor", "NN", "Distributed", "DistributedCheck"]),
    ]
)
