/// Where a set of catalog figures comes from, and when it was published or read.
public struct Source: Sendable, Hashable, Encodable {
    public var ref: String
    public var asOf: Day
    /// Keys of the same file this source covers (`dense_tflops` covers all precisions).
    public var fields: [String]

    public init(ref: String, asOf: Day, fields: [String]) {
        self.ref = ref; self.asOf = asOf; self.fields = fields
    }

    enum CodingKeys: String, CodingKey { case ref, asOf = "as_of", fields }
}

extension Array where Element == Source {
    /// The source covering `field` (exactly, or through its parent key).
    public func covering(_ field: String) -> Source? {
        // Compared as substrings: the search asks this per configuration, and splitting the key allocated each time.
        let parent = field.firstIndex(of: ".").map { field[..<$0] } ?? field[...]
        return first { $0.fields.contains(field) || $0.fields.contains { $0[...] == parent } }
    }
}
