import Foundation
import InferCostCore

/// Reads one file in any supported format into measurements and problems. Pure: the caller
/// reads the file and stores the result.
public enum MeasurementImporter {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// No `--format` and nothing in the name or contents gave the format away.
        case undetectedFormat(fileName: String)
        /// Not text in UTF-8.
        case notText(fileName: String)

        public var description: String {
            switch self {
            case .undetectedFormat(let file):
                "cannot tell the format of '\(file)'; pass --format with one of: \(ImportFormat.names)"
            case .notText(let file):
                "'\(file)' is not UTF-8 text"
            }
        }
    }

    /// Parses `data` as `format`, or the format detected from the name and contents.
    public static func parse(_ data: Data, fileName: String, format: ImportFormat? = nil,
                             context: ImportContext = ImportContext()) throws(Failure) -> ParsedImport {
        guard let text = String(data: data, encoding: .utf8) else { throw .notText(fileName: fileName) }
        guard let format = format ?? ImportFormat.detect(fileName: fileName, data: data) else {
            throw .undetectedFormat(fileName: fileName)
        }
        switch format {
        case .published: return PublishedCorpusImporter.parse(text)
        case .csv: return GenericCSVImporter.parse(text, fileName: fileName)
        case .vllm: return VLLMResultImporter.parse(data, fileName: fileName, context: context)
        case .llamaBench: return LlamaBenchImporter.parse(data, fileName: fileName, context: context)
        case .mlperf: return MLPerfSummaryImporter.parse(text, fileName: fileName)
        case .genaiPerf: return GenAIPerfImporter.parse(data, fileName: fileName, context: context)
        }
    }
}
