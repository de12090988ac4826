import Foundation
import InferCostCLI

exit(CLI.run(Array(CommandLine.arguments.dropFirst()), environment: .live()))
