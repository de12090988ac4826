import Foundation
import InferCostCore
import Yams

/// `currencies.yaml` -> sourced exchange rates (units of a currency per US dollar).
enum CurrenciesFile {
    static let keys = ["schema_version", "rates", "notes"]
    static let rateKeys = ["currency", "per_usd", "source", "as_of", "notes"]

    static func read(_ file: YAMLFile) -> (rates: [Located<ExchangeRate>], diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        _ = r.string("notes")
        var seen: Set<String> = []
        let rates = r.mappings("rates", required: true, keys: rateKeys) { m, _ -> Located<ExchangeRate>? in
            let currency = m.currency("currency", required: true)
            let perUSD = m.decimal("per_usd", required: true, domain: Domains.exchangeRate)
            let source = m.string("source", required: true)
            let asOf = m.day("as_of", required: true)
            _ = m.string("notes")
            if let currency {
                if currency == Money.base {
                    m.report("invalid_value", "USD is the base currency; its rate is 1 by definition", at: m.valueMark("currency"),
                             hint: "remove this entry")
                } else if !seen.insert(currency).inserted {
                    m.report("duplicate_id", "a second rate for `\(currency)`", at: m.valueMark("currency"), hint: "keep one")
                }
            }
            guard let currency, currency != Money.base, let perUSD, let source, let asOf else { return nil }
            return Located(value: ExchangeRate(currency: currency, perUSD: perUSD, source: source, asOf: asOf),
                           file: file, mark: m.valueMark("currency"))
        }
        let failed = r.diagnostics.contains { $0.severity == .error }
        return (failed ? [] : rates ?? [], r.diagnostics)
    }
}
