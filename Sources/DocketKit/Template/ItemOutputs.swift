/// The output of a section's body for each key of a key space (`TemplateItemKeys`), kept
/// for one render: the first item of a key renders, the others with that key copy its bytes.
///
/// A report names each record in dozens of lists (every figure links to the list of its
/// records): its list item is rendered once and copied in every other list.
///
/// An output is kept only when it depends on nothing but the item (`RenderState.renderItem`):
/// every name the body looked up was found in the item or in a value under it, never in
/// the context around the list (or not found at all), and the body called no partial,
/// parent or block; it is copied only where the section is rendered without indentation,
/// as it was rendered. The table of a body keeps the body's nodes, so that no other body
/// takes its place (its address) while the render runs.
///
/// `@unchecked Sendable`: the thread that renders is the only one that writes; the cores
/// that render parts of a long list (`RenderState.renderOnAllCores`) read it while that
/// thread waits for them, and hand it what they rendered, which it stores after.
final class ItemOutputs: @unchecked Sendable {
    /// A body's outputs for the keys of a space.
    private struct Table {
        let body: [TemplateNode]
        let address: UnsafeRawPointer?
        let space: TemplateKeySpace
        /// Two numbers a key: the address where its output starts and how long it is; -1: none yet.
        let spans: UnsafeMutablePointer<Int>
    }

    private var tables: [Table] = []
    /// The outputs kept, one after the other in blocks of `blockSize` bytes (an output longer
    /// than that in a block of its own); an output that does not fit in what is left of a block
    /// starts the next. A block never moves: no copy of them all is made as they grow.
    private var blocks: [UnsafeMutableBufferPointer<UInt8>] = []
    /// What is left of the last block.
    private var free = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    static let blockSize = 1 << 20

    init() {}

    deinit {
        for block in blocks { block.deallocate() }
        for table in tables { table.spans.deallocate() }
    }

    /// The spans of the outputs of `body` for the keys of `space` (made on first use).
    func spans(of body: [TemplateNode], space: TemplateKeySpace) -> UnsafeMutablePointer<Int> {
        let address = body.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        if let table = tables.first(where: { $0.address == address && $0.space === space }) { return table.spans }
        let spans = UnsafeMutablePointer<Int>.allocate(capacity: max(1, 2 * space.count))
        spans.initialize(repeating: -1, count: max(1, 2 * space.count))
        tables.append(Table(body: body, address: address, space: space, spans: spans))
        return spans
    }

    /// The output kept for `key` in `spans`, or nil.
    func output(_ spans: UnsafeMutablePointer<Int>, _ key: Int) -> UnsafeBufferPointer<UInt8>? {
        let start = spans[2 * key]
        guard start >= 0 else { return nil }
        return UnsafeBufferPointer(start: UnsafePointer(bitPattern: start), count: spans[2 * key + 1])
    }

    /// Keeps `output` for `key` in `spans`, unless one is kept already.
    func store(_ spans: UnsafeMutablePointer<Int>, _ key: Int, _ output: ArraySlice<UInt8>) {
        guard spans[2 * key] < 0 else { return }
        if output.count > free.count {
            let block = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(Self.blockSize, output.count))
            blocks.append(block)
            free = block
        }
        let place = free.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!
        output.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { place.initialize(from: base, count: source.count) }
        }
        // Where it starts, as a number (an address is never negative, nor -1).
        spans[2 * key] = Int(bitPattern: place)
        spans[2 * key + 1] = output.count
        free = UnsafeMutableBufferPointer(rebasing: free[output.count...])
    }
}
