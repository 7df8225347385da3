/// The binary Huffman tree of hierarchical softmax, built from word counts as gensim 4.4 builds it:
/// the two least frequent nodes of a binary heap are merged `V − 1` times (inner node `i` is node
/// `V + i`), the first taken becoming the left child. Each word's code is its path from the
/// root (0 left, 1 right), its points the inner nodes on that path, root first.
struct HuffmanCodes: Sendable {
    /// Per word: the bits of its path and the inner nodes it passes.
    let codes: [[UInt8]]
    let points: [[UInt32]]

    init(counts: [Int]) {
        let leaves = counts.count
        guard leaves > 1 else {
            codes = Array(repeating: [], count: leaves)
            points = Array(repeating: [], count: leaves)
            return
        }
        // gensim merges the two smallest of a Python `heapq` whose items compare by count alone,
        // so which of two equal counts comes out first depends on the heap's layout: the
        // `PythonHeap` below repeats heapq's sifting step for step.
        var heap = PythonHeap(nodes: counts.indices.map { (count: counts[$0], node: $0) })
        var parent = [Int](repeating: -1, count: 2 * leaves - 1), bit = [UInt8](repeating: 0, count: 2 * leaves - 1)
        for inner in 0..<(leaves - 1) {
            let (left, right) = (heap.pop(), heap.pop())
            (parent[left.node], bit[left.node]) = (leaves + inner, 0)
            (parent[right.node], bit[right.node]) = (leaves + inner, 1)
            heap.push((left.count + right.count, leaves + inner))
        }
        var codes: [[UInt8]] = [], points: [[UInt32]] = []
        for word in 0..<leaves {
            var path: [UInt8] = [], inner: [UInt32] = []
            var node = word
            while parent[node] >= 0 {
                path.append(bit[node])
                inner.append(UInt32(parent[node] - leaves))
                node = parent[node]
            }
            codes.append(path.reversed())
            points.append(inner.reversed())
        }
        self.codes = codes
        self.points = points
    }
}

/// Python's `heapq` on items that compare by count only (gensim's `Heapitem.__lt__`): `heapify`,
/// `heappop` and `heappush` with CPython's sift steps, so ties come out in the same order.
private struct PythonHeap {
    private var items: [(count: Int, node: Int)]

    init(nodes: [(count: Int, node: Int)]) {
        items = nodes
        for position in stride(from: items.count / 2 - 1, through: 0, by: -1) { siftUp(position) }
    }

    mutating func pop() -> (count: Int, node: Int) {
        let last = items.removeLast()
        guard !items.isEmpty else { return last }
        let top = items[0]
        items[0] = last
        siftUp(0)
        return top
    }

    mutating func push(_ item: (count: Int, node: Int)) {
        items.append(item)
        siftDown(from: 0, items.count - 1)
    }

    /// heapq's `_siftdown`: moves the item at `position` up towards `start` while it is smaller
    /// than its parent.
    private mutating func siftDown(from start: Int, _ position: Int) {
        let item = items[position]
        var position = position
        while position > start {
            let parent = (position - 1) / 2
            guard item.count < items[parent].count else { break }
            items[position] = items[parent]
            position = parent
        }
        items[position] = item
    }

    /// heapq's `_siftup`: moves the smaller child up until a leaf, then sifts the item down.
    private mutating func siftUp(_ start: Int) {
        let item = items[start]
        var position = start, child = 2 * start + 1
        while child < items.count {
            if child + 1 < items.count && !(items[child].count < items[child + 1].count) { child += 1 }
            items[position] = items[child]
            position = child
            child = 2 * position + 1
        }
        items[position] = item
        siftDown(from: start, position)
    }
}
