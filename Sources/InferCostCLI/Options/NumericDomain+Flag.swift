import ArgumentParser
import InferCostCore

extension NumericDomain {
    /// Checks a flag's value against its domain: `--tp must be a whole number from 1 to 1,024, found 0`.
    /// Flags are declared with `parsing: .unconditional` so that `--tp -1` reaches this check instead
    /// of reading as a missing value.
    func check(_ value: Double?, flag: String) throws {
        guard let value, violation(value) != nil else { return }
        throw ValidationError("\(flag) must be \(requirement), found \(NumericDomain.format(value))")
    }

    func check(_ value: Int?, flag: String) throws { try check(value.map(Double.init), flag: flag) }
}
