import InferCostCore

/// One way to lay a replica out on an offer's devices: tensor x pipeline parallel inside one instance
/// or server, or over several whole ones (tensor parallel within each node, pipeline stages across
/// them over the offer's sourced scale-out network). docs/methodology.md, "Multi-node layouts".
public struct ParallelLayout: Sendable, Hashable {
    public var tensorParallel: Int
    public var pipelineParallel: Int
    /// nil: inside one node.
    public var span: NodeSpan?

    public init(tensorParallel: Int, pipelineParallel: Int, span: NodeSpan? = nil) {
        self.tensorParallel = tensorParallel; self.pipelineParallel = pipelineParallel; self.span = span
    }

    /// Tensor and pipeline degrees tried inside one instance or server.
    public static let tensorParallelDegrees = [1, 2, 4, 8]
    public static let pipelineParallelDegrees = [1, 2, 4]
    /// Whole nodes one replica may span (each a whole instance or server).
    public static let nodeCounts = [2, 3, 4]

    /// Every layout the search tries for `model` on `offer`, single-node first. Multi-node layouts fill
    /// every device of each node (TP x stages-per-node = devices per node, with stages per node one of
    /// the pipeline degrees) and exist only for decoders on offers with a sourced scale-out network.
    public static func layouts(offer: Offer, model: ModelSpec) -> [ParallelLayout] {
        var out: [ParallelLayout] = []
        let perNode = offer.devicesPerUnit
        for tp in tensorParallelDegrees where tp <= perNode {
            for pp in pipelineParallelDegrees where tp * pp <= perNode {
                if pp > 1 && model.kind == .encoder { continue }
                out.append(ParallelLayout(tensorParallel: tp, pipelineParallel: pp))
            }
        }
        guard let network = offer.scaleOut, model.kind == .decoder else { return out }
        for nodes in nodeCounts {
            for tp in tensorParallelDegrees where tp <= perNode && perNode % tp == 0 {
                let stagesPerNode = perNode / tp
                guard pipelineParallelDegrees.contains(stagesPerNode) else { continue }
                out.append(ParallelLayout(tensorParallel: tp, pipelineParallel: nodes * stagesPerNode,
                                          span: NodeSpan(nodes: nodes, offer: offer, network: network)))
            }
        }
        return out
    }
}
