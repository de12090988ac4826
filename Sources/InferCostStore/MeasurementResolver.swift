import Foundation
import InferCostCore

/// Maps the names measurements carry to catalog entries: a device or model matches when its id,
/// display name or one of its aliases equals the name, case-insensitively, after trimming. No
/// fuzzy matching: "H100" must not quietly become the PCIe card when the row meant SXM.
public struct MeasurementResolver: Sendable {
    private let devices: [String: Device]
    private let models: [String: ModelSpec]
    /// Ids by name key, not the entries themselves: copying every device and model into a table of a few hundred
    /// names retained each of their fields, most of the time a resolver took to make.
    private let deviceIDsByName: [String: String]
    private let modelIDsByName: [String: String]

    public init(catalog: Catalog) {
        devices = catalog.devices
        models = catalog.models
        var deviceIDs: [String: String] = [:]
        for (id, device) in catalog.devices.sorted(by: { $0.key < $1.key }) {
            for name in [device.id, device.name] + device.aliases { deviceIDs[Self.key(name)] = deviceIDs[Self.key(name)] ?? id }
        }
        var modelIDs: [String: String] = [:]
        for (id, model) in catalog.models.sorted(by: { $0.key < $1.key }) {
            for name in [model.id, model.name] + model.aliases { modelIDs[Self.key(name)] = modelIDs[Self.key(name)] ?? id }
        }
        deviceIDsByName = deviceIDs; modelIDsByName = modelIDs
    }

    public func device(named name: String) -> Device? { deviceIDsByName[Self.key(name)].flatMap { devices[$0] } }
    public func model(named name: String) -> ModelSpec? { modelIDsByName[Self.key(name)].flatMap { models[$0] } }

    /// True when both the device and the model of `row` are in the catalog.
    public func isMapped(_ row: BenchmarkMeasurement) -> Bool { device(named: row.deviceName) != nil && model(named: row.modelName) != nil }

    /// A (device, model) name pair some rows carry that the catalog does not know, with how many rows.
    public struct Unmapped: Sendable, Hashable {
        public var deviceName: String
        public var modelName: String
        public var deviceKnown: Bool
        public var modelKnown: Bool
        public var rows: Int
    }

    /// Unmapped rows counted per distinct (device name, model name), most rows first.
    public func unmapped(_ rows: [BenchmarkMeasurement]) -> [Unmapped] {
        var counts: [String: Unmapped] = [:]
        for row in rows {
            let deviceKnown = device(named: row.deviceName) != nil, modelKnown = model(named: row.modelName) != nil
            guard !(deviceKnown && modelKnown) else { continue }
            let key = row.deviceName + "\u{1F}" + row.modelName
            counts[key, default: Unmapped(deviceName: row.deviceName, modelName: row.modelName,
                                          deviceKnown: deviceKnown, modelKnown: modelKnown, rows: 0)].rows += 1
        }
        return counts.values.sorted { ($1.rows, $0.deviceName, $0.modelName) < ($0.rows, $1.deviceName, $1.modelName) }
    }

    /// The name trimmed of `CharacterSet.whitespacesAndNewlines`, lowercased. `trimmingCharacters(in:)` bridges
    /// through NSString, a tenth of `estimate`'s time for a catalog's few hundred names, so an ASCII name is
    /// trimmed here of the ASCII members of that set (space, tab, line feed to carriage return);
    /// any other name goes through Foundation, whose set is not quite Unicode's White_Space (it trims U+200B on Linux).
    static func key(_ name: String) -> String {
        let bytes = name.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self).lowercased()
    }
}
