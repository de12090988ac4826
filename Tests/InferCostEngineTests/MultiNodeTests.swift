import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore

/// Replicas over several whole nodes (docs/methodology.md, "Multi-node layouts").
@Suite struct MultiNodeTests {
    /// Llama 3.1 405B as its config.json states it: 810 GB of bf16 weights, more than 8 x 80 GB.
    static let llama405B = ModelSpec(
        id: "llama-405b", name: "Llama 3.1 405B", kind: .decoder, layers: 126, hiddenSize: 16384, intermediateSize: 53248,
        attentionHeads: 128, kvHeads: 8, vocabSize: 128_256, maxContextTokens: 131_072, mlp: .gated,
        tieWordEmbeddings: false, source: "test", asOf: Fixtures.day)

    static let network = ScaleOutNetwork(bandwidthGbitS: 3200, source: "test", asOf: Fixtures.day)

    static func offer(network: ScaleOutNetwork?) -> Offer {
        var o = Fixtures.cloudOffer("h8", device: Fixtures.gpu.id, devices: 8, usdPerHour: 55)
        o.scaleOut = network
        return o
    }

    static func profile() -> Profile {
        Profile(name: "405b", modelID: llama405B.id, precisions: .init(weights: [.bf16], kvCache: [.bf16]),
                traffic: .init(demand: .requestsPerSecond(0.5), peakToAverage: 2, inputTokens: 1000, outputTokens: 200),
                targets: .init(ttftMs: 5000, tpotMs: 200, percentile: 95), costs: Fixtures.costs)
    }

    static func recommend(network: ScaleOutNetwork?) throws -> Recommendation {
        let catalog = Catalog(devices: [Fixtures.gpu.id: Fixtures.gpu], offers: [offer(network: network)],
                              models: [llama405B.id: llama405B])
        var search = Recommender(catalog: catalog, today: Fixtures.day)
        search.simulatesFinalists = false
        return try search.recommend(profile())
    }

    @Test func aModelTooLargeForOneNodeIsServedOnTwo() throws {
        let r = try Self.recommend(network: Self.network)
        let best = try #require(r.best)
        #expect(best.point.nodes == 2)
        #expect(best.point.devicesPerReplica == 16)
        #expect(best.units == best.replicas * 2)
        #expect(best.totalDevices == best.units * 8)
        // Every instance of every replica is rented.
        let rental = try #require(best.cost?.rentalUSDPerMonth)
        #expect(rental == Decimal(best.units) * 55 * Decimal(Units.hoursPerMonth))
        // And it agrees with the brute-force oracle.
        let catalog = Catalog(devices: [Fixtures.gpu.id: Fixtures.gpu], offers: [Self.offer(network: Self.network)],
                              models: [Self.llama405B.id: Self.llama405B])
        let oracle = try #require(BruteForceRecommender(catalog: catalog, today: Fixtures.day).recommend(Self.profile()))
        #expect(oracle.best.map(Recommender.key) == r.best.map(Recommender.key))
    }

    @Test func withoutASourcedNetworkTheModelCannotBeServedAndTheReasonSaysWhy() throws {
        let r = try Self.recommend(network: nil)
        #expect(r.best == nil)
        let losing = try #require(r.losingOffers.first)
        #expect(losing.ruleID == "fits_memory")
        #expect(losing.message.contains("no multi-node layout tried"), "\(losing.message)")
        #expect(losing.message.contains("scale_out_network"))
    }

    @Test func layoutsFillWholeNodesAndNeedANetwork() {
        let with = ParallelLayout.layouts(offer: Self.offer(network: Self.network), model: Self.llama405B)
        let multi = with.filter { $0.span != nil }
        // 2, 3, 4 nodes x (TP8 x 1 stage, TP4 x 2, TP2 x 4 per node).
        #expect(multi.count == 9)
        for l in multi { #expect(l.tensorParallel * l.pipelineParallel == (l.span?.nodes ?? 0) * 8) }
        #expect(ParallelLayout.layouts(offer: Self.offer(network: nil), model: Self.llama405B).allSatisfy { $0.span == nil })
    }

    /// The stage hand-off over the network: bytes = tokens x hidden x 2 per boundary at the node's
    /// bandwidth share, plus the latency; one more hop than the same layout inside one node costs.
    @Test func crossingTheNetworkCostsTheHandOff() {
        let model = PerformanceModel(model: Fixtures.llama8B, device: Fixtures.gpu)
        let span = NodeSpan(nodes: 2, devicesPerNode: 8, networkGBsPerNode: 400, networkLatencyUs: 5)
        var p = DeploymentPoint(deviceID: Fixtures.gpu.id, tensorParallel: 8, pipelineParallel: 2, weightPrecision: .bf16,
                                kvPrecision: .bf16, batch: 16, inputTokens: 1000, outputTokens: 200, span: span)
        let tokens = 16.0
        let message = tokens * 4096 * 2
        let expected = message / (400e9 * 1.0 * model.factors.interconnectBandwidth) + 5e-6
        #expect(abs(model.networkHopSeconds(span, message: message, tensorParallel: 8) - expected) < 1e-12)
        let across = model.collectiveSeconds(p, tokensInFlight: tokens, linkBytesPerSecond: 450e9)
        p.span = nil
        let within = model.collectiveSeconds(p, tokensInFlight: tokens, linkBytesPerSecond: 450e9)
        let link = message / (450e9 * model.factors.interconnectBandwidth) + model.factors.collectiveLatencySeconds
        #expect(abs((across - within) - (expected - link)) < 1e-12)
        // A TP2 stage uses 2 of the node's 8 ports: a quarter of the bandwidth.
        let quarter = model.networkHopSeconds(span, message: message, tensorParallel: 2)
        #expect(abs(quarter - (4 * (expected - 5e-6) + 5e-6)) < 1e-12)
    }

    /// Fewer sequences than pipeline stages leave stages idle: compute does not divide by them.
    @Test func pipelineBubblesAtSmallBatch() {
        let model = PerformanceModel(model: Fixtures.llama8B, device: Fixtures.gpu)
        func computeSeconds(batch: Int, pp: Int) -> Double {
            let p = DeploymentPoint(deviceID: Fixtures.gpu.id, tensorParallel: 1, pipelineParallel: pp, weightPrecision: .bf16,
                                    kvPrecision: .bf16, batch: batch, inputTokens: 1000, outputTokens: 200)
            return model.estimate(p).decode?.computeSeconds ?? 0
        }
        // One sequence: four stages run one after another, so compute equals one stage doing all of it.
        #expect(abs(computeSeconds(batch: 1, pp: 4) - computeSeconds(batch: 1, pp: 1)) < 1e-12)
        // Eight sequences fill four stages: a quarter of the single-device compute time.
        #expect(abs(computeSeconds(batch: 8, pp: 4) * 4 - computeSeconds(batch: 8, pp: 1)) < 1e-9)
    }
}
