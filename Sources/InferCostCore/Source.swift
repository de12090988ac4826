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
        let parent = field.split(separator: ".").first.map(String.init) ?? field
        return first { $0.fields.contains(field) || $0.fields.contains(parent) }
    }
}
