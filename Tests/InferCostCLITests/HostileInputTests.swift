import Foundation
import Testing
@testable import InferCostCLI
import InferCostCore

/// The inputs that used to crash the process (issue 8), kept as regression fixtures under Hostile/:
/// each runs through the real CLI entry in-process and must end with a clean exit status and a
/// message that says where and what (a `path:line:col` for files, the flag and its range for
/// flags), or with a correct answer. A trap would take the whole test process down.
@Suite struct HostileInputTests {
    static let folder = "Tests/InferCostCLITests/Hostile"

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let status: Int32
        /// Text stderr must contain.
        let mentions: [String]
        /// `(file, text)`: stderr must hold `file:line:col` where `text` first appears in the file.
        let positionOf: (file: String, text: String)?
        var testDescription: String { name }
    }

    static func recommend(_ profile: String, _ mentions: [String], at text: String, status: Int32 = ExitStatus.dataError) -> Case {
        let path = "\(folder)/profiles/\(profile).yaml"
        return Case(name: "profile \(profile)", arguments: ["recommend", path, "--physics-only"], status: status,
                    mentions: mentions, positionOf: (path, text))
    }

    static func overlay(_ name: String, file: String, _ mentions: [String], at text: String) -> Case {
        let root = "\(folder)/overlays/\(name)"
        return Case(name: "overlay \(name)", arguments: ["recommend", "Profiles/chat-assistant.yaml", "--physics-only", "--catalog", root],
                    status: ExitStatus.dataError, mentions: mentions, positionOf: ("\(root)/\(file)", text))
    }

    static func estimate(_ flags: [String], _ mentions: [String]) -> Case {
        let base = ["estimate", "--model", "meta-llama--Llama-3.1-8B", "--device", "h100-sxm", "--input-tokens", "1000",
                    "--output-tokens", "200", "--physics-only"]
        return Case(name: "estimate \(flags.joined(separator: " "))", arguments: base + flags, status: ExitStatus.usage,
                    mentions: mentions, positionOf: nil)
    }

    /// A database of its own, so imports never touch the golden tests' store.
    static let database = FileManager.default.temporaryDirectory
        .appendingPathComponent("infercost-hostile-\(ProcessInfo.processInfo.processIdentifier)/bench.sqlite").path

    static let cases: [Case] = [
        Case(name: "model import with 7 KV heads for 32 query heads",
             arguments: ["model", "import", "\(folder)/imports/config-7-kv-heads.json", "--id", "test--SevenKV"],
             status: ExitStatus.dataError, mentions: ["[invalid_value]", "must divide `num_attention_heads` (32)"],
             positionOf: ("\(folder)/imports/config-7-kv-heads.json", "\"num_key_value_heads\"")),
        Case(name: "vLLM result with total_input_tokens 1e30",
             arguments: ["bench", "import", "\(folder)/imports/vllm-tokens-1e30.json", "--format", "vllm", "--device", "h100-sxm",
                         "--db", database],
             status: ExitStatus.dataError, mentions: ["vllm-tokens-1e30.json:2:1: error: [out_of_range]", "tokens per request"],
             positionOf: nil),
        recommend("rate-1e308", ["[out_of_range]", "at most 10,000,000 requests/s", "found 1e308"], at: "1e308"),
        recommend("rate-1e19", ["[out_of_range]", "requests/s"], at: "1e19"),
        recommend("peak-1e17", ["[out_of_range]", "between 1 and 1,000"], at: "1e17"),
        recommend("input-tokens-huge", ["[out_of_range]", "a whole number from 1 to 10,000,000 tokens"], at: "9223372036854775807"),
        recommend("planning-utilization-tiny", ["[out_of_range]", "between 0.01 and 1"], at: "1e-300"),
        recommend("horizon-tiny", ["[out_of_range]", "between 0.1 and 50 years"], at: "1e-300"),
        recommend("amortization-tiny", ["[out_of_range]", "between 0.1 and 50 years"], at: "1e-300"),
        recommend("electricity-1e20", ["[out_of_range]", "USD/kWh"], at: "1e20"),
        recommend("exchange-rate-1e20", ["[out_of_range]", "units per USD"], at: "1e20"),
        recommend("budget-1e308", ["[out_of_range]", "found 1e308"], at: "1e308"),
        recommend("ttft-nan", ["[wrong_type]", "must be a number"], at: ".nan"),
        recommend("nul-in-name", ["[control_character]", "U+0000"], at: "\"Customer"),
        // Found by FuzzProfileYAML (10-minute run, 2026-12-02): a duplicate key in a file whose lines end in
        // \r\n or \r trapped, because the lines were split at \n only while Yams counts every YAML line break.
        Case(name: "profile with CRLF line ends and a duplicate key",
             arguments: ["recommend", "\(folder)/profiles/duplicate-key-crlf.yaml", "--physics-only"], status: ExitStatus.dataError,
             mentions: ["duplicate-key-crlf.yaml:12:3: error: [duplicate_id] key `input_tokens` appears twice", "  input_tokens: 2000"],
             positionOf: nil),
        Case(name: "profile with CR line ends and a duplicate key",
             arguments: ["recommend", "\(folder)/profiles/duplicate-key-cr.yaml", "--physics-only"], status: ExitStatus.dataError,
             mentions: ["duplicate-key-cr.yaml:12:3: error: [duplicate_id] key `input_tokens` appears twice", "  input_tokens: 2000"],
             positionOf: nil),
        // A diurnal stream at a tiny rate drew its next candidate arrival beyond any Int of hours and trapped.
        Case(name: "simulate diurnal arrivals at 1e-300 requests/s",
             arguments: ["simulate", "\(folder)/profiles/rate-tiny.yaml", "--device", "h100-sxm", "--physics-only",
                         "--arrivals", "diurnal", "--hourly", Array(repeating: "1", count: 24).joined(separator: ",")],
             status: ExitStatus.usage, mentions: ["the workload has no requests"], positionOf: nil),
        overlay("tdp-1e308", file: "devices/nvidia/l4.yaml", ["[out_of_range]", "W"], at: "1e308"),
        overlay("bandwidth-tiny", file: "devices/nvidia/l4.yaml", ["[out_of_range]", "GB/s"], at: "1e-300"),
        overlay("tflops-tiny", file: "devices/nvidia/l4.yaml", ["[out_of_range]", "TFLOPS"], at: "1e-300"),
        overlay("price-1e20", file: "offers/cloud/hostile.yaml", ["[out_of_range]", "per_hour"], at: "1e20"),
        estimate(["--tp", "9223372036854775807"], ["--tp must be a whole number from 1 to 1,024"]),
        estimate(["--pp", "9223372036854775807"], ["--pp must be a whole number from 1 to 1,024"]),
        estimate(["--pp", "1000000"], ["--pp must be a whole number from 1 to 1,024, found 1,000,000"]),
        estimate(["--input-tokens", "9223372036854775807"], ["--input-tokens must be a whole number from 1 to 10,000,000"]),
        estimate(["--memory-gb", "inf"], ["--memory-gb must be greater than 0"]),
        estimate(["--batch", "-5"], ["--batch must be 'max' or a whole number from 1 to 1,000,000, found -5"]),
        estimate(["--tp", "-2"], ["--tp must be a whole number from 1 to 1,024, found -2"]),
        estimate(["--tp", "3"], ["impossible layout: TP=3 does not divide the 32 attention heads"]),
        estimate(["--tp", "1000"], ["impossible layout: TP=1000 does not divide the 32 attention heads"]),
        estimate(["--pp", "1000"], ["impossible layout: PP=1000 exceeds the 32 layers"]),
        estimate(["--tp", "2", "--attention-dp"], ["--attention-dp splits the routed experts of a mixture of experts",
                                                   "hint: drop --attention-dp"]),
    ]

    @Test(arguments: cases) func hostileInputExitsCleanly(_ c: Case) throws {
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        let result = GoldenTests.run(c.arguments)
        #expect(result.status == c.status, "\(result.stderr)")
        for text in c.mentions { #expect(result.stderr.contains(text), "expected '\(text)' in:\n\(result.stderr)") }
        #expect(!result.stderr.contains("Missing value"), "\(result.stderr)")
        if let (file, text) = c.positionOf {
            let position = try Self.position(of: text, in: file)
            #expect(result.stderr.contains("\(file):\(position.line):\(position.column): error:"), "expected \(file):\(position.line):\(position.column) in:\n\(result.stderr)")
        }
    }

    /// A rate so small that tokens per month underflow: the answer is a normal report, and its JSON parses.
    @Test func aTinyRateGivesValidJSON() throws {
        #expect(FileManager.default.changeCurrentDirectoryPath(GoldenTests.repository.path))
        let result = GoldenTests.run(["recommend", "\(Self.folder)/profiles/rate-tiny.yaml", "--physics-only", "--format", "json", "--top", "3"])
        #expect(result.status == ExitStatus.success, "\(result.stderr)")
        #expect(!result.stdout.contains("NaN") && !result.stdout.contains("Infinity"))
        #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "invalid JSON:\n\(result.stdout.prefix(2000))")
    }

    /// 1-based line and column of the first occurrence of `text` in the file.
    static func position(of text: String, in file: String) throws -> (line: Int, column: Int) {
        let content = try String(contentsOf: GoldenTests.repository.appendingPathComponent(file), encoding: .utf8)
        for (index, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: text) { return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1) }
        }
        throw CocoaError(.fileReadCorruptFile)
    }
}
