import Foundation
import InferCostCore

/// The loaded catalog and its diagnostics in a compact binary form (`CatalogCache`'s payload): every
/// field of every Core value written in a fixed order, read back into equal values. Decoding checks
/// every length, tag and enum value and throws on anything malformed; it never traps.
///
/// Each value's fields are listed once, in `write` and `read`; `fieldCounts` records how many stored
/// properties each type had when its coder was written, and `CompiledCatalogTests` fails when a type
/// gains or loses one (so a new field cannot be silently dropped from the cache). Bump
/// `CatalogCache.formatVersion` whenever the layout changes.
enum CompiledCatalog {
    struct Malformed: Error {}

    static func encode(_ catalog: Catalog, diagnostics: [Diagnostic]) -> [UInt8] {
        var w = BinaryWriter()
        w.dictionary(catalog.devices) { $0.string($1) } value: { $0.device($1) }
        w.array(catalog.offers) { $0.offer($1) }
        w.dictionary(catalog.models) { $0.string($1) } value: { $0.model($1) }
        w.optional(catalog.costDefaults) { w, d in w.costAssumptions(d.assumptions); w.array(d.sources) { $0.source($1) } }
        w.dictionary(catalog.exchangeRates) { $0.string($1) } value: { $0.exchangeRate($1) }
        w.array(catalog.apiOffers) { $0.apiOffer($1) }
        w.dictionary(catalog.gridIntensity) { $0.raw($1) } value: { w, g in
            w.raw(g.market); w.double(g.kgCO2ePerKWh); w.string(g.basis); w.string(g.source); w.day(g.asOf)
        }
        w.array(diagnostics) { $0.diagnostic($1) }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> (catalog: Catalog, diagnostics: [Diagnostic]) {
        var r = BinaryReader(bytes)
        var catalog = Catalog()
        catalog.devices = try r.dictionary { try $0.string() } value: { try $0.device() }
        catalog.offers = try r.array { try $0.offer() }
        catalog.models = try r.dictionary { try $0.string() } value: { try $0.model() }
        catalog.costDefaults = try r.optional { r in CostDefaults(assumptions: try r.costAssumptions(), sources: try r.array { try $0.source() }) }
        catalog.exchangeRates = try r.dictionary { try $0.string() } value: { try $0.exchangeRate() }
        catalog.apiOffers = try r.array { try $0.apiOffer() }
        catalog.gridIntensity = try r.dictionary { try $0.raw() } value: { r in
            GridIntensity(market: try r.raw(), kgCO2ePerKWh: try r.double(), basis: try r.string(), source: try r.string(), asOf: try r.day())
        }
        let diagnostics = try r.array { try $0.diagnostic() }
        guard r.isAtEnd else { throw Malformed() }
        return (catalog, diagnostics)
    }

    /// Stored properties per coded type when its coder was last brought up to date (see the type comment).
    static let fieldCounts: [String: Int] = [
        "Device": 18, "Device.Interconnect": 2, "Device.CPU": 4, "Offer": 8, "CloudPrice": 9, "OnPremTerms": 8,
        "ScaleOutNetwork": 5, "ModelSpec": 28, "MultiLatentAttention": 5, "WeightQuantization": 3, "Source": 3,
        "CostAssumptions": 10, "CostDefaults": 2, "ExchangeRate": 4, "APIOffer": 14, "GridIntensity": 5, "Diagnostic": 6,
        "Diagnostic.Location": 3, "Day": 3,
    ]
}

/// Every field of the catalog's devices and models, in id order, as bytes: equal bytes mean equal devices and
/// models (`CompiledCatalog.fieldCounts` keeps the coder complete). The calibration's quick key hashes it
/// instead of a JSON encoding of the same values, which took a tenth of `estimate`'s run.
public enum CatalogFingerprint {
    public static func devicesAndModels(_ catalog: Catalog) -> [UInt8] {
        var w = BinaryWriter()
        w.array(catalog.devices.keys.sorted()) { w, id in w.string(id); w.device(catalog.devices[id]!) }
        w.array(catalog.models.keys.sorted()) { w, id in w.string(id); w.model(catalog.models[id]!) }
        return w.bytes
    }
}

/// Appends fixed-width little-endian numbers, length-prefixed text and collections.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func uint64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int(_ v: Int) { uint64(UInt64(bitPattern: Int64(v))) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func double(_ v: Double) { uint64(v.bitPattern) }
    mutating func string(_ v: String) {
        let utf8 = Array(v.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
    mutating func raw<T: RawRepresentable>(_ v: T) where T.RawValue == String { string(v.rawValue) }
    /// The value's bytes as stored, so it reads back bit for bit (its fields are not public on every platform).
    /// The cache key names the executable, so a file is only ever read by the build that laid it out.
    mutating func decimal(_ v: Decimal) { withUnsafeBytes(of: v) { bytes.append(contentsOf: $0) } }
    mutating func day(_ v: Day) { int(v.year); int(v.month); int(v.day) }

    mutating func optional<T>(_ v: T?, _ body: (inout BinaryWriter, T) -> Void) {
        guard let v else { bool(false); return }
        bool(true)
        body(&self, v)
    }
    mutating func array<T>(_ v: [T], _ body: (inout BinaryWriter, T) -> Void) {
        int(v.count)
        for element in v { body(&self, element) }
    }
    mutating func strings(_ v: [String]) { array(v) { $0.string($1) } }
    /// In key order, so equal values always give equal bytes (`CatalogFingerprint`).
    mutating func dictionary<K: Comparable, V>(_ v: [K: V], key: (inout BinaryWriter, K) -> Void, value: (inout BinaryWriter, V) -> Void) {
        int(v.count)
        for (k, element) in v.sorted(by: { $0.key < $1.key }) { key(&self, k); value(&self, element) }
    }
}

/// Reads what `BinaryWriter` wrote; throws `CompiledCatalog.Malformed` at the first byte that does not fit.
struct BinaryReader {
    private let bytes: [UInt8]
    private var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func uint64() throws -> UInt64 {
        guard bytes.count - offset >= 8 else { throw CompiledCatalog.Malformed() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }
    mutating func int() throws -> Int { Int(truncatingIfNeeded: Int64(bitPattern: try uint64())) }
    /// A count or length: never negative, never more than the bytes left (each element takes at least one).
    mutating func count() throws -> Int {
        let n = try int()
        guard n >= 0, n <= bytes.count - offset else { throw CompiledCatalog.Malformed() }
        return n
    }
    mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw CompiledCatalog.Malformed() }
        offset += 1
        return bytes[offset - 1] == 1
    }
    mutating func double() throws -> Double { Double(bitPattern: try uint64()) }
    mutating func string() throws -> String {
        let n = try count()
        defer { offset += n }
        guard let text = String(validating: bytes[offset..<offset + n], as: UTF8.self) else { throw CompiledCatalog.Malformed() }
        return text
    }
    mutating func raw<T: RawRepresentable>() throws -> T where T.RawValue == String {
        guard let v = T(rawValue: try string()) else { throw CompiledCatalog.Malformed() }
        return v
    }
    mutating func decimal() throws -> Decimal {
        let size = MemoryLayout<Decimal>.size
        guard bytes.count - offset >= size else { throw CompiledCatalog.Malformed() }
        defer { offset += size }
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Decimal.self) }
    }
    mutating func day() throws -> Day {
        guard let d = Day(year: try int(), month: try int(), day: try int()) else { throw CompiledCatalog.Malformed() }
        return d
    }

    mutating func optional<T>(_ body: (inout BinaryReader) throws -> T) throws -> T? {
        try bool() ? try body(&self) : nil
    }
    mutating func array<T>(_ body: (inout BinaryReader) throws -> T) throws -> [T] {
        let n = try count()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try body(&self)) }
        return out
    }
    mutating func strings() throws -> [String] { try array { try $0.string() } }
    mutating func dictionary<K: Hashable, V>(key: (inout BinaryReader) throws -> K,
                                             value: (inout BinaryReader) throws -> V)
        throws -> [K: V] {
        let n = try count()
        var out: [K: V] = [:]
        out.reserveCapacity(n)
        for _ in 0..<n {
            let k = try key(&self)
            guard out.updateValue(try value(&self), forKey: k) == nil else { throw CompiledCatalog.Malformed() }
        }
        return out
    }
}

// MARK: Core values, field by field (keep `CompiledCatalog.fieldCounts` in step)

extension BinaryWriter {
    mutating func source(_ s: Source) { string(s.ref); day(s.asOf); strings(s.fields) }
    mutating func sources(_ s: [Source]) { array(s) { $0.source($1) } }
    mutating func markets(_ m: [Market]?) { optional(m) { w, m in w.array(m) { $0.raw($1) } } }

    mutating func device(_ d: Device) {
        string(d.id); string(d.name); string(d.vendor); raw(d.kind); optional(d.launchYear) { $0.int($1) }
        optional(d.memoryGB) { $0.double($1) }; optional(d.memoryType) { $0.string($1) }
        optional(d.memoryBandwidthGBs) { $0.double($1) }
        dictionary(d.denseTFLOPS) { $0.raw($1) } value: { $0.double($1) }
        array(d.precisions) { $0.raw($1) }; optional(d.tdpW) { $0.double($1) }
        optional(d.interconnect) { w, i in w.raw(i.kind); w.optional(i.bandwidthGBs) { $0.double($1) } }
        optional(d.cpu) { w, c in
            w.optional(c.cores) { $0.int($1) }; w.optional(c.memoryChannels) { $0.int($1) }
            w.optional(c.memorySpeedMTs) { $0.int($1) }; w.strings(c.matrixExtensions)
        }
        markets(d.markets); strings(d.aliases); sources(d.sources)
        dictionary(d.derived) { $0.string($1) } value: { $0.string($1) }
        optional(d.notes) { $0.string($1) }
    }

    mutating func offer(_ o: Offer) {
        string(o.id); string(o.name); string(o.deviceID); int(o.devicesPerUnit); optional(o.memoryGBPerDevice) { $0.double($1) }
        switch o.terms {
        case .cloud(let provider, let prices):
            int(0); string(provider)
            array(prices) { w, p in
                w.string(p.region); w.raw(p.market); w.raw(p.pricing); w.decimal(p.perHour); w.raw(p.payment)
                w.string(p.currency); w.string(p.source); w.day(p.asOf); w.optional(p.notes) { $0.string($1) }
            }
        case .onPrem(let t):
            int(1); string(t.currency)
            optional(t.serverPrice) { $0.decimal($1) }; optional(t.devicePrice) { $0.decimal($1) }
            optional(t.hostPrice) { $0.decimal($1) }; optional(t.hostPowerW) { $0.double($1) }
            optional(t.supportPerYear) { $0.decimal($1) }; markets(t.markets); sources(t.sources)
        }
        optional(o.notes) { $0.string($1) }
        optional(o.scaleOut) { w, n in
            w.double(n.bandwidthGbitS); w.optional(n.latencyUs) { $0.double($1) }; w.string(n.source); w.day(n.asOf)
            w.optional(n.notes) { $0.string($1) }
        }
    }

    mutating func model(_ m: ModelSpec) {
        string(m.id); string(m.name); raw(m.kind)
        for v in [m.layers, m.hiddenSize, m.intermediateSize, m.expertIntermediateSize, m.attentionHeads, m.kvHeads, m.headDim] { int(v) }
        optional(m.multiLatentAttention) { w, a in
            w.optional(a.queryLoraRank) { $0.int($1) }
            for v in [a.kvLoraRank, a.qkNopeHeadDim, a.qkRopeHeadDim, a.valueHeadDim] { w.int(v) }
        }
        array(m.attentionLayerPattern) { $0.raw($1) }
        optional(m.slidingWindowTokens) { $0.int($1) }; optional(m.attentionChunkTokens) { $0.int($1) }
        int(m.normsPerLayer); int(m.vocabSize); int(m.maxContextTokens); raw(m.mlp); bool(m.tieWordEmbeddings)
        optional(m.experts) { $0.int($1) }; optional(m.expertsPerToken) { $0.int($1) }
        int(m.sharedExperts); int(m.moeLayerStep); int(m.firstDenseLayers)
        optional(m.quantization) { w, q in w.raw(q.scheme); w.int(q.groupSize); w.raw(q.scope) }
        strings(m.aliases); string(m.source); day(m.asOf)
    }

    mutating func costAssumptions(_ a: CostAssumptions) {
        double(a.horizonYears); double(a.amortizationYears); decimal(a.electricityUSDPerKWh); double(a.pue)
        decimal(a.hostingUSDPerKWMonth); double(a.supportPercentPerYear); double(a.planningUtilization)
        double(a.discountRatePercent); decimal(a.staffUSDPerServerYear); decimal(a.networkUSDPerServer)
    }

    mutating func exchangeRate(_ e: ExchangeRate) { string(e.currency); decimal(e.perUSD); string(e.source); optional(e.asOf) { $0.day($1) } }

    mutating func apiOffer(_ a: APIOffer) {
        string(a.id); string(a.provider); string(a.providerName); string(a.modelID); string(a.apiModel); string(a.currency)
        decimal(a.inputPerMillion); decimal(a.outputPerMillion); optional(a.rateLimits) { $0.string($1) }
        optional(a.requestsPerMinute) { $0.double($1) }; raw(a.market); string(a.source); day(a.asOf); optional(a.notes) { $0.string($1) }
    }

    mutating func diagnostic(_ d: Diagnostic) {
        raw(d.severity); string(d.code); string(d.message)
        string(d.location.file); int(d.location.line); int(d.location.column)
        optional(d.hint) { $0.string($1) }; optional(d.sourceLine) { $0.string($1) }
    }
}

extension BinaryReader {
    mutating func source() throws -> Source { Source(ref: try string(), asOf: try day(), fields: try strings()) }
    mutating func sources() throws -> [Source] { try array { try $0.source() } }
    mutating func markets() throws -> [Market]? { try optional { try $0.array { try $0.raw() } } }
    mutating func optionalInt() throws -> Int? { try optional { try $0.int() } }
    mutating func optionalDouble() throws -> Double? { try optional { try $0.double() } }
    mutating func optionalString() throws -> String? { try optional { try $0.string() } }
    mutating func optionalDecimal() throws -> Decimal? { try optional { try $0.decimal() } }

    mutating func device() throws -> Device {
        let id = try string(), name = try string(), vendor = try string()
        let kind: Device.Kind = try raw()
        let launchYear = try optionalInt(), memoryGB = try optionalDouble(), memoryType = try optionalString()
        let bandwidth = try optionalDouble()
        let dense: [Precision: Double] = try dictionary { try $0.raw() } value: { try $0.double() }
        let precisions: [Precision] = try array { try $0.raw() }
        let tdp = try optionalDouble()
        let interconnect = try optional { r in
            Device.Interconnect(kind: try r.raw(), bandwidthGBs: try r.optionalDouble())
        }
        let cpu = try optional { r in
            Device.CPU(cores: try r.optionalInt(), memoryChannels: try r.optionalInt(), memorySpeedMTs: try r.optionalInt(),
                       matrixExtensions: try r.strings())
        }
        let markets = try markets(), aliases = try strings(), sources = try sources()
        let derived: [String: String] = try dictionary { try $0.string() } value: { try $0.string() }
        return Device(id: id, name: name, vendor: vendor, kind: kind, launchYear: launchYear, memoryGB: memoryGB,
                      memoryType: memoryType, memoryBandwidthGBs: bandwidth, denseTFLOPS: dense, precisions: precisions,
                      tdpW: tdp, interconnect: interconnect, cpu: cpu, markets: markets, aliases: aliases, sources: sources,
                      derived: derived, notes: try optionalString())
    }

    mutating func offer() throws -> Offer {
        let id = try string(), name = try string(), deviceID = try string(), devicesPerUnit = try int()
        let memory = try optionalDouble()
        let terms: Offer.Terms
        switch try int() {
        case 0:
            let provider = try string()
            let prices = try array { r in
                let region = try r.string(), market: Market = try r.raw(), pricing: PricingModel = try r.raw()
                let perHour = try r.decimal(), payment: Payment = try r.raw(), currency = try r.string()
                return CloudPrice(region: region, market: market, pricing: pricing, perHour: perHour, currency: currency,
                                  source: try r.string(), asOf: try r.day(), notes: try r.optionalString(), payment: payment)
            }
            terms = .cloud(provider: provider, prices: prices)
        case 1:
            terms = .onPrem(OnPremTerms(currency: try string(), serverPrice: try optionalDecimal(), devicePrice: try optionalDecimal(),
                                        hostPrice: try optionalDecimal(), hostPowerW: try optionalDouble(),
                                        supportPerYear: try optionalDecimal(), markets: try markets(), sources: try sources()))
        default: throw CompiledCatalog.Malformed()
        }
        let notes = try optionalString()
        let scaleOut = try optional { r in
            ScaleOutNetwork(bandwidthGbitS: try r.double(), latencyUs: try r.optionalDouble(), source: try r.string(),
                            asOf: try r.day(), notes: try r.optionalString())
        }
        return Offer(id: id, name: name, deviceID: deviceID, devicesPerUnit: devicesPerUnit, memoryGBPerDevice: memory,
                     terms: terms, notes: notes, scaleOut: scaleOut)
    }

    mutating func model() throws -> ModelSpec {
        let id = try string(), name = try string(), kind: ModelSpec.Kind = try raw()
        let layers = try int(), hidden = try int(), intermediate = try int(), expertIntermediate = try int()
        let heads = try int(), kvHeads = try int(), headDim = try int()
        let mla = try optional { r in
            MultiLatentAttention(queryLoraRank: try r.optionalInt(), kvLoraRank: try r.int(), qkNopeHeadDim: try r.int(),
                                 qkRopeHeadDim: try r.int(), valueHeadDim: try r.int())
        }
        let pattern: [AttentionLayerType] = try array { try $0.raw() }
        let sliding = try optionalInt(), chunk = try optionalInt()
        let norms = try int(), vocab = try int(), context = try int(), mlp: ModelSpec.MLP = try raw(), tie = try bool()
        let experts = try optionalInt(), perToken = try optionalInt()
        let shared = try int(), step = try int(), firstDense = try int()
        let quantization = try optional { r in
            WeightQuantization(scheme: try r.raw(), groupSize: try r.int(), scope: try r.raw())
        }
        var m = ModelSpec(id: id, name: name, kind: kind, layers: layers, hiddenSize: hidden, intermediateSize: intermediate,
                          attentionHeads: heads, kvHeads: kvHeads, headDim: headDim, vocabSize: vocab, maxContextTokens: context,
                          mlp: mlp, tieWordEmbeddings: tie, experts: experts, expertsPerToken: perToken,
                          expertIntermediateSize: expertIntermediate, sharedExperts: shared, moeLayerStep: step,
                          firstDenseLayers: firstDense, multiLatentAttention: mla, attentionLayerPattern: pattern,
                          slidingWindowTokens: sliding, attentionChunkTokens: chunk, normsPerLayer: norms,
                          quantization: quantization, aliases: try strings(), source: try string(), asOf: try day())
        // The initialiser clamps a few counts; the stored values were clamped when first made, and are kept as written.
        m.moeLayerStep = step; m.firstDenseLayers = firstDense; m.normsPerLayer = norms
        return m
    }

    mutating func costAssumptions() throws -> CostAssumptions {
        CostAssumptions(horizonYears: try double(), amortizationYears: try double(), electricityUSDPerKWh: try decimal(), pue: try double(),
                        hostingUSDPerKWMonth: try decimal(), supportPercentPerYear: try double(), planningUtilization: try double(),
                        discountRatePercent: try double(), staffUSDPerServerYear: try decimal(), networkUSDPerServer: try decimal())
    }

    mutating func exchangeRate() throws -> ExchangeRate {
        ExchangeRate(currency: try string(), perUSD: try decimal(), source: try string(), asOf: try optional { try $0.day() })
    }

    mutating func apiOffer() throws -> APIOffer {
        APIOffer(id: try string(), provider: try string(), providerName: try string(), modelID: try string(), apiModel: try string(),
                 currency: try string(), inputPerMillion: try decimal(), outputPerMillion: try decimal(), rateLimits: try optionalString(),
                 requestsPerMinute: try optionalDouble(), market: try raw(), source: try string(), asOf: try day(), notes: try optionalString())
    }

    mutating func diagnostic() throws -> Diagnostic {
        let severity: Diagnostic.Severity = try raw()
        let code = try string(), message = try string()
        let location = Diagnostic.Location(file: try string(), line: try int(), column: try int())
        return Diagnostic(severity, code: code, message, at: location, hint: try optionalString(), sourceLine: try optionalString())
    }
}
