import Foundation
import Testing
@testable import InferCostEngine
import InferCostCore
import InferCostTestSupport

/// Each rule's examples: a change to a passing base candidate that must trigger it, and the start
/// of the message the branch it exercises writes. Every example runs; they generate docs/rules.md
/// (`UPDATE_GOLDEN=1 swift test --filter RulesTests` rewrites it and fails; then run again without it).
@Suite struct RulesTests {
    struct Example: Sendable {
        var ruleID: String
        var description: String
        /// The beginning of the finding's message: which branch of the rule the example must reach.
        var expected: String
        var change: @Sendable (inout RuleContext) -> Void
    }

    static func base() -> RuleContext {
        let offer = Fixtures.cloudOffer("big-x1", device: "gpu80", devices: 1, usdPerHour: 12)
        guard case .cloud(_, let prices) = offer.terms else { fatalError("fixture") }
        return context(profile: Fixtures.chatProfile(), device: Fixtures.gpu, offer: offer, price: prices[0], batch: 16)
    }

    static func context(profile: Profile, device: Device, offer: Offer, price: CloudPrice?, batch: Int,
                        weights: Precision = .bf16, tp: Int = 1, input: Int = 1000) -> RuleContext {
        let perf = PerformanceModel(model: Fixtures.llama8B, device: device)
        let e = perf.estimate(DeploymentPoint(deviceID: device.id, tensorParallel: tp, weightPrecision: weights,
                                              kvPrecision: .bf16, batch: batch, inputTokens: input, outputTokens: 200))
        let plan = CapacityPlan.plan(estimate: e, profile: profile, devicesPerUnit: offer.devicesPerUnit)
        let cost = plan.map {
            CostModel.cost(.init(offer: offer, device: device, price: price, units: $0.units, peakUtilization: $0.peakUtilization,
                                 averageUtilization: $0.averageUtilization, assumptions: profile.costs, factors: perf.factors))
        }
        return RuleContext(profile: profile, model: Fixtures.llama8B, device: device, offer: offer, price: price,
                           estimate: e, plan: plan, cost: cost, today: Fixtures.day)
    }

    static let examples: [Example] = [
        Example(ruleID: "deployment_constraint", description: "a cloud offer when the profile allows on-prem only",
                expected: "cloud offer, profile allows onprem only") {
            $0.profile.constraints.deployment = .onprem
        },
        Example(ruleID: "deployment_constraint", description: "a device vendor the profile does not allow",
                expected: "device vendor nvidia not in allowed vendors [amd]") { $0.profile.constraints.vendors = ["amd"] },
        Example(ruleID: "deployment_constraint", description: "a cloud provider the profile does not allow",
                expected: "provider cloud not in allowed providers [aws, gcp]") { $0.profile.constraints.providers = ["aws", "gcp"] },
        Example(ruleID: "deployment_constraint", description: "a cloud region the profile does not allow",
                expected: "region r1 not in allowed regions [r2]") { $0.profile.constraints.regions = ["r2"] },
        Example(ruleID: "deployment_constraint", description: "an on-demand price when the profile allows reserved pricing only",
                expected: "pricing on_demand not in allowed pricing [reserved_1y, reserved_3y]") {
            $0.profile.constraints.pricing = [.reserved1y, .reserved3y]
        },
        Example(ruleID: "market_availability", description: "a profile for the China market and a cloud region in North America",
                expected: "region r1 is in north_america, not china") {
            $0.profile.constraints.market = .china
        },
        Example(ruleID: "market_availability", description: "an on-prem server whose device is export-restricted in the profile's market",
                expected: "GPU 80 is not sold in china; sold in north_america, europe") { c in
            c.profile.constraints.market = .china
            c.device.markets = [.northAmerica, .europe]
            c.offer = Offer(id: "onprem/x", name: "x", deviceID: c.device.id, devicesPerUnit: 8, terms: .onPrem(OnPremTerms(devicePrice: 30000)))
            c.price = nil
        },
        Example(ruleID: "market_availability", description: "an on-prem server sold only outside the profile's market",
                expected: "onprem/eu is sold in europe only") { c in
            c.profile.constraints.market = .northAmerica
            c.offer = Offer(id: "onprem/eu", name: "eu", deviceID: c.device.id, devicesPerUnit: 8,
                            terms: .onPrem(OnPremTerms(devicePrice: 30000, markets: [.europe])))
            c.price = nil
        },
        Example(ruleID: "precision_supported", description: "fp4 weights on a device without fp4",
                expected: "GPU 80 does not run fp4 weights") { c in
            c = context(profile: c.profile, device: c.device, offer: c.offer, price: c.price, batch: 16, weights: .fp4)
        },
        Example(ruleID: "parallel_layout", description: "tensor parallel 3 for a model with 32 attention and 8 KV heads",
                expected: "TP=3 does not divide the 32 attention heads of Llama 3.1 8B; use a TP that divides 32") { c in
            c = context(profile: c.profile, device: c.device, offer: c.offer, price: c.price, batch: 16, tp: 3)
        },
        Example(ruleID: "context_length", description: "a 200,000-token prompt for a 131,072-token model",
                expected: "200200 tokens per request exceed Llama 3.1 8B's context of 131072") { c in
            c = context(profile: c.profile, device: c.device, offer: c.offer, price: c.price, batch: 1, input: 200_000)
        },
        Example(ruleID: "missing_spec", description: "a device with no published memory bandwidth",
                expected: "unknown: needs gpu80.memory_bandwidth_gb_s") { c in
            var d = c.device; d.memoryBandwidthGBs = nil
            c = context(profile: c.profile, device: d, offer: c.offer, price: c.price, batch: 16)
        },
        Example(ruleID: "fits_memory", description: "Llama 3.1 8B in bf16 on a 16 GB GPU",
                expected: "does not fit: needs") { c in
            c = context(profile: c.profile, device: Fixtures.smallGPU, offer: c.offer, price: c.price, batch: 1)
        },
        Example(ruleID: "traffic_served", description: "traffic that would need more than 512 instances",
                expected: "needs ") { c in
            // Peak 10,000 req/s: about 0.1 s of service each needs ~1,500 replicas at 70%, while
            // prefill takes only ~47% of each of the 512 the unit cap allows.
            c.profile.traffic.demand = .requestsPerSecond(5000)
            c = context(profile: c.profile, device: c.device, offer: c.offer, price: c.price, batch: 16)
        },
        Example(ruleID: "traffic_served", description: "so many requests that prefill alone saturates every replica",
                expected: "prefill alone needs") { c in
            c.profile.traffic.demand = .requestsPerSecond(1e6)
            c = context(profile: c.profile, device: c.device, offer: c.offer, price: c.price, batch: 16)
        },
        Example(ruleID: "ttft_target", description: "a 10 ms TTFT target for a 1000-token prompt",
                expected: "TTFT p95 ") { $0.profile.targets.ttftMs = 10 },
        Example(ruleID: "tpot_target", description: "a 1 ms TPOT target", expected: "TPOT ") { $0.profile.targets.tpotMs = 1 },
        Example(ruleID: "device_limit", description: "max_devices 2 for a plan of four one-GPU instances",
                expected: "4 devices > max_devices 2") {
            $0.profile.constraints.maxDevices = 2
        },
        Example(ruleID: "power_budget", description: "a 0.1 kW power budget for a 700 W GPU", expected: "peak draw ") { $0.profile.constraints.maxPowerKW = 0.1 },
        Example(ruleID: "budget", description: "a 100 USD monthly budget for four instances of 8,766 USD",
                expected: "costs $35,064/month > budget $100") {
            $0.profile.constraints.budgetUSDPerMonth = 100
        },
        Example(ruleID: "stale_price", description: "a price dated two years before today",
                expected: "price as of 2024-11-01 is 750 days old") { c in
            c.price?.asOf = Day(year: 2024, month: 11, day: 1)!
        },
        Example(ruleID: "stale_price", description: "an on-prem server whose price source is two years old",
                expected: "server_price as of 2024-11-01 is 750 days old") { c in
            let offer = Offer(id: "onprem/old", name: "old", deviceID: "gpu80", devicesPerUnit: 1,
                              terms: .onPrem(OnPremTerms(serverPrice: 40_000, hostPowerW: 500,
                                                         sources: [Source(ref: "quote", asOf: Day(year: 2024, month: 11, day: 1)!, fields: ["server_price"])])))
            c = context(profile: c.profile, device: c.device, offer: offer, price: nil, batch: 16)
        },
        Example(ruleID: "spot_interruption", description: "a spot price for a customer-facing profile",
                expected: "spot capacity can be reclaimed") { c in
            c.profile.constraints.customerFacing = true
            c.price?.pricing = .spot
        },
        Example(ruleID: "tp_over_pcie", description: "tensor parallel 2 across PCIe-only GPUs",
                expected: "tensor parallel 2 over PCIe (no NVLink-class link on GPU 80)") { c in
            var d = Fixtures.gpu; d.interconnect = .init(kind: .pcie, bandwidthGBs: 32)
            c = context(profile: c.profile, device: d, offer: c.offer, price: c.price, batch: 16, tp: 2)
        },
        Example(ruleID: "incomplete_cost", description: "an on-prem server priced per GPU with no host price or power",
                expected: "capital excludes the host: onprem/box has no sourced host_price; power excludes the host") { c in
            let offer = Offer(id: "onprem/box", name: "box", deviceID: "gpu80", devicesPerUnit: 1,
                              terms: .onPrem(OnPremTerms(devicePrice: 30_000)))
            c = context(profile: c.profile, device: c.device, offer: offer, price: nil, batch: 16)
        },
    ]

    @Test func theBaseCandidatePassesEveryRule() {
        #expect(Rules.evaluate(Self.base()) == [])
    }

    @Test func everyRuleHasAnExample() {
        #expect(Set(Self.examples.map(\.ruleID)) == Set(Rules.all.map(\.id)))
    }

    @Test func exampleDescriptionsAreUnique() {
        #expect(Set(Self.examples.map(\.description)).count == Self.examples.count)
    }

    /// Every example, not only the first of each rule: its rule fires, on the branch it names.
    @Test(arguments: examples.map(\.description))
    func exampleTriggersItsRuleOnItsBranch(_ description: String) throws {
        let example = try #require(Self.examples.first { $0.description == description })
        let findings = Self.findings(example)
        let finding = try #require(findings.first { $0.ruleID == example.ruleID }, "\(example.ruleID) did not fire; findings: \(findings)")
        #expect(finding.message.hasPrefix(example.expected), "\(example.ruleID) took another branch: \(finding.message)")
    }

    /// The search asks `fires` and renders `check` only for the candidates it keeps: the two must agree, for every
    /// rule on every example (each fires its own rule, and some others) and on the base candidate (none fires).
    @Test func firesAgreesWithCheck() {
        var contexts = [Self.base()]
        for example in Self.examples {
            var context = Self.base()
            example.change(&context)
            contexts.append(context)
        }
        for context in contexts {
            for rule in Rules.all { #expect(rule.fires(context) == (rule.check(context) != nil), "\(rule.id)") }
            let fired = Rules.all.indices.reduce(into: FiredRules()) { set, index in if Rules.all[index].fires(context) { set.insert(index) } }
            #expect(fired.findings(context) == Rules.evaluate(context))
        }
    }

    /// The search checks a rule of `RuleInputs.estimate` once per batch limit for every price, with no price and no
    /// cost: on every example, it must say the same without them.
    @Test func estimateRulesReadNeitherPriceNorCost() {
        for example in Self.examples {
            var context = Self.base()
            example.change(&context)
            var bare = context
            bare.price = nil
            bare.cost = nil
            for rule in Rules.all where rule.inputs == .estimate {
                #expect(rule.check(bare) == rule.check(context), "\(rule.id) on \(example.description)")
            }
        }
    }

    /// The search checks a rule of `RuleInputs.offer` once per offer and price, on the context of the offer's first
    /// configuration: on every example, it must say the same for another point (layout, precisions, batch) and estimate,
    /// with no plan and no cost.
    @Test func offerRulesReadNothingOfThePoint() {
        #expect(!Rules.readingOffer.isEmpty)
        for example in Self.examples {
            var context = Self.base()
            example.change(&context)
            var bare = context
            var other = Self.base().estimate
            other.point.tensorParallel *= 2
            other.point.weightPrecision = other.point.weightPrecision == .fp8 ? .bf16 : .fp8
            other.point.kvPrecision = .int8
            other.point.batch += 7
            bare.estimate = other
            bare.plan = nil
            bare.cost = nil
            for rule in Rules.all where rule.inputs == .offer {
                #expect(rule.check(bare) == rule.check(context), "\(rule.id) on \(example.description)")
            }
        }
    }

    /// Before costing, the search checks a `.cost` rule as often as `inputsWithoutCost` says, with no cost: on every
    /// example, with the cost taken away, a rule reading the estimate must say the same without the price, and one
    /// reading the configuration the same with the base candidate's estimate and no plan.
    @Test func costRulesWithoutACostReadWhatTheySay() {
        for example in Self.examples {
            var context = Self.base()
            example.change(&context)
            context.cost = nil
            for rule in Rules.all where rule.inputs == .cost {
                var bare = context
                switch rule.inputsWithoutCost {
                case .offer, .configuration:
                    bare.estimate = Self.base().estimate
                    bare.plan = nil
                    #expect(rule.check(bare) == rule.check(context), "\(rule.id) on \(example.description)")
                case .estimate:
                    bare.price = nil
                    #expect(rule.check(bare) == rule.check(context), "\(rule.id) on \(example.description)")
                case .cost: break
                }
            }
        }
    }

    static func findings(_ example: Example) -> [Finding] {
        var context = base()
        example.change(&context)
        return Rules.evaluate(context)
    }

    /// docs/rules.md is generated from the rules and their examples; a stale file fails here.
    @Test func rulesDocumentationIsCurrent() throws {
        var lines = ["# Rules", "", "Generated from `Sources/InferCostEngine/Rules/` and the examples in",
                     "`Tests/InferCostEngineTests/RulesTests.swift` (`UPDATE_GOLDEN=1 swift test --filter RulesTests` rewrites it and fails; then run again without it).",
                     "A `reject` rule removes a candidate; a `warning` keeps it and says what to check.", ""]
        for rule in Rules.all {
            lines += ["## `\(rule.id)` (\(rule.severity.rawValue))", "", rule.rationale, ""]
            for example in Self.examples where example.ruleID == rule.id {
                let message = Self.findings(example).first { $0.ruleID == rule.id }?.message ?? "(did not fire)"
                lines += ["Example — \(example.description):", "", "    \(message)", ""]
            }
        }
        let generated = lines.joined(separator: "\n")
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/rules.md")
        let failure = GoldenFile.check(generated, file: url, label: "docs/rules.md", rerun: "swift test --filter RulesTests")
        #expect(failure == nil, "\(failure ?? "")")
    }
}
