import CVectorMath
import Foundation

// Elementwise operations. Each operation is a small type with a static `apply`, so the generic
// kernels below are specialised per operation and their loops vectorize.

/// A function applied to each element.
protocol UnaryOperation {
    /// A rough cost relative to an add, used to decide when to split work across threads.
    static var cost: Int { get }
    static func apply(_ x: Float) -> Float
    /// Applies the function to `count` contiguous elements (`output` may equal `input`).
    static func apply(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int)
}

extension UnaryOperation {
    static var cost: Int { 1 }

    @inline(__always)
    static func apply(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { output[i] = apply(input[i]) }
    }
}

/// A transcendental function computed by a `CVectorMath` kernel, vectorized for the running CPU.
protocol VectorKernelOperation: UnaryOperation {
    static func kernel(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ count: Int)
}

extension VectorKernelOperation {
    static var cost: Int { 4 }

    static func apply(_ x: Float) -> Float {
        var result: Float = 0
        withUnsafePointer(to: x) { input in kernel(input, &result, 1) }
        return result
    }

    static func apply(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        kernel(input, output, count)
    }
}

/// A function of two elements, applied with broadcasting.
protocol BinaryOperation {
    static func apply(_ a: Float, _ b: Float) -> Float
}

extension Tensor {
    /// Applies `Operation` to every element.
    func map<Operation: UnaryOperation>(_: Operation.Type) -> Tensor {
        Tensor(shape: shape) { output in
            scalars.withUnsafeBufferPointer { input in
                Parallel.forEachChunk(count: input.count, costPerElement: Operation.cost) { range in
                    Operation.apply(input.baseAddress! + range.lowerBound, output.baseAddress! + range.lowerBound, count: range.count)
                }
            }
        }
    }

    /// Applies `Operation` to pairs of elements of `self` and `other`, broadcasting both.
    func zip<Operation: BinaryOperation>(_ other: Tensor, _: Operation.Type, op: String) -> Tensor {
        if shape == other.shape {
            return Tensor(shape: shape) { output in
                scalars.withUnsafeBufferPointer { a in
                    other.scalars.withUnsafeBufferPointer { b in
                        Parallel.forEachChunk(count: a.count) { range in
                            for i in range { output[i] = Operation.apply(a[i], b[i]) }
                        }
                    }
                }
            }
        }
        if other.count == 1 && other.rank <= rank {
            // A tensor with a scalar (the `x * 0.01` of every update): one constant operand.
            let constant = other.scalars[0]
            return Tensor(shape: shape) { output in
                scalars.withUnsafeBufferPointer { a in
                    Parallel.forEachChunk(count: a.count) { range in
                        for i in range { output[i] = Operation.apply(a[i], constant) }
                    }
                }
            }
        }
        let outputShape = requireShapes { () throws(ShapeError) in try broadcastShape(shape, other.shape, op: op) }
        let plan = BroadcastPlan(output: outputShape, operands: [shape, other.shape])
        let inner = plan.innerCount
        let strideA = plan.strides[0].last!
        let strideB = plan.strides[1].last!
        return Tensor(shape: outputShape) { output in
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    plan.forEachRun { outputOffset, offsets in
                        let out = output.baseAddress! + outputOffset
                        let pa = a.baseAddress! + offsets[0]
                        let pb = b.baseAddress! + offsets[1]
                        // Specialise the common stride patterns so the inner loop vectorizes.
                        switch (strideA, strideB) {
                        case (1, 1): for i in 0..<inner { out[i] = Operation.apply(pa[i], pb[i]) }
                        case (1, 0): let bv = pb[0]; for i in 0..<inner { out[i] = Operation.apply(pa[i], bv) }
                        case (0, 1): let av = pa[0]; for i in 0..<inner { out[i] = Operation.apply(av, pb[i]) }
                        default: for i in 0..<inner { out[i] = Operation.apply(pa[i * strideA], pb[i * strideB]) }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Operations

enum Add: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
enum Subtract: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
enum Multiply: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
enum Divide: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b } }
enum Power: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { Foundation.pow(a, b) } }
enum Maximum: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a > b || a != a ? a : b } }
enum Minimum: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a < b || a != a ? a : b } }

enum Negate: UnaryOperation { @inline(__always) static func apply(_ x: Float) -> Float { -x } }
enum Exp: VectorKernelOperation {
    static func kernel(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ count: Int) { strand_exp(input, output, count) }
}
enum Log: UnaryOperation { static let cost = 8; @inline(__always) static func apply(_ x: Float) -> Float { Foundation.log(x) } }
enum Log1p: UnaryOperation { static let cost = 8; static func apply(_ x: Float) -> Float { Foundation.log1p(x) } }
enum SquareRoot: UnaryOperation { @inline(__always) static func apply(_ x: Float) -> Float { x.squareRoot() } }
enum Absolute: UnaryOperation { @inline(__always) static func apply(_ x: Float) -> Float { Swift.abs(x) } }
enum HyperbolicTangent: VectorKernelOperation {
    static func kernel(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ count: Int) { strand_tanh(input, output, count) }
}
enum Sigmoid: VectorKernelOperation {
    static func kernel(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ count: Int) { strand_sigmoid(input, output, count) }
}
enum Rectifier: UnaryOperation { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? x : (x != x ? x : 0) } }

// MARK: - Operators

extension Tensor {
    /// Elementwise sum, broadcasting both operands.
    public static func + (a: Tensor, b: Tensor) -> Tensor { a.zip(b, Add.self, op: "+") }
    /// Elementwise difference, broadcasting both operands.
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.zip(b, Subtract.self, op: "-") }
    /// Elementwise product, broadcasting both operands.
    public static func * (a: Tensor, b: Tensor) -> Tensor { a.zip(b, Multiply.self, op: "*") }
    /// Elementwise quotient, broadcasting both operands.
    public static func / (a: Tensor, b: Tensor) -> Tensor { a.zip(b, Divide.self, op: "/") }

    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(b) }
    public static func - (a: Tensor, b: Float) -> Tensor { a - Tensor(b) }
    public static func * (a: Tensor, b: Float) -> Tensor { a * Tensor(b) }
    public static func / (a: Tensor, b: Float) -> Tensor { a / Tensor(b) }
    public static func + (a: Float, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Float, b: Tensor) -> Tensor { Tensor(a) * b }
    public static func / (a: Float, b: Tensor) -> Tensor { Tensor(a) / b }

    /// Elementwise negation.
    public static prefix func - (x: Tensor) -> Tensor { x.map(Negate.self) }

    /// Adds `b` into `a`: in place when they have the same shape and `a`'s storage is not shared
    /// (gradient accumulation adds many large tensors into one; a new buffer for each sum costs an
    /// allocation and fresh pages every time), otherwise `a = a + b` with broadcasting.
    public static func += (a: inout Tensor, b: Tensor) {
        guard a.shape == b.shape else { a = a + b; return }
        b.withUnsafeBufferPointer { source in
            a.withUnsafeMutableBufferPointer { target in
                let target = target
                Parallel.forEachChunk(count: target.count) { range in
                    for i in range { target[i] += source[i] }
                }
            }
        }
    }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
    public static func += (a: inout Tensor, b: Float) { a = a + b }
    public static func -= (a: inout Tensor, b: Float) { a = a - b }
    public static func *= (a: inout Tensor, b: Float) { a = a * b }
    public static func /= (a: inout Tensor, b: Float) { a = a / b }
}

// MARK: - Functions

/// e^x for each element.
public func exp(_ x: Tensor) -> Tensor { x.map(Exp.self) }
/// The natural logarithm of each element (−inf at 0, NaN below).
public func log(_ x: Tensor) -> Tensor { x.map(Log.self) }
/// log(1 + x) for each element, accurate for small x.
public func log1p(_ x: Tensor) -> Tensor { x.map(Log1p.self) }
/// The square root of each element.
public func sqrt(_ x: Tensor) -> Tensor { x.map(SquareRoot.self) }
/// The absolute value of each element.
public func abs(_ x: Tensor) -> Tensor { x.map(Absolute.self) }
/// The hyperbolic tangent of each element.
public func tanh(_ x: Tensor) -> Tensor { x.map(HyperbolicTangent.self) }
/// The logistic sigmoid 1 / (1 + e^{−x}) of each element.
public func sigmoid(_ x: Tensor) -> Tensor { x.map(Sigmoid.self) }
/// max(x, 0) for each element.
public func relu(_ x: Tensor) -> Tensor { x.map(Rectifier.self) }
/// Each element of `x` raised to `exponent`.
public func pow(_ x: Tensor, _ exponent: Float) -> Tensor {
    exponent == 2 ? x * x : x.zip(Tensor(exponent), Power.self, op: "pow")
}
/// Each element of `x` raised to the matching element of `exponent` (broadcasting).
public func pow(_ x: Tensor, _ exponent: Tensor) -> Tensor { x.zip(exponent, Power.self, op: "pow") }
/// The larger of each pair of elements (broadcasting); NaN wins, as in `torch.maximum`.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { a.zip(b, Maximum.self, op: "maximum") }
/// The smaller of each pair of elements (broadcasting); NaN wins, as in `torch.minimum`.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { a.zip(b, Minimum.self, op: "minimum") }

extension Tensor {
    /// Each element limited to `[min, max]` (either bound may be omitted), like `torch.clamp`.
    public func clamped(min lower: Float? = nil, max upper: Float? = nil) -> Tensor {
        var result = self
        if let lower { result = maximum(result, Tensor(lower)) }
        if let upper { result = minimum(result, Tensor(upper)) }
        return result
    }
}
