import Tensor

/// Mutable elements of four tensors at once (each copied first if its storage is shared). A
/// tensor the settings do not use is passed empty and never indexed.
func withMutableBuffers(_ a: inout Tensor, _ b: inout Tensor, _ c: inout Tensor, _ d: inout Tensor,
                        _ body: (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>,
                                 UnsafeMutableBufferPointer<Float>) -> Void) {
    a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                d.withUnsafeMutableBufferPointer { d in body(a, b, c, d) }
            }
        }
    }
}
