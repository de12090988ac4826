import Foundation

/// What `BenchStore.importMeasurements` did.
public enum ImportOutcome: Sendable, Hashable {
    /// The rows were stored under a new import.
    case imported(importID: Int64, count: Int)
    /// A file with the same content hash was imported before: nothing was written.
    case alreadyImported(importID: Int64, importedAt: Date)
}

/// One imported file, as the `imports` table records it.
public struct ImportRecord: Sendable, Hashable {
    public var id: Int64
    /// SHA-256 hex of the file's bytes.
    public var contentHash: String
    public var fileName: String
    public var format: String
    public var importedAt: Date
    public var rowCount: Int
    /// Rows whose device or model the catalog did not know at import time.
    public var unmappedCount: Int
}

/// The newest saved calibration.
public struct StoredCalibration: Sendable, Hashable {
    /// The fit, as the calibration code serialised it.
    public var json: String
    /// `BenchStore.measurementsHash()` when the fit was made: compare to tell whether it is out of date.
    public var measurementsHash: String
    public var createdAt: Date
}
