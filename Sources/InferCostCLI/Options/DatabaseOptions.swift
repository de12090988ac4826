import ArgumentParser
import Foundation

/// `--db PATH`: the benchmark store (default: $INFERCOST_DB, else ~/.local/share/infercost/bench.sqlite).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Benchmark database (default: $INFERCOST_DB, else $XDG_DATA_HOME/infercost/bench.sqlite or ~/.local/share/infercost/bench.sqlite).",
                                            valueName: "path"))
    var db: String?

    func validate() throws {
        if let db, db.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--db must name a file, found an empty path")
        }
    }

    func url(_ env: CLIEnvironment) -> URL { db.map { URL(fileURLWithPath: $0) } ?? env.benchDatabase }
}
