/// File stems and the positions of the files named by them in `RepositoryIndex.files`, in the
/// order the walk listed them: read as a `[String: [Int]]` (`table[id]`, `keys`, iteration).
///
/// A stem's first position is kept inline; only a stem shared by several files keeps its further
/// positions in an array. (A dictionary of arrays made an array per id: 10^6 allocations, about
/// 50 MB held, in a walk of 10^6 records.)
public struct IDTable: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// Each stem's first position.
    private var first: [String: Int] = [:]
    /// The further positions of the stems shared by several files.
    private var more: [String: [Int]] = [:]

    public init() {}

    public init(dictionaryLiteral elements: (String, [Int])...) {
        for (id, positions) in elements { for position in positions { append(position, for: id) } }
    }

    /// The positions of the files named `id`, in walk order; nil when none is.
    public subscript(id: String) -> [Int]? {
        guard let position = first[id] else { return nil }
        guard let others = more[id] else { return [position] }
        return [position] + others
    }

    /// The first position of the files named `id`, without making an array.
    public func firstPosition(of id: String) -> Int? { first[id] }

    /// The number of stems.
    public var count: Int { first.count }

    public var isEmpty: Bool { first.isEmpty }

    /// Every stem, in no particular order.
    public var keys: Dictionary<String, Int>.Keys { first.keys }

    /// Adds `position` as the last file named `id`: one lookup of the stem.
    public mutating func append(_ position: Int, for id: String) {
        func claim(_ slot: inout Int) -> Bool {
            guard slot < 0 else { return false }
            slot = position
            return true
        }
        if !claim(&first[id, default: -1]) { more[id, default: []].append(position) }
    }

    public mutating func reserveCapacity(_ minimumCapacity: Int) {
        first.reserveCapacity(minimumCapacity)
    }

    /// Each stem with its positions, as a dictionary of arrays would hand them.
    public func makeIterator() -> AnyIterator<(key: String, value: [Int])> {
        var stems = first.makeIterator()
        let more = self.more
        return AnyIterator {
            guard let (id, position) = stems.next() else { return nil }
            return (key: id, value: [position] + (more[id] ?? []))
        }
    }
}
