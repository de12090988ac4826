/// Where hardware can be bought or rented. Export controls make this a hard constraint:
/// a part a market cannot legally buy is never offered there.
public enum Market: String, Sendable, Hashable, Encodable, CaseIterable, Comparable {
    case northAmerica = "north_america", latinAmerica = "latin_america", europe, middleEast = "middle_east", africa
    /// Mainland China, Hong Kong and Macau.
    case china
    /// Asia-Pacific outside `china`.
    case asiaPacific = "asia_pacific"

    private var order: Int { Market.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Market, b: Market) -> Bool { a.order < b.order }
}
