// + − × ÷ with broadcasting. Gradients come back in the broadcast shape and the graph sums
// them to each operand's shape.

import Tensor

extension Variable {
    public static func + (a: Variable, b: Variable) -> Variable {
        record("add", [a, b], a.value + b.value) { g in [g, g] }
    }

    public static func - (a: Variable, b: Variable) -> Variable {
        record("subtract", [a, b], a.value - b.value) { g in [g, -g] }
    }

    public static func * (a: Variable, b: Variable) -> Variable {
        let (x, y) = (a.value, b.value)
        return record("multiply", [a, b], x * y) { g in [g * y, g * x] }
    }

    public static func / (a: Variable, b: Variable) -> Variable {
        let (x, y) = (a.value, b.value)
        return record("divide", [a, b], x / y) { g in [g / y, -g * x / (y * y)] }
    }

    public static prefix func - (x: Variable) -> Variable {
        record("negate", [x], -x.value) { g in [-g] }
    }

    public static func + (a: Variable, b: Float) -> Variable {
        record("addScalar", [a], a.value + b) { g in [g] }
    }

    public static func - (a: Variable, b: Float) -> Variable { a + (-b) }

    public static func * (a: Variable, b: Float) -> Variable {
        record("multiplyScalar", [a], a.value * b) { g in [g * b] }
    }

    public static func / (a: Variable, b: Float) -> Variable { a * (1 / b) }

    public static func + (a: Float, b: Variable) -> Variable { b + a }

    public static func - (a: Float, b: Variable) -> Variable { -b + a }

    public static func * (a: Float, b: Variable) -> Variable { b * a }

    public static func / (a: Float, b: Variable) -> Variable {
        let y = b.value
        return record("divideScalar", [b], a / y) { g in [-g * a / (y * y)] }
    }
}
