/// One kind of request in a profile's traffic (`traffic.request_mix`): its share of the requests and
/// its prompt and output lengths. A mixed fleet (`recommend --mix`) may serve each class on a
/// different offer type.
public struct RequestClass: Sendable, Hashable, Encodable {
    public var name: String
    /// Fraction of all requests, in (0, 1]; the shares of a mix add up to 1.
    public var share: Double
    public var inputTokens: Int
    public var outputTokens: Int

    public init(name: String, share: Double, inputTokens: Int, outputTokens: Int) {
        self.name = name; self.share = share; self.inputTokens = inputTokens; self.outputTokens = outputTokens
    }

    enum CodingKeys: String, CodingKey {
        case name, share, inputTokens = "input_tokens", outputTokens = "output_tokens"
    }
}

extension Profile.Traffic {
    /// The request classes: the profile's `request_mix`, or the whole traffic as one class.
    public var classes: [RequestClass] {
        requestMix ?? [RequestClass(name: "all", share: 1, inputTokens: inputTokens, outputTokens: outputTokens)]
    }
}
