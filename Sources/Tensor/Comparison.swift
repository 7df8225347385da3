// Comparisons produce masks: tensors of 1 (true) and 0 (false). A mask multiplies, sums and
// broadcasts like any tensor, which is how masked pooling and losses use it; `where` and
// `maskedFill` read any non-zero element as true.

enum Equal: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a == b ? 1 : 0 } }
enum NotEqual: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a != b ? 1 : 0 } }
enum Less: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a < b ? 1 : 0 } }
enum LessOrEqual: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? 1 : 0 } }
enum Greater: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a > b ? 1 : 0 } }
enum GreaterOrEqual: BinaryOperation { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? 1 : 0 } }

extension Tensor {
    /// 1 where the elements are equal, else 0 (broadcasting).
    public static func .== (a: Tensor, b: Tensor) -> Tensor { a.zip(b, Equal.self, op: ".==") }
    /// 1 where the elements differ, else 0 (broadcasting).
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { a.zip(b, NotEqual.self, op: ".!=") }
    /// 1 where `a < b`, else 0 (broadcasting).
    public static func .< (a: Tensor, b: Tensor) -> Tensor { a.zip(b, Less.self, op: ".<") }
    /// 1 where `a <= b`, else 0 (broadcasting).
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { a.zip(b, LessOrEqual.self, op: ".<=") }
    /// 1 where `a > b`, else 0 (broadcasting).
    public static func .> (a: Tensor, b: Tensor) -> Tensor { a.zip(b, Greater.self, op: ".>") }
    /// 1 where `a >= b`, else 0 (broadcasting).
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { a.zip(b, GreaterOrEqual.self, op: ".>=") }

    public static func .== (a: Tensor, b: Float) -> Tensor { a .== Tensor(b) }
    public static func .!= (a: Tensor, b: Float) -> Tensor { a .!= Tensor(b) }
    public static func .< (a: Tensor, b: Float) -> Tensor { a .< Tensor(b) }
    public static func .<= (a: Tensor, b: Float) -> Tensor { a .<= Tensor(b) }
    public static func .> (a: Tensor, b: Float) -> Tensor { a .> Tensor(b) }
    public static func .>= (a: Tensor, b: Float) -> Tensor { a .>= Tensor(b) }

    /// Elements of `a` where `condition` is non-zero and of `b` elsewhere, all three broadcast
    /// together (PyTorch's `torch.where`).
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let op = "where"
        let shape = requireShapes { () throws(ShapeError) in
            try broadcastShape(broadcastShape(condition.shape, a.shape, op: op), b.shape, op: op)
        }
        let plan = BroadcastPlan(output: shape, operands: [condition.shape, a.shape, b.shape])
        let inner = plan.innerCount
        let strides = plan.strides.map { $0.last! }
        return Tensor(shape: shape) { output in
            condition.scalars.withUnsafeBufferPointer { c in
                a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        plan.forEachRun { outputOffset, offsets in
                            for i in 0..<inner {
                                let chooseA = c[offsets[0] + i * strides[0]] != 0
                                output[outputOffset + i] = chooseA ? pa[offsets[1] + i * strides[1]] : pb[offsets[2] + i * strides[2]]
                            }
                        }
                    }
                }
            }
        }
    }

    /// This tensor with `value` written where `mask` (broadcast to this shape) is non-zero.
    ///
    /// - Precondition: `mask` broadcasts to this tensor's shape without enlarging it.
    public func maskedFill(_ mask: Tensor, value: Float) -> Tensor {
        let shape = requireShapes { () throws(ShapeError) in try broadcastShape(self.shape, mask.shape, op: "maskedFill") }
        strandPrecondition(shape == self.shape, "maskedFill: mask of shape \(Shape.describe(mask.shape)) does not broadcast to \(Shape.describe(self.shape))")
        return Tensor.where(mask, Tensor(value), self)
    }
}
