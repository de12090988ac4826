import ArgumentParser
import Foundation
import InferCostCore

/// A command that runs against an injected environment and returns its exit status.
protocol InferCostCommand: ParsableCommand {
    func execute(_ env: CLIEnvironment) -> Int32
}

extension InferCostCommand {
    public func run() throws {
        let status = execute(.live())
        if status != 0 { throw ExitCode(status) }
    }
}

/// Entry point shared by the executable and the in-process golden tests.
public enum CLI {
    public static func run(_ arguments: [String], environment env: CLIEnvironment) -> Int32 {
        do {
            var command = try RootCommand.parseAsRoot(arguments)
            if let runnable = command as? any InferCostCommand { return runnable.execute(env) }
            try command.run()  // `help` and command groups: ArgumentParser prints or throws their help
            return ExitStatus.success
        } catch {
            let code = RootCommand.exitCode(for: error).rawValue
            let message = RootCommand.fullMessage(for: error)
            if code == 0 { env.writeOut(message) } else { env.writeErr(message) }
            return code
        }
    }
}
