import Foundation
import Testing
import InferCostCLI

/// docs/ci works: the script the GitHub Actions workflow and the GitLab job run
/// (docs/ci/infercost-pr.sh) runs against a temporary git repository whose commits raise the
/// traffic by 40% and the price of the only offer by 25%. The comment must name both causes and
/// the gate must fail with the policy exit status. Runs the built `infercost` binary.
@Suite struct CIRecipeTests {
    /// The `infercost` executable beside the test bundle (swift build --build-tests builds both).
    static var binary: URL? {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent(), GoldenTests.repository.appendingPathComponent(".build/debug")]
        return candidates.map { $0.appendingPathComponent("infercost") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @discardableResult
    static func shell(_ command: String, in folder: URL, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, b in b }
        let pipe = Pipe()
        process.standardOutput = pipe; process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let offers = """
        schema_version: 1
        provider: testcloud
        name: Test Cloud
        currency: USD
        regions:
          r1: north_america
        instances:
          - id: h100x8
            device: h100-sxm
            devices_per_instance: 8
            prices:
              - region: r1
                pricing: on_demand
                per_hour: 40.00
                source: "test fixture, not a real price"
                as_of: 2026-11-01

        """

    static let policy = """
        schema_version: 1
        budget:
          max_usd_per_month: 30000
        change:
          max_increase_percent: 10

        """

    @Test func theWorkflowScriptNamesTheCausesAndFailsTheGate() throws {
        let binary = try #require(Self.binary, "build the infercost executable first (swift build --build-tests)")
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("infercost-ci-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: repo) }
        let shipped = GoldenTests.repository.appendingPathComponent("Catalog")
        let fm = FileManager.default
        for folder in ["Catalog/devices/nvidia", "Catalog/models", "Catalog/offers/cloud", "Profiles", "docs/ci"] {
            try fm.createDirectory(at: repo.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["devices/nvidia/h100-sxm.yaml", "models/meta-llama--Llama-3.1-8B.yaml", "currencies.yaml", "cost-defaults.yaml"] {
            try fm.copyItem(at: shipped.appendingPathComponent(file), to: repo.appendingPathComponent("Catalog/\(file)"))
        }
        try fm.copyItem(at: GoldenTests.repository.appendingPathComponent("docs/ci/infercost-pr.sh"),
                        to: repo.appendingPathComponent("docs/ci/infercost-pr.sh"))
        try Self.offers.write(to: repo.appendingPathComponent("Catalog/offers/cloud/testcloud.yaml"), atomically: true, encoding: .utf8)
        try Self.policy.write(to: repo.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
        let profile = try String(contentsOf: GoldenTests.repository.appendingPathComponent("Profiles/chat-assistant.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  pricing: [on_demand, reserved_1y, reserved_3y]\n", with: "")
        try profile.write(to: repo.appendingPathComponent("Profiles/chat.yaml"), atomically: true, encoding: .utf8)

        let git = "git -c user.name=t -c user.email=t@example.com -c commit.gpgsign=false"
        try #require(try Self.shell("git init -q && \(git) add -A && \(git) commit -qm base", in: repo).status == 0)
        try profile.replacingOccurrences(of: "requests_per_second: 15", with: "requests_per_second: 21")
            .write(to: repo.appendingPathComponent("Profiles/chat.yaml"), atomically: true, encoding: .utf8)
        try #require(try Self.shell("\(git) commit -qam 'traffic +40%'", in: repo).status == 0)
        try Self.offers.replacingOccurrences(of: "per_hour: 40.00", with: "per_hour: 50.00")
            .write(to: repo.appendingPathComponent("Catalog/offers/cloud/testcloud.yaml"), atomically: true, encoding: .utf8)
        try #require(try Self.shell("\(git) commit -qam 'price +25%'", in: repo).status == 0)

        // The compiled catalog cache goes beside the repository and with it, not into the user's cache folder.
        let cache = repo.appendingPathExtension("cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let env = ["INFERCOST": binary.path, "INFERCOST_FLAGS": "--physics-only", "INFERCOST_DB": repo.appendingPathComponent("db.sqlite").path,
                   "XDG_CACHE_HOME": cache.path]
        // The base passes the gate; the head does not.
        let before = try Self.shell("git checkout -q HEAD~2 && \(binary.path) check --physics-only; s=$?; git checkout -q -; exit $s", in: repo, environment: env)
        #expect(before.status == 0, "\(before.output)")

        let run = try Self.shell("docs/ci/infercost-pr.sh HEAD~2 comment.md", in: repo, environment: env)
        #expect(run.status == 3, "\(run.output)")
        #expect(run.output.contains("[max_usd_per_month] Profiles/chat.yaml"), "\(run.output)")
        let comment = try String(contentsOf: repo.appendingPathComponent("comment.md"), encoding: .utf8)
        #expect(comment.contains("traffic +40% (15 -> 21 req/s average)"), "\(comment)")
        #expect(comment.contains("price of testcloud/h100x8 (on_demand, r1) $40.00/h -> $50.00/h (+25%) in the catalog"), "\(comment)")
        #expect(comment.contains("[max_increase_percent] Profiles/chat.yaml"), "\(comment)")
        #expect(comment.contains("of the monthly change: profile edits"), "both moved, so the change is split")
        #expect(comment.split(separator: "\n", omittingEmptySubsequences: false).count <= 40)

        // The last commit alone changed only the catalog: the price is the only cause.
        let last = try Self.shell("\(binary.path) diff --git HEAD~1..HEAD --physics-only --format json", in: repo, environment: env)
        #expect(last.status == 0, "\(last.output)")
        #expect(last.output.contains("\"kind\" : \"catalog\"") && !last.output.contains("\"kind\" : \"traffic\""))
    }
}
