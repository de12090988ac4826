import Foundation
import InferCostCatalog
import InferCostCore
import InferCostEngine

extension SimulateCommand {
    /// The deployment from the profile's recommendation, or from the flags. Prints why and returns nil
    /// when there is nothing to simulate.
    func resolve(_ catalog: Catalog, fitted: Calibration?, _ env: CLIEnvironment) -> Setup? {
        if let profile {
            let (loaded, diagnostics) = CatalogLoader.loadProfile(at: URL(fileURLWithPath: profile), catalog: catalog)
            if Diagnostics.report(diagnostics, env) { return nil }
            guard let loaded, let model = catalog.models[loaded.modelID],
                  let recommendation = try? Recommender(catalog: catalog, today: env.today, calibration: fitted).recommend(loaded) else {
                env.writeErr("error: the profile's model is not in the catalog"); return nil
            }
            let options = recommendation.ranked.filter { offer == nil || $0.candidate.offerID == offer }
            guard let chosen = options.first?.candidate, let device = catalog.devices[chosen.point.deviceID] else {
                env.writeErr(offer.map { "error: no passing option of offer \($0) for this profile\n    hint: infercost recommend \(profile) --explain says why" }
                             ?? "error: no option meets the profile, so there is no deployment to simulate\n    hint: infercost recommend \(profile) --explain")
                return nil
            }
            var point = chosen.point
            point.inputTokens = inputTokens ?? point.inputTokens
            point.outputTokens = outputTokens ?? point.outputTokens
            return Setup(model: model, device: device, point: point, replicas: chosen.replicas,
                         rate: rate ?? loaded.traffic.peakRequestsPerSecond,
                         ttftMs: ttftMs ?? loaded.targets.ttftMs, tpotMs: tpotMs ?? loaded.targets.tpotMs,
                         percentile: percentile ?? loaded.targets.percentile,
                         closedFormTTFTMs: chosen.ttftMs, closedFormTPOTMs: chosen.tpotMs)
        }
        guard let modelID = model, let spec = catalog.models[modelID] else {
            env.writeErr(Suggest.unknown("model", model ?? "", among: Array(catalog.models.keys), list: "infercost catalog list models"))
            return nil
        }
        guard let deviceID = device, let dev = catalog.devices[deviceID] else {
            env.writeErr(Suggest.unknown("device", device ?? "", among: Array(catalog.devices.keys), list: "infercost catalog list devices"))
            return nil
        }
        // A closed loop (--clients) sends requests as earlier ones finish: it has no rate.
        guard let rate = rate ?? (clients == nil ? nil : 0), let inputTokens, let outputTokens else {
            env.writeErr("error: without a profile, give --rate (or --clients), --input-tokens and --output-tokens"); return nil
        }
        guard let weights = Precision(rawValue: precision), let kv = Precision(rawValue: kvPrecision) else {
            env.writeErr("error: unknown --precision or --kv-precision"); return nil
        }
        var point = DeploymentPoint(deviceID: dev.id, tensorParallel: tp, pipelineParallel: pp, weightPrecision: weights,
                                    kvPrecision: kv, batch: 1, inputTokens: inputTokens, outputTokens: outputTokens,
                                    memoryGBPerDevice: memoryGB)
        if batch == "max" {
            let pipeline = EstimatePipeline(model: spec, device: dev, precision: weights, engine: point.engine, calibration: fitted)
            point.batch = max(1, pipeline.estimate(point).memory.maxBatch)
        } else {
            point.batch = Int(batch) ?? 1
        }
        return Setup(model: spec, device: dev, point: point, replicas: replicas, rate: rate, ttftMs: ttftMs, tpotMs: tpotMs,
                     percentile: percentile ?? 95, closedFormTTFTMs: nil, closedFormTPOTMs: nil)
    }
}
