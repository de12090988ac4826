/// The three tiers of failure (docs/cli.md, "Exit status"), plus usage errors.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// An expected outcome: no option meets the targets.
    public static let noOption: Int32 = 1
    /// Bad command-line usage (ArgumentParser's default).
    public static let usage: Int32 = 64
    /// Bad input data: diagnostics were printed.
    public static let dataError: Int32 = 65
    /// A bug: please report it.
    public static let internalError: Int32 = 70
    /// A file could not be written.
    public static let cannotCreate: Int32 = 73
}
