import Foundation
import InferCostCore

/// `infercost --version`: the program's version, how current the catalog is, and how much
/// measured data the calibration rests on.
public struct VersionReport: Sendable {
    public var version: String
    /// The newest `as_of` of any price in the effective catalog.
    public var catalogAsOf: Day?
    public var devices: Int, offers: Int, models: Int
    /// Rows in the shipped measurement corpus; nil when it is missing.
    public var corpusRows: Int?

    public init(version: String, catalog: Catalog, corpusRows: Int?) {
        self.version = version; self.corpusRows = corpusRows
        devices = catalog.devices.count; offers = catalog.offers.count; models = catalog.models.count
        catalogAsOf = catalog.offers.flatMap { offer -> [Day] in
            switch offer.terms {
            case .cloud(_, let prices): prices.map(\.asOf)
            case .onPrem(let terms): terms.sources.map(\.asOf)
            }
        }.max()
    }

    public func render() -> String {
        """
        infercost \(version)
        catalog: prices as of \(catalogAsOf.map(String.init(describing:)) ?? "unknown"); \(devices) devices, \(offers) offers, \(models) models
        corpus: \(corpusRows.map { "\($0) published measurements" } ?? "missing (Catalog/benchmarks/published_measurements.csv)")
        """
    }
}
