import Foundation
import InferCostCore
import Testing
@testable import InferCostCatalog

@Test func zzPrintExamples() {
    let base = Fixtures.root.path + "/"
    for c in DiagnosticCodeTests.cases {
        for d in CatalogLoader.validate(files: [Fixtures.url("bad/" + c.file)], catalog: Fixtures.catalog) {
            var d = d; d.location.file = d.location.file.replacingOccurrences(of: base, with: "")
            print("=====\n" + d.rendered)
        }
    }
    for f in ["unsupported_architecture", "json_syntax", "wrong_type", "missing_key"] {
        for d in HuggingFaceConfigImporter.importConfig(at: Fixtures.url("hf-bad/\(f).json"), id: "x--y", source: "s", asOf: Day(iso: "2024-01-01")!).diagnostics {
            var d = d; d.location.file = d.location.file.replacingOccurrences(of: base, with: "")
            print("=====\n" + d.rendered)
        }
    }
}
