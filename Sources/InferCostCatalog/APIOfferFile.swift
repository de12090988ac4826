import Foundation
import InferCostCore
import Yams

/// `offers/api/<provider>.yaml` -> one `APIOffer` per hosted model (id `api/<provider>/<model>`).
enum APIOfferFile {
    static let keys = ["schema_version", "provider", "name", "currency", "market", "models", "notes"]
    static let modelKeys = [
        "model", "api_model", "input_per_million", "output_per_million", "rate_limits", "requests_per_minute",
        "source", "as_of", "notes",
    ]

    static func read(_ file: YAMLFile, stem: String?) -> (offers: [Located<APIOffer>], diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        let provider = r.identity("provider", mustEqual: stem, what: "file name")
        let name = r.string("name", required: true)
        _ = r.string("notes")
        let currency = r.currency("currency", required: true)
        let market = r.choice("market", Market.self, required: true)
        var seen: Set<String> = []
        let offers = r.mappings("models", required: true, keys: modelKeys) { m, _ -> Located<APIOffer>? in
            let model = m.string("model", required: true)
            let apiModel = m.string("api_model", required: true)
            let input = m.decimal("input_per_million", required: true, domain: Domains.apiPricePerMillion)
            let output = m.decimal("output_per_million", required: true, domain: Domains.apiPricePerMillion)
            let limits = m.string("rate_limits")
            let rpm = m.double("requests_per_minute", domain: Domains.apiRequestsPerMinute)
            let source = m.string("source", required: true)
            let asOf = m.day("as_of", required: true)
            let notes = m.string("notes")
            if let model, !seen.insert(model).inserted {
                m.report("duplicate_id", "model `\(model)` is listed twice in this file", at: m.valueMark("model"),
                         hint: "keep one price per model")
            }
            guard let provider, let name, let currency, let market, let model, let apiModel, let input, let output,
                  let source, let asOf else { return nil }
            let offer = APIOffer(id: "api/\(provider)/\(model)", provider: provider, providerName: name, modelID: model,
                                 apiModel: apiModel, currency: currency, inputPerMillion: input, outputPerMillion: output,
                                 rateLimits: limits, requestsPerMinute: rpm, market: market, source: source, asOf: asOf,
                                 notes: notes)
            return Located(value: offer, file: file, mark: m.valueMark("model"))
        }
        let failed = r.diagnostics.contains { $0.severity == .error }
        return (failed ? [] : offers ?? [], r.diagnostics)
    }
}

/// `grid-carbon.yaml` -> sourced grid carbon intensity per market.
enum GridCarbonFile {
    static let keys = ["schema_version", "grids", "notes"]
    static let gridKeys = ["market", "kgco2e_per_kwh", "basis", "source", "as_of", "notes"]

    static func read(_ file: YAMLFile) -> (grids: [Located<GridIntensity>], diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        _ = r.string("notes")
        var seen: Set<Market> = []
        let grids = r.mappings("grids", required: true, keys: gridKeys) { m, _ -> Located<GridIntensity>? in
            let market = m.choice("market", Market.self, required: true)
            let intensity = m.double("kgco2e_per_kwh", required: true, domain: Domains.gridIntensity)
            let basis = m.string("basis", required: true)
            let source = m.string("source", required: true)
            let asOf = m.day("as_of", required: true)
            _ = m.string("notes")
            if let market, !seen.insert(market).inserted {
                m.report("duplicate_id", "a second grid for `\(market.rawValue)`", at: m.valueMark("market"), hint: "keep one")
            }
            guard let market, let intensity, let basis, let source, let asOf else { return nil }
            return Located(value: GridIntensity(market: market, kgCO2ePerKWh: intensity, basis: basis, source: source, asOf: asOf),
                           file: file, mark: m.valueMark("market"))
        }
        let failed = r.diagnostics.contains { $0.severity == .error }
        return (failed ? [] : grids ?? [], r.diagnostics)
    }
}
