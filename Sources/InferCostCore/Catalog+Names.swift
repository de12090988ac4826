import Foundation

/// Names a user may type for a catalog entry: its id, a Hugging Face repository name
/// (`meta-llama/Llama-3.1-8B` for `meta-llama--Llama-3.1-8B`), or one of its aliases (any case).
extension Catalog {
    public func modelID(named name: String) -> String? {
        if models[name] != nil { return name }
        let repository = name.replacingOccurrences(of: "/", with: "--")
        if models[repository] != nil { return repository }
        return Self.match(name, in: models.values.map { ($0.id, [$0.id] + $0.aliases) })
    }

    public func deviceID(named name: String) -> String? {
        if devices[name] != nil { return name }
        return Self.match(name, in: devices.values.map { ($0.id, [$0.id] + $0.aliases) })
    }

    /// The one id whose names include `name` ignoring case (the part after `org/` too); nil when none or several.
    private static func match(_ name: String, in entries: [(id: String, names: [String])]) -> String? {
        let keys = Set([name.lowercased(), name.split(separator: "/").last.map { $0.lowercased() } ?? ""].filter { !$0.isEmpty })
        let hits = Set(entries.filter { entry in entry.names.contains { keys.contains($0.lowercased()) } }.map(\.id))
        return hits.count == 1 ? hits.first : nil
    }
}
