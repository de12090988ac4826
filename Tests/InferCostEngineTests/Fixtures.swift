import Foundation
import InferCostCore

/// Hand-written values, independent of the shipped catalog, so formula tests never move when data does.
enum Fixtures {
    static let day = Day(year: 2026, month: 11, day: 21)!

    /// Llama 3.1 8B as its config.json states it.
    static let llama8B = ModelSpec(
        id: "llama-8b", name: "Llama 3.1 8B", kind: .decoder, layers: 32, hiddenSize: 4096, intermediateSize: 14336,
        attentionHeads: 32, kvHeads: 8, vocabSize: 128_256, maxContextTokens: 131_072, mlp: .gated,
        tieWordEmbeddings: false, source: "test", asOf: day)

    /// Mixtral 8x7B: 8 experts, 2 per token.
    static let mixtral = ModelSpec(
        id: "mixtral", name: "Mixtral 8x7B", kind: .decoder, layers: 32, hiddenSize: 4096, intermediateSize: 14336,
        attentionHeads: 32, kvHeads: 8, vocabSize: 32_000, maxContextTokens: 32_768, mlp: .gated,
        tieWordEmbeddings: false, experts: 8, expertsPerToken: 2, source: "test", asOf: day)

    /// An H100 SXM-like GPU: 80 GB, 3350 GB/s, 989 bf16 / 1979 fp8 TFLOPS, 700 W, 450 GB/s NVLink.
    static let gpu = Device(
        id: "gpu80", name: "GPU 80", vendor: "nvidia", kind: .gpu, memoryGB: 80, memoryBandwidthGBs: 3350,
        denseTFLOPS: [.bf16: 989, .fp16: 989, .fp8: 1979, .int8: 1979], precisions: [.bf16, .fp16, .fp8, .int8, .int4],
        tdpW: 700, interconnect: .init(kind: .nvlink, bandwidthGBs: 450))

    /// A small PCIe GPU that cannot hold an 8B model in bf16: 16 GB, 300 GB/s, 121 bf16 TFLOPS.
    static let smallGPU = Device(
        id: "gpu16", name: "GPU 16", vendor: "nvidia", kind: .gpu, memoryGB: 16, memoryBandwidthGBs: 300,
        denseTFLOPS: [.bf16: 121, .fp16: 121, .fp8: 242], precisions: [.bf16, .fp16, .fp8], tdpW: 72,
        interconnect: .init(kind: .pcie, bandwidthGBs: 32))

    static func cloudOffer(_ id: String, device: String, devices: Int, usdPerHour: Decimal,
                           pricing: PricingModel = .onDemand, asOf: Day = day) -> Offer {
        Offer(id: "cloud/\(id)", name: id, deviceID: device, devicesPerUnit: devices,
              terms: .cloud(provider: "cloud", prices: [CloudPrice(region: "r1", market: .northAmerica, pricing: pricing,
                                                                     perHour: usdPerHour, source: "test", asOf: asOf)]))
    }

    static let costs = CostAssumptions(
        horizonYears: 3, amortizationYears: 4, electricityUSDPerKWh: Decimal(string: "0.10")!, pue: 1.5,
        hostingUSDPerKWMonth: 100, supportPercentPerYear: 10, planningUtilization: 0.7)

    static func chatProfile(rps: Double = 10, ttftMs: Double = 2000, tpotMs: Double? = 50,
                            constraints: Profile.Constraints = .init()) -> Profile {
        Profile(name: "chat", modelID: llama8B.id, precisions: .init(weights: [.bf16], kvCache: [.bf16]),
                traffic: .init(demand: .requestsPerSecond(rps), peakToAverage: 2, inputTokens: 1000, outputTokens: 200),
                targets: .init(ttftMs: ttftMs, tpotMs: tpotMs, percentile: 95), constraints: constraints, costs: costs)
    }

    static func catalog(offers: [Offer]) -> Catalog {
        Catalog(devices: [gpu.id: gpu, smallGPU.id: smallGPU], offers: offers, models: [llama8B.id: llama8B])
    }
}
