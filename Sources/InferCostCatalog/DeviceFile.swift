import Foundation
import InferCostCore
import Yams

/// `devices/<vendor>/<id>.yaml` -> `Device`.
enum DeviceFile {
    static let keys = [
        "schema_version", "id", "name", "vendor", "kind", "launch_year", "memory_gb", "memory_type",
        "memory_bandwidth_gb_s", "dense_tflops", "precisions", "tdp_w", "interconnect", "cpu", "markets", "aliases",
        "sources", "derived", "notes",
    ]
    static let interconnectKeys = ["kind", "bandwidth_gb_s"]
    static let cpuKeys = ["cores", "memory_channels", "memory_speed_mt_s", "matrix_extensions"]

    /// Keys a source's `fields` may name.
    static let sourceFields: [String] = {
        let facts = keys.filter { !["schema_version", "aliases", "sources", "derived", "notes"].contains($0) }
        return facts + Precision.allCases.map { "dense_tflops.\($0.rawValue)" }
            + interconnectKeys.map { "interconnect.\($0)" } + cpuKeys.map { "cpu.\($0)" }
    }()

    /// Numeric fields `derived` may explain: computed from other sourced facts, not read off a datasheet.
    static let derivableFields: [String] = ["memory_gb", "memory_bandwidth_gb_s", "tdp_w", "interconnect.bandwidth_gb_s"]
        + Precision.allCases.map { "dense_tflops.\($0.rawValue)" }

    /// - Parameters:
    ///   - stem: the file name without `.yaml`, which `id` must equal.
    ///   - vendorFolder: the folder the file sits in, which `vendor` must equal.
    static func read(_ file: YAMLFile, stem: String?, vendorFolder: String?) -> (device: Located<Device>?, diagnostics: [Diagnostic]) {
        var r = MappingReader.root(file, keys: keys)
        r.checkSchemaVersion()
        let id = r.identity("id", mustEqual: stem, what: "file name")
        let name = r.string("name", required: true)
        let vendor = r.identity("vendor", mustEqual: vendorFolder, what: "vendor folder")
        let kind = r.choice("kind", Device.Kind.self, required: true)
        let launchYear = r.int("launch_year", domain: Domains.launchYear)
        let memoryGB = r.double("memory_gb", required: kind == .gpu || kind == .accelerator, domain: Domains.memoryGB)
        let memoryType = r.string("memory_type")
        let bandwidth = r.double("memory_bandwidth_gb_s", domain: Domains.memoryBandwidth)
        var numbers: [(field: String, mark: Mark?)] = []
        for key in ["launch_year", "memory_gb", "memory_bandwidth_gb_s"] where r.contains(key) {
            numbers.append((key, r.valueMark(key)))
        }
        let tflops = r.mapping("dense_tflops", keys: Precision.allCases.map(\.rawValue)) { m -> [Precision: Double] in
            var values: [Precision: Double] = [:]
            for key in m.presentKeys {
                numbers.append(("dense_tflops.\(key)", m.valueMark(key)))
                if let precision = Precision(rawValue: key), let value = m.double(key, domain: Domains.denseTFLOPS) {
                    values[precision] = value
                }
            }
            return values
        }
        let precisions = r.choiceList("precisions", Precision.self, required: true, allowed: Precision.weightPrecisions,
                                      code: "unsupported_precision")
        let tdpW = r.double("tdp_w", domain: Domains.tdpW)
        if r.contains("tdp_w") { numbers.append(("tdp_w", r.valueMark("tdp_w"))) }
        let interconnect = r.mapping("interconnect", keys: interconnectKeys) { m -> Device.Interconnect? in
            let kind = m.choice("kind", Device.Interconnect.Kind.self, required: true)
            let bandwidth = m.double("bandwidth_gb_s", domain: Domains.interconnectBandwidth)
            if m.contains("bandwidth_gb_s") { numbers.append(("interconnect.bandwidth_gb_s", m.valueMark("bandwidth_gb_s"))) }
            return kind.map { Device.Interconnect(kind: $0, bandwidthGBs: bandwidth) }
        }
        let cpu = r.mapping("cpu", keys: cpuKeys) { m -> Device.CPU in
            for key in ["cores", "memory_channels", "memory_speed_mt_s"] where m.contains(key) {
                numbers.append(("cpu.\(key)", m.valueMark(key)))
            }
            return Device.CPU(cores: m.int("cores", domain: Domains.cpuCores), memoryChannels: m.int("memory_channels", domain: Domains.memoryChannels),
                              memorySpeedMTs: m.int("memory_speed_mt_s", domain: Domains.memorySpeed),
                              matrixExtensions: m.stringList("matrix_extensions") ?? [])
        }
        let markets = r.choiceList("markets", Market.self)
        if r.contains("markets") { numbers.append(("markets", r.valueMark("markets"))) }
        let aliases = r.stringList("aliases") ?? []
        let sources = SourceList.read(&r, fieldNames: sourceFields)
        SourceList.checkCoverage(&r, sources: sources, numbers: numbers)
        let numberFields = numbers.map(\.field)
        let derived = r.mapping("derived", keys: derivableFields) { m -> [String: String] in
            var formulas: [String: String] = [:]
            for field in m.presentKeys {
                guard let formula = m.string(field, required: true) else { continue }
                if numberFields.contains(field) {
                    formulas[field] = formula
                } else {
                    m.report("invalid_value", "`derived.\(field)` explains a figure this file does not give", at: m.valueMark(field),
                             hint: "add `\(field)` with its value, or remove the formula")
                }
            }
            return formulas
        }
        let notes = r.string("notes")

        guard !r.diagnostics.contains(where: { $0.severity == .error }), let id, let name, let vendor, let kind,
              let precisions else { return (nil, r.diagnostics) }
        let device = Device(id: id, name: name, vendor: vendor, kind: kind, launchYear: launchYear, memoryGB: memoryGB,
                            memoryType: memoryType, memoryBandwidthGBs: bandwidth, denseTFLOPS: tflops ?? [:],
                            precisions: precisions, tdpW: tdpW, interconnect: interconnect, cpu: cpu,
                            markets: markets, aliases: aliases, sources: sources ?? [], derived: derived ?? [:], notes: notes)
        return (Located(value: device, file: file, mark: r.valueMark("id")), r.diagnostics)
    }
}
