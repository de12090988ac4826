/// Every exit status, in one place: the help (`infercost --help`), docs/cli.md ("Exit status",
/// checked by a test) and the commands all use these.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// An expected outcome: no option meets the targets.
    public static let noOption: Int32 = 1
    /// A policy rule is violated (`check`, `diff --policy`): the violations were printed.
    public static let policyViolation: Int32 = 3
    /// `fmt --check`: a file is not in canonical form.
    public static let notFormatted: Int32 = 4
    /// Bad command-line usage (ArgumentParser's default).
    public static let usage: Int32 = 64
    /// Bad input data: diagnostics were printed.
    public static let dataError: Int32 = 65
    /// A bug: please report it.
    public static let internalError: Int32 = 70
    /// A file could not be written.
    public static let cannotCreate: Int32 = 73

    /// Each status with the short meaning `--help` prints.
    public static let documented: [(status: Int32, meaning: String)] = [
        (success, "ok"), (noOption, "no option meets the profile"), (policyViolation, "a policy rule is violated"),
        (notFormatted, "fmt --check found unformatted files"), (usage, "usage"), (dataError, "bad input data"),
        (internalError, "internal error"), (cannotCreate, "cannot write a file"),
    ]

    /// `0 ok, 1 no option meets the profile, ...` for the root help.
    static var summary: String { documented.map { "\($0.status) \($0.meaning)" }.joined(separator: ", ") }
}
