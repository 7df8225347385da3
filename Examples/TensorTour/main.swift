// A first look at Strand's Tensor module: creation, broadcasting, reductions, a BLAS matmul and
// seeded randomness. Run with `swift run -c release TensorTour`.
import Tensor

print(RuntimeReport.current)

let x = Tensor([[1, 2, 3], [4, 5, 6]])
print("x =", x)
print("x * 10 + [1, 2, 3] =", x * 10 + Tensor([1, 2, 3]))
print("row sums:", x.sum(axis: 1), " column means:", x.mean(axis: 0))
print("softmax over rows:", x.softmax(axis: -1))

var generator = RandomGenerator(seed: 42)
let a = Tensor.normal([256, 512], using: &generator)
let b = Tensor.normal([512, 128], using: &generator)
let product = matmul(a, b)
print("matmul [256, 512] · [512, 128] →", product.shape, " mean", product.mean().item)

let (u, s, vt) = try x.svd()
print("singular values of x:", s)
print("reconstruction error:", abs(matmul(u * s, vt) - x).max().item)
print("threads:", Threading.count)
