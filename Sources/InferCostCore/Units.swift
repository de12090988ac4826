/// Named unit constants, so no formula hides a magic number.
public enum Units {
    /// Hours in an average month: 365.25 days x 24 h / 12.
    public static let hoursPerMonth: Double = 730.5
    public static let hoursPerYear: Double = 8766
    public static let bytesPerGB: Double = 1e9
    /// Accelerator memory sizes are binary: an "80 GB" H100 or A100 holds 80 GiB (docs/methodology.md, "Memory").
    public static let bytesPerGiB: Double = 1_073_741_824
    public static let flopsPerTFLOP: Double = 1e12
    public static let secondsPerHour: Double = 3600
}
