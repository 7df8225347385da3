// Branch-free single-precision exp and tanh, written so the compiler vectorizes the loops that
// call them (no library calls, no traps, selects instead of branches). Foundation's `expf` is a
// scalar call per element; these keep elementwise kernels on par with NumPy's SIMD loops.
//
// Both use Cephes' minimax polynomials (S. Moshier, Cephes Math Library, `expf.c`, `tanhf.c`);
// the tests check them against Foundation's functions over the whole Float range.

/// e^x with a relative error of a few ulp; +inf above ln(Float.greatestFiniteMagnitude),
/// subnormal results down to 0, NaN for NaN.
@inline(__always)
func vectorizableExp(_ x: Float) -> Float {
    let upper: Float = 88.72283
    let lower: Float = -103.97208  // below this e^x rounds to 0 even as a subnormal
    let clamped = Swift.min(Swift.max(x, lower), upper)
    // Round x / ln 2 to the nearest integer n by adding 1.5·2^23: the integer lands in the low
    // mantissa bits, which also gives n without a float-to-int conversion.
    let shifted = clamped * 1.442695041 + 12582912
    let n = shifted - 12582912
    let r = clamped - n * 0.693359375 + n * 2.12194440e-4
    var p: Float = 1.9875691500e-4
    p = p * r + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let mantissa = p * (r * r) + r + 1
    // Scale by 2^n as 2^(n/2)·2^(n − n/2): n spans −150…128, and each half keeps a normal
    // exponent, so results near overflow and subnormal results both come out right.
    let exponent = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
    let firstHalf = exponent >> 1
    let secondHalf = exponent &- firstHalf
    let firstScale = Float(bitPattern: UInt32(bitPattern: (firstHalf &+ 127) &<< 23))
    let secondScale = Float(bitPattern: UInt32(bitPattern: (secondHalf &+ 127) &<< 23))
    var result = mantissa * firstScale * secondScale
    result = x > upper ? .infinity : result
    result = x < lower ? 0 : result
    return x != x ? x : result
}

/// tanh(x) with a relative error of a few ulp over the whole range.
@inline(__always)
func vectorizableTanh(_ x: Float) -> Float {
    let magnitude = Swift.abs(x)
    // Near zero, 1 − 2/(e^{2x}+1) cancels; Cephes' odd polynomial is exact there.
    let z = x * x
    var p: Float = -5.70498872745e-3
    p = p * z + 2.06390887954e-2
    p = p * z - 5.37397155531e-2
    p = p * z + 1.33314422036e-1
    p = p * z - 3.33332819422e-1
    let small = p * z * x + x
    let large = 1 - 2 / (vectorizableExp(2 * magnitude) + 1)
    let signedLarge = x < 0 ? -large : large
    return magnitude < 0.625 ? small : signedLarge
}

/// The logistic function 1 / (1 + e^{-x}).
@inline(__always)
func vectorizableSigmoid(_ x: Float) -> Float {
    1 / (1 + vectorizableExp(-x))
}
