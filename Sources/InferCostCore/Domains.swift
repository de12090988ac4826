/// Every numeric input's domain, in one table: profile, catalog, flags and imported measurements.
/// The bounds are generous for real use (the largest deployments, models and prices on record
/// with a wide margin) and tight enough that the engine's arithmetic on them stays finite and
/// within `Int`. docs/reliability.md shows this table (generated; a test keeps it current).
public enum Domains {
    // MARK: Profile: traffic and targets
    public static let requestsPerSecond = NumericDomain.positive("traffic.requests_per_second", upTo: 1e7, unit: "requests/s")
    public static let outputTokensPerSecond = NumericDomain.positive("traffic.output_tokens_per_second", upTo: 1e10, unit: "tokens/s")
    public static let peakToAverage = NumericDomain("traffic.peak_to_average", 1, 1000)
    public static let inputTokens = NumericDomain.count("traffic.input_tokens", 1, 10_000_000, unit: "tokens")
    public static let outputTokens = NumericDomain.count("traffic.output_tokens", 0, 10_000_000, unit: "tokens")
    public static let ttftMs = NumericDomain.positive("targets.ttft_ms", upTo: 1e7, unit: "ms")
    public static let tpotMs = NumericDomain.positive("targets.tpot_ms", upTo: 1e6, unit: "ms")
    public static let percentile = NumericDomain("targets.percentile", 50, 99, allowed: [50, 90, 95, 99])
    public static let minReplicas = NumericDomain.count("targets.min_replicas", 1, 4096)

    // Policies (docs/policy-format.md).
    public static let policyBudget = NumericDomain.positive("policy: budget.max_usd_per_month, max_tco_usd, max_usd_per_million_tokens", upTo: 1e12, unit: "USD")
    public static let policyIncreaseUSD = NumericDomain("policy: change.max_increase_usd_per_month", 0, 1e12, unit: "USD")
    public static let policyIncreasePercent = NumericDomain("policy: change.max_increase_percent", 0, 10_000, unit: "%")
    public static let policyMinReplicas = NumericDomain.count("policy: require.min_replicas", 1, 1_000)
    public static let policyPriceAgeDays = NumericDomain.count("policy: require.max_price_age_days", 1, 36_500, unit: "days")

    // MARK: Profile: constraints and money
    public static let maxPowerKW = NumericDomain.positive("constraints.max_power_kw", upTo: 1e6, unit: "kW")
    public static let maxDevices = NumericDomain.count("constraints.max_devices", 1, 1_000_000)
    public static let budgetPerMonth = NumericDomain.positive("constraints.budget_usd_per_month", upTo: 1e12, unit: "USD")
    /// Profile lists (providers, regions, vendors): more entries than this is a generated file gone wrong.
    public static let listEntries = NumericDomain.count("constraints.providers / regions / vendors (entries)", 0, 10_000)
    public static let exchangeRate = NumericDomain.positive("exchange_rates.<CODE>, currencies.yaml per_usd", upTo: 1e6, unit: "units per USD")

    // MARK: Cost assumptions (profile `costs` and cost-defaults.yaml)
    public static let horizonYears = NumericDomain("costs.horizon_years", 0.1, 50, unit: "years")
    public static let amortizationYears = NumericDomain("costs.amortization_years", 0.1, 50, unit: "years")
    public static let electricityPerKWh = NumericDomain("costs.electricity_usd_per_kwh", 0, 100, unit: "USD/kWh")
    public static let pue = NumericDomain("costs.pue", 1, 3)
    public static let hostingPerKWMonth = NumericDomain("costs.hosting_usd_per_kw_month", 0, 100_000, unit: "USD/kW/month")
    public static let supportPercentPerYear = NumericDomain("costs.support_percent_per_year", 0, 100, unit: "%")
    public static let planningUtilization = NumericDomain("costs.planning_utilization", 0.01, 1)
    public static let discountRatePercent = NumericDomain("costs.discount_rate_percent", 0, 100, unit: "%")
    public static let staffPerServerYear = NumericDomain("costs.staff_usd_per_server_year", 0, 1e9, unit: "USD")
    public static let networkPerServer = NumericDomain("costs.network_usd_per_server", 0, 1e9, unit: "USD")
    public static let gridIntensity = NumericDomain("costs.grid_kgco2e_per_kwh, grid-carbon.yaml kgco2e_per_kwh", 0, 2, unit: "kgCO2e/kWh")
    public static let licencePerDeviceYear = NumericDomain("licences[].usd_per_device_year", 0, 1e9, unit: "USD")
    public static let negotiatedDiscount = NumericDomain("negotiated_discount_percent.<provider>", 0, 100, unit: "%")
    public static let requestShare = NumericDomain("traffic.request_mix[].share", 0, 1, lowerIsExclusive: true)
    public static let requestClasses = NumericDomain.count("traffic.request_mix (classes)", 1, 16)
    public static let growthPercent = NumericDomain("traffic.growth_percent_per_year", -90, 1000, unit: "%")

    // MARK: Catalog: devices
    public static let launchYear = NumericDomain.count("devices: launch_year", 1950, 2100)
    public static let memoryGB = NumericDomain.positive("devices: memory_gb, offers: memory_gb_per_device", upTo: 100_000, unit: "GB")
    public static let memoryBandwidth = NumericDomain("devices: memory_bandwidth_gb_s", 0.1, 1_000_000, unit: "GB/s")
    public static let denseTFLOPS = NumericDomain("devices: dense_tflops.<precision>", 0.001, 1_000_000, unit: "TFLOPS")
    public static let tdpW = NumericDomain("devices: tdp_w", 0.1, 100_000, unit: "W")
    public static let interconnectBandwidth = NumericDomain("devices: interconnect.bandwidth_gb_s", 0.1, 100_000, unit: "GB/s")
    public static let cpuCores = NumericDomain.count("devices: cpu.cores", 1, 10_000)
    public static let memoryChannels = NumericDomain.count("devices: cpu.memory_channels", 1, 64)
    public static let memorySpeed = NumericDomain.count("devices: cpu.memory_speed_mt_s", 100, 100_000, unit: "MT/s")

    // MARK: Catalog: offers
    public static let devicesPerUnit = NumericDomain.count("offers: devices_per_instance, devices_per_server", 1, 10_000)
    public static let pricePerHour = NumericDomain.positive("offers/cloud: prices[].per_hour", upTo: 1e7, unit: "(offer currency)")
    public static let serverPrice = NumericDomain.positive("offers/onprem: server_price, device_price", upTo: 1e10, unit: "(offer currency)")
    public static let hostPrice = NumericDomain("offers/onprem: host_price, support_per_year", 0, 1e10, unit: "(offer currency)")
    public static let hostPowerW = NumericDomain("offers/onprem: host_power_w", 0, 1_000_000, unit: "W")
    public static let scaleOutBandwidth = NumericDomain("offers: scale_out_network.bandwidth_gbit_s", 1, 1_000_000, unit: "Gbit/s")
    public static let scaleOutLatency = NumericDomain("offers: scale_out_network.latency_us", 0.01, 100_000, unit: "us")
    public static let apiPricePerMillion = NumericDomain("offers/api: input_per_million, output_per_million", 0, 1e6, unit: "USD")
    public static let apiRequestsPerMinute = NumericDomain.positive("offers/api: requests_per_minute", upTo: 1e9, unit: "requests/min")

    // MARK: Catalog: models
    public static let layers = NumericDomain.count("models: layers, moe_layer_step", 1, 10_000)
    public static let hiddenSize = NumericDomain.count("models: hidden_size", 1, 1_000_000)
    public static let intermediateSize = NumericDomain.count("models: intermediate_size, expert_intermediate_size", 1, 10_000_000)
    public static let heads = NumericDomain.count("models: attention_heads, kv_heads, head_dim", 1, 100_000)
    public static let vocabSize = NumericDomain.count("models: vocab_size", 1, 100_000_000)
    public static let contextTokens = NumericDomain.count("models: max_context_tokens", 1, 1_000_000_000, unit: "tokens")
    public static let experts = NumericDomain.count("models: experts, experts_per_token", 1, 100_000)
    public static let sharedExperts = NumericDomain.count("models: shared_experts", 0, 100_000)
    public static let firstDenseLayers = NumericDomain.count("models: first_dense_layers", 0, 10_000)
    public static let latentDims = NumericDomain.count("models: mla.q_lora_rank, kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim, v_head_dim", 1, 1_000_000)
    public static let attentionSpan = NumericDomain.count("models: sliding_window_tokens, attention_chunk_tokens", 1, 1_000_000_000, unit: "tokens")
    public static let normsPerLayer = NumericDomain.count("models: norms_per_layer", 0, 16)
    public static let quantizationGroup = NumericDomain.count("models: quantization.group_size", 1, 1_000_000)

    // MARK: Command-line flags
    public static let tensorParallelFlag = NumericDomain.count("--tp (estimate, bench import)", 1, 1024)
    public static let pipelineParallelFlag = NumericDomain.count("--pp (estimate)", 1, 1024)
    public static let batchFlag = NumericDomain.count("--batch (estimate)", 1, 1_000_000)
    public static let inputTokensFlag = NumericDomain.count("--input-tokens (estimate)", 1, 10_000_000, unit: "tokens")
    public static let outputTokensFlag = NumericDomain.count("--output-tokens (estimate)", 0, 10_000_000, unit: "tokens")
    public static let memoryGBFlag = NumericDomain.positive("--memory-gb (estimate)", upTo: 100_000, unit: "GB")
    public static let rowsFlag = NumericDomain.count("--top, --limit, --worst", 1, 1_000_000)
    public static let devicesFlag = NumericDomain.count("--devices (bench import)", 1, 1_000_000)

    // MARK: Imported measurements
    public static let measuredTokens = NumericDomain.count("measurements: input and output tokens per request", 0, 10_000_000, unit: "tokens")
    public static let measuredDevices = NumericDomain.count("measurements: devices, tp, pp, batch, concurrency", 1, 1_000_000)
    public static let measuredRate = NumericDomain.positive("measurements: request rate", upTo: 1e7, unit: "requests/s")
    public static let measuredValue = NumericDomain.positive("measurements: value (tokens/s, requests/s, ms)", upTo: 1e12)

    /// The table, in the order docs/reliability.md shows it.
    public static let all: [NumericDomain] = [
        requestsPerSecond, outputTokensPerSecond, peakToAverage, inputTokens, outputTokens, ttftMs, tpotMs, percentile, minReplicas,
        maxPowerKW, maxDevices, budgetPerMonth, listEntries, exchangeRate,
        policyBudget, policyIncreaseUSD, policyIncreasePercent, policyMinReplicas, policyPriceAgeDays,
        horizonYears, amortizationYears, electricityPerKWh, pue, hostingPerKWMonth, supportPercentPerYear, planningUtilization,
        discountRatePercent, staffPerServerYear, networkPerServer, gridIntensity, licencePerDeviceYear, negotiatedDiscount, growthPercent,
        requestShare, requestClasses,
        launchYear, memoryGB, memoryBandwidth, denseTFLOPS, tdpW, interconnectBandwidth, cpuCores, memoryChannels, memorySpeed,
        devicesPerUnit, pricePerHour, serverPrice, hostPrice, hostPowerW, apiPricePerMillion, apiRequestsPerMinute,
        scaleOutBandwidth, scaleOutLatency,
        layers, hiddenSize, intermediateSize, heads, vocabSize, contextTokens, experts, sharedExperts, firstDenseLayers,
        latentDims, attentionSpan, normsPerLayer, quantizationGroup,
        tensorParallelFlag, pipelineParallelFlag, batchFlag, inputTokensFlag, outputTokensFlag, memoryGBFlag, rowsFlag, devicesFlag,
        measuredTokens, measuredDevices, measuredRate, measuredValue,
    ]

    /// docs/reliability.md's table of domains.
    public static var markdownTable: String {
        var out = "| input | domain |\n|---|---|\n"
        for d in all { out += "| `\(d.field)` | \(d.requirement) |\n" }
        return out
    }
}
