import Foundation
import InferCostCore

/// The price tables `infercost catalog import-prices` reads.
public enum PriceTableFormat: String, Sendable, CaseIterable {
    /// SkyPilot's catalog CSV (`catalogs/v*/<cloud>/vms.csv`): one row per instance type, region and zone.
    case skypilot
    /// InferCost's own price CSV, one price per row (docs/catalog-format.md, "Importing prices").
    case csv

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What to import and how to read it.
public struct PriceImportRequest: Sendable {
    public var text: String
    /// The file as the user named it, for diagnostics and the default source.
    public var path: String
    public var format: PriceTableFormat
    /// The provider slug (`skypilot`: required, the file does not name its cloud; `csv`: from each row).
    public var provider: String?
    /// `skypilot`: the source recorded on every price (default: the file path and the day read).
    public var source: String?
    /// The day of the import: `skypilot` prices are dated with it (the file carries no date); later `as_of` is an error.
    public var today: Day
    /// Accelerator name -> device id, tried before the catalog's ids, names and aliases.
    public var deviceNames: [String: String]
    /// Region -> market, tried before the catalog's regions and the prefix rules.
    public var regionMarkets: [String: Market]

    public init(text: String, path: String, format: PriceTableFormat, provider: String? = nil, source: String? = nil,
                today: Day, deviceNames: [String: String] = [:], regionMarkets: [String: Market] = [:]) {
        self.text = text; self.path = path; self.format = format; self.provider = provider; self.source = source
        self.today = today; self.deviceNames = deviceNames; self.regionMarkets = regionMarkets
    }
}

/// The overlay files an import produced, and what it could not use.
public struct PriceImport: Sendable {
    /// One `offers/cloud/<provider>.yaml` of the overlay.
    public struct ProviderFile: Sendable, Hashable {
        public var provider: String
        /// Relative to the overlay folder.
        public var path: String
        public var text: String
        public var instances: Int
        public var prices: Int
    }

    /// An accelerator name no device is known by, with the rows that named it.
    public struct Unmapped: Sendable, Hashable {
        public var name: String
        public var rows: Int
        public var firstLine: Int
    }

    public var files: [ProviderFile]
    public var unmapped: [Unmapped]
    /// Rows of instances without an accelerator (CPU-only types), which this import does not map.
    public var rowsWithoutAccelerator: Int
    /// Sorted; errors mean the file must be fixed and nothing should be written.
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Turns a price table into overlay catalog files (`offers/cloud/<provider>.yaml`), which replace
/// shipped instances by `provider/instance` id when the overlay is used. Shipped files are never
/// written: the caller writes `files` into an overlay folder.
public enum PriceImporter {
    static let skypilotColumns = ["InstanceType", "AcceleratorName", "AcceleratorCount", "Price", "SpotPrice", "Region"]
    /// Required columns of the generic CSV.
    public static let csvColumns = ["provider", "instance", "region", "pricing", "price", "currency", "as_of", "source"]
    /// Optional columns of the generic CSV: needed when the instance is not in the catalog yet (or to change it).
    public static let csvOptionalColumns = ["accelerator", "accelerator_count", "market", "memory_gb_per_device", "notes"]

    /// Region-name prefixes -> market, used when neither the request nor the catalog knows the region
    /// (AWS, GCP, OCI, Alibaba and most neoclouds name regions this way).
    public static let regionPrefixes: [(prefix: String, market: Market)] = [
        ("cn-", .china), ("us-", .northAmerica), ("ca-", .northAmerica), ("northamerica-", .northAmerica),
        ("mx-", .latinAmerica), ("sa-", .latinAmerica), ("southamerica-", .latinAmerica),
        ("eu-", .europe), ("europe-", .europe), ("uk-", .europe),
        ("me-", .middleEast), ("il-", .middleEast), ("af-", .africa),
        ("ap-", .asiaPacific), ("asia-", .asiaPacific), ("australia-", .asiaPacific),
    ]

    /// One usable price read from a row.
    struct Row {
        var line: Int
        var provider: String
        var instance: String
        var region: String
        var pricing: PricingModel
        var price: Decimal
        var currency: String
        var asOf: Day
        var source: String
        var accelerator: String?
        var count: Int?
        var market: Market? = nil
        var memoryGBPerDevice: Double? = nil
        /// The price's own note (csv `notes`).
        var notes: String? = nil
        /// What the instance is (SkyPilot: accelerators, vCPUs, memory).
        var detail: String? = nil
    }

    public static func run(_ request: PriceImportRequest, catalog: Catalog) -> PriceImport {
        var problems = Problems(path: request.path)
        let table = CSVTable(text: request.text)
        for problem in table.problems {
            problems.all.append(Diagnostic(.error, code: CSVTable.Problem.code, problem.message,
                                           at: .init(file: request.path, line: problem.line, column: problem.column),
                                           hint: CSVTable.Problem.hint))
        }
        guard !problems.hasErrors else {
            return PriceImport(files: [], unmapped: [], rowsWithoutAccelerator: 0, diagnostics: problems.sorted)
        }
        let rows: [Row]
        var withoutAccelerator = 0
        switch request.format {
        case .skypilot: rows = readSkyPilot(table, request, &problems, withoutAccelerator: &withoutAccelerator)
        case .csv: rows = readCSV(table, request, catalog: catalog, &problems)
        }
        guard !problems.hasErrors else {
            return PriceImport(files: [], unmapped: [], rowsWithoutAccelerator: withoutAccelerator, diagnostics: problems.sorted)
        }
        return assemble(rows, request, catalog: catalog, problems: problems, withoutAccelerator: withoutAccelerator)
    }

    // MARK: - Reading

    private static func readSkyPilot(_ table: CSVTable, _ request: PriceImportRequest, _ problems: inout Problems,
                                     withoutAccelerator: inout Int) -> [Row] {
        guard let provider = request.provider, isSlug(provider) else {
            problems.error(line: 1, "missing_value", "a SkyPilot catalog does not name its cloud",
                           hint: "pass --provider <slug>, e.g. --provider oci (lowercase letters, digits and '-')")
            return []
        }
        let missing = skypilotColumns.filter { table.index(of: $0) == nil }
        guard missing.isEmpty else {
            problems.error(line: 1, "missing_column", "missing column(s): \(missing.joined(separator: ", "))",
                           hint: "SkyPilot catalog columns: InstanceType, AcceleratorName, AcceleratorCount, vCPUs, MemoryGiB, GpuInfo, Price, SpotPrice, Region, AvailabilityZone")
            return []
        }
        let source = request.source
            ?? "SkyPilot catalog \(request.path) (the file records no snapshot date; read \(request.today))"
        var rows: [Row] = []
        for record in table.records {
            func cell(_ name: String) -> String { record[table.index(of: name)] }
            if record.fields.count != table.header.count {
                problems.error(line: record.line, "column_count", "\(record.fields.count) fields, the header has \(table.header.count)")
                continue
            }
            let accelerator = cell("AcceleratorName")
            guard !accelerator.isEmpty else { withoutAccelerator += 1; continue }
            let instance = cell("InstanceType"), region = cell("Region")
            guard !instance.isEmpty else {
                problems.warning(line: record.line, "skipped_row",
                                 "\(accelerator) row without an InstanceType: an accelerator-only price part (GCP lists the VM part separately)",
                                 hint: "add the VM part and import the whole instance with --format csv")
                continue
            }
            guard !region.isEmpty else { problems.error(line: record.line, "missing_value", "Region is empty"); continue }
            let countText = cell("AcceleratorCount")
            guard let countValue = Double(countText), countValue.isFinite, countValue > 0 else {
                problems.error(line: record.line, "invalid_number", "AcceleratorCount '\(countText)' is not a positive number")
                continue
            }
            guard countValue == countValue.rounded(), countValue <= 100_000 else {
                problems.warning(line: record.line, "skipped_row", "\(instance): a fractional accelerator (\(countText) x \(accelerator)) is not modelled")
                continue
            }
            let vcpus = cell("vCPUs"), memory = cell("MemoryGiB")
            let detail = vcpus.isEmpty || memory.isEmpty ? nil : "\(Int(countValue))x \(accelerator), \(vcpus) vCPU, \(memory) GiB (SkyPilot row)"
            for (column, pricing) in [("Price", PricingModel.onDemand), ("SpotPrice", .spot)] {
                let text = cell(column)
                guard !text.isEmpty else { continue }
                guard let price = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), price > 0 else {
                    problems.error(line: record.line, "invalid_number", "\(column) '\(text)' is not a positive number")
                    continue
                }
                rows.append(Row(line: record.line, provider: provider, instance: instance, region: region, pricing: pricing,
                                price: price, currency: Money.base, asOf: request.today, source: source,
                                accelerator: accelerator, count: Int(countValue), detail: detail))
            }
        }
        return rows
    }

    private static func readCSV(_ table: CSVTable, _ request: PriceImportRequest, catalog: Catalog, _ problems: inout Problems) -> [Row] {
        let known = csvColumns + csvOptionalColumns
        for name in table.header where !known.contains(name.lowercased()) {
            problems.error(line: 1, "unknown_column", "unknown column '\(name)'", hint: Suggestion.hint(for: name, in: known, noun: "columns"))
        }
        let missing = csvColumns.filter { table.index(of: $0) == nil }
        if !missing.isEmpty {
            problems.error(line: 1, "missing_column", "missing column(s): \(missing.joined(separator: ", "))",
                           hint: "required columns: \(csvColumns.joined(separator: ", "))")
        }
        guard !problems.hasErrors else { return [] }
        var rows: [Row] = []
        for record in table.records {
            func cell(_ name: String) -> String { record[table.index(of: name)] }
            let before = problems.errorCount
            func invalid(_ code: String, _ message: String, hint: String? = nil) {
                problems.error(line: record.line, code, message, hint: hint)
            }
            if record.fields.count != table.header.count {
                invalid("column_count", "\(record.fields.count) fields, the header has \(table.header.count)")
                continue
            }
            for name in ["provider", "instance", "region", "source"] where cell(name).isEmpty { invalid("missing_value", "\(name) is empty") }
            let provider = cell("provider")
            if !provider.isEmpty, !isSlug(provider) {
                invalid("invalid_value", "provider '\(provider)' is not a slug", hint: "lowercase letters, digits and '-', e.g. oracle-oci; it names the file")
            }
            let pricing = PricingModel(rawValue: cell("pricing"))
            if pricing == nil {
                invalid("invalid_value", "pricing '\(cell("pricing"))' is not a pricing model",
                        hint: Suggestion.hint(for: cell("pricing"), in: PricingModel.allCases.map(\.rawValue), noun: "pricing models"))
            }
            let price = Decimal(string: cell("price"), locale: Locale(identifier: "en_US_POSIX"))
            if !(price.map { $0 > 0 && $0 < 10_000_000 } ?? false) {
                invalid("invalid_number", "price '\(cell("price"))' is not a positive number", hint: "the whole instance's price per hour, in `currency`")
            }
            let currency = cell("currency")
            if currency.count != 3 || currency.uppercased() != currency || !currency.allSatisfy(\.isLetter) {
                invalid("invalid_value", "currency '\(currency)' is not an ISO 4217 code", hint: "e.g. USD, CNY, EUR")
            } else if currency != Money.base, catalog.exchangeRates[currency] == nil {
                invalid("unknown_reference", "currency \(currency) has no exchange rate in the catalog",
                        hint: "add a sourced \(currency) rate to the overlay's currencies.yaml")
            }
            let asOf = Day(iso: cell("as_of"))
            if asOf == nil {
                invalid("invalid_date", "as_of '\(cell("as_of"))' is not a YYYY-MM-DD date")
            } else if let asOf, request.today < asOf {
                invalid("invalid_date", "as_of \(asOf) is after today (\(request.today))", hint: "`as_of` is when the price was published or observed")
            }
            var count: Int?
            if !cell("accelerator_count").isEmpty {
                count = Int(cell("accelerator_count"))
                if !(count.map { $0 > 0 && $0 <= 100_000 } ?? false) {
                    invalid("invalid_number", "accelerator_count '\(cell("accelerator_count"))' is not a positive whole number")
                }
            }
            var market: Market?
            if !cell("market").isEmpty {
                market = Market(rawValue: cell("market"))
                if market == nil {
                    invalid("invalid_value", "market '\(cell("market"))' is not a market",
                            hint: Suggestion.hint(for: cell("market"), in: Market.allCases.map(\.rawValue), noun: "markets"))
                }
            }
            var memory: Double?
            if !cell("memory_gb_per_device").isEmpty {
                memory = Double(cell("memory_gb_per_device"))
                if !(memory.map { $0.isFinite && $0 > 0 } ?? false) {
                    invalid("invalid_number", "memory_gb_per_device '\(cell("memory_gb_per_device"))' is not a positive number")
                }
            }
            guard problems.errorCount == before, let pricing, let price, let asOf else { continue }
            rows.append(Row(line: record.line, provider: provider, instance: cell("instance"), region: cell("region"),
                            pricing: pricing, price: price, currency: currency, asOf: asOf, source: cell("source"),
                            accelerator: cell("accelerator").isEmpty ? nil : cell("accelerator"), count: count, market: market,
                            memoryGBPerDevice: memory, notes: cell("notes").isEmpty ? nil : cell("notes")))
        }
        return rows
    }

    // MARK: - Mapping and writing

    /// An instance as it will be written: its device, size and one price per region and pricing model.
    struct Instance {
        var id: String
        var deviceID: String
        var count: Int
        var memoryGBPerDevice: Double?
        var line: Int
        var description: String?
        /// "region pricing" -> the chosen row and how many rows offered a price for it.
        var prices: [String: (row: Row, rows: Int)] = [:]
    }

    private static func assemble(_ rows: [Row], _ request: PriceImportRequest, catalog: Catalog, problems: Problems,
                                 withoutAccelerator: Int) -> PriceImport {
        var problems = problems
        let names = deviceNames(catalog, extra: request.deviceNames)
        var unmapped: [String: (lines: Set<Int>, first: Int)] = [:]
        var unknownRegions: Set<String> = []
        var currencies: [String: (currency: String, line: Int)] = [:]
        var instances: [String: [String: Instance]] = [:]
        var regions: [String: [String: Market]] = [:]
        let offers = Dictionary(catalog.offers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var catalogRegions: [String: [String: Market]] = [:]
        for offer in catalog.offers {
            guard case .cloud(let provider, let prices) = offer.terms else { continue }
            for price in prices { catalogRegions[provider, default: [:]][price.region] = price.market }
        }

        for row in rows {
            let existing = offers["\(row.provider)/\(row.instance)"]
            var deviceID = existing?.deviceID
            if let accelerator = row.accelerator {
                if let mapped = names[accelerator.lowercased()] {
                    deviceID = mapped
                } else {
                    unmapped[accelerator, default: ([], row.line)].lines.insert(row.line)
                    continue
                }
            }
            guard let deviceID, let count = row.count ?? existing?.devicesPerUnit else {
                problems.error(line: row.line, "missing_value",
                               "instance `\(row.provider)/\(row.instance)` is not in the catalog, so the row needs accelerator and accelerator_count")
                continue
            }
            if catalog.devices[deviceID]?.kind == .cpu, (row.memoryGBPerDevice ?? existing?.memoryGBPerDevice) == nil {
                problems.error(line: row.line, "missing_value", "`\(row.instance)` runs on CPU `\(deviceID)` and needs memory_gb_per_device",
                               hint: "a CPU's memory is the host memory per socket, which the offer sets")
                continue
            }
            guard let market = row.market ?? request.regionMarkets[row.region] ?? regions[row.provider]?[row.region]
                    ?? catalogRegions[row.provider]?[row.region] ?? marketByPrefix(row.region) else {
                if unknownRegions.insert("\(row.provider) \(row.region)").inserted {
                    problems.warning(line: row.line, "unknown_region", "region `\(row.region)` has no known market; its rows are skipped",
                                     hint: "pass --region-market \(row.region)=<market> (\(Market.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                continue
            }
            if let first = currencies[row.provider], first.currency != row.currency {
                problems.error(line: row.line, "invalid_value",
                               "provider `\(row.provider)` is priced in \(first.currency) at line \(first.line) and in \(row.currency) here",
                               hint: "one provider file has one currency; split the provider (e.g. `\(row.provider)-\(row.currency.lowercased())`)")
                continue
            }
            currencies[row.provider] = currencies[row.provider] ?? (row.currency, row.line)
            regions[row.provider, default: [:]][row.region] = market

            var instance = instances[row.provider]?[row.instance]
                ?? Instance(id: row.instance, deviceID: deviceID, count: count,
                            memoryGBPerDevice: row.memoryGBPerDevice ?? existing?.memoryGBPerDevice, line: row.line,
                            description: row.detail)
            if instance.deviceID != deviceID || instance.count != count {
                problems.error(line: row.line, "invalid_value",
                               "`\(row.instance)` is \(count) x \(deviceID) here but \(instance.count) x \(instance.deviceID) at line \(instance.line)",
                               hint: "an instance type has one device and count")
                continue
            }
            let key = "\(row.region) \(row.pricing.rawValue)"
            if let (chosen, seen) = instance.prices[key] {
                if request.format == .csv {
                    problems.error(line: row.line, "duplicate_id", "a second \(row.pricing.rawValue) price for `\(row.instance)` in \(row.region)",
                                   hint: "first at line \(chosen.line); keep one")
                    continue
                }
                // SkyPilot lists one row per zone: keep the lowest price of the region.
                instance.prices[key] = (row.price < chosen.price ? row : chosen, seen + 1)
            } else {
                instance.prices[key] = (row, 1)
            }
            instances[row.provider, default: [:]][row.instance] = instance
        }
        let unmappedNames = unmapped.map { PriceImport.Unmapped(name: $0.key, rows: $0.value.lines.count, firstLine: $0.value.first) }
            .sorted { $0.firstLine < $1.firstLine }
        for item in unmappedNames {
            problems.warning(line: item.firstLine, "unmapped_accelerator",
                             "no catalog device is named `\(item.name)`; its \(item.rows) row\(item.rows == 1 ? " is" : "s are") skipped",
                             hint: "pass --map '\(item.name)=<device id>' or add the name to the device's `aliases`")
        }
        let files = instances.keys.sorted().map { provider -> PriceImport.ProviderFile in
            let list = instances[provider, default: [:]].values.sorted { $0.id < $1.id }
            let text = yaml(provider: provider, currency: currencies[provider]?.currency ?? Money.base,
                            regions: regions[provider] ?? [:], instances: list, request: request)
            return .init(provider: provider, path: "offers/cloud/\(provider).yaml", text: text, instances: list.count,
                         prices: list.reduce(0) { $0 + $1.prices.count })
        }
        return PriceImport(files: files, unmapped: unmappedNames,
                           rowsWithoutAccelerator: withoutAccelerator, diagnostics: problems.sorted)
    }

    /// Lowercased id, name and aliases of every device (and the request's own names) -> device id.
    static func deviceNames(_ catalog: Catalog, extra: [String: String]) -> [String: String] {
        var names: [String: String] = [:]
        for device in catalog.devices.values.sorted(by: { $0.id < $1.id }) {
            for name in [device.id, device.name] + device.aliases { names[name.lowercased()] = names[name.lowercased()] ?? device.id }
        }
        for (name, id) in extra { names[name.lowercased()] = id }
        return names
    }

    static func marketByPrefix(_ region: String) -> Market? {
        let lower = region.lowercased()
        return regionPrefixes.first { lower.hasPrefix($0.prefix) }?.market
    }

    static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }
    }

    private static func yaml(provider: String, currency: String, regions: [String: Market], instances: [Instance],
                             request: PriceImportRequest) -> String {
        var out = """
            schema_version: 1
            provider: \(provider)
            name: \(quoted(provider))
            currency: \(currency)
            notes: \(quoted("Imported by `infercost catalog import-prices` from \(request.path) (\(request.format.rawValue)) on \(request.today). In an overlay, each instance here replaces the catalog's instance of the same id."))
            regions:

            """
        for region in regions.keys.sorted() { out += "  \(quoted(region)): \(regions[region]!.rawValue)\n" }
        out += "instances:\n"
        for instance in instances {
            out += "  - id: \(quoted(instance.id))\n    device: \(instance.deviceID)\n    devices_per_instance: \(instance.count)\n"
            if let memory = instance.memoryGBPerDevice { out += "    memory_gb_per_device: \(NumberFormat.short(memory))\n" }
            out += "    prices:\n"
            let keys = instance.prices.keys.sorted { a, b in
                let (x, y) = (instance.prices[a]!.row, instance.prices[b]!.row)
                return (x.region, x.pricing) < (y.region, y.pricing)
            }
            for key in keys {
                let (row, count) = instance.prices[key]!
                out += "      - region: \(quoted(row.region))\n        pricing: \(row.pricing.rawValue)\n"
                out += "        per_hour: \(row.price)\n        source: \(quoted(row.source))\n        as_of: \(row.asOf)\n"
                var notes: [String] = []
                if request.format == .skypilot { notes.append(count > 1 ? "lowest of \(count) zone rows" : "line \(row.line)") }
                if request.format == .csv, let note = row.notes { notes.append(note) }
                if !notes.isEmpty { out += "        notes: \(quoted(notes.joined(separator: "; ")))\n" }
            }
            if let description = instance.description { out += "    notes: \(quoted(description))\n" }
        }
        return out
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// Diagnostics located in the imported file.
    struct Problems {
        var path: String
        var all: [Diagnostic] = []
        var errorCount: Int { all.filter { $0.severity == .error }.count }
        var hasErrors: Bool { errorCount > 0 }
        var sorted: [Diagnostic] { all.sorted() }

        mutating func error(line: Int, _ code: String, _ message: String, hint: String? = nil) {
            all.append(Diagnostic(.error, code: code, message, at: .init(file: path, line: line, column: 1), hint: hint))
        }
        mutating func warning(line: Int, _ code: String, _ message: String, hint: String? = nil) {
            all.append(Diagnostic(.warning, code: code, message, at: .init(file: path, line: line, column: 1), hint: hint))
        }
    }
}
