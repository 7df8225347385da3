import ArgumentParser
import Strand

/// `strand info`: what Strand runs on here — CPU, OpenBLAS build and core, threads, SIMD level of
/// Strand's own kernels, allocator and floating-point mode.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print the runtime report: CPU, BLAS core, threads, SIMD level.")

    func run() {
        print(RuntimeReport.current)
    }
}
