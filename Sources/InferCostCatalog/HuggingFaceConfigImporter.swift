import Foundation
import InferCostCore

/// `infercost model import config.json`: a Hugging Face `config.json` -> `ModelSpec`, and the
/// catalog YAML for it. Only architectures whose parameter layout the methodology models are accepted.
public enum HuggingFaceConfigImporter {
    /// How one family lays out its config, and what transformers assumes for a key it leaves out.
    struct Family {
        let kind: ModelSpec.Kind
        let mlp: ModelSpec.MLP
        /// transformers' default for `tie_word_embeddings` in this family's config class.
        let tiedByDefault: Bool
        let moe: Bool
        /// Positions reserved before the first token (RoBERTa counts from padding_idx + 1 = 2).
        let reservedPositions: Int
    }

    static let families: [String: Family] = {
        let dense = Family(kind: .decoder, mlp: .gated, tiedByDefault: false, moe: false, reservedPositions: 0)
        let gemma = Family(kind: .decoder, mlp: .gated, tiedByDefault: true, moe: false, reservedPositions: 0)
        let moe = Family(kind: .decoder, mlp: .gated, tiedByDefault: false, moe: true, reservedPositions: 0)
        let bert = Family(kind: .encoder, mlp: .standard, tiedByDefault: true, moe: false, reservedPositions: 0)
        let roberta = Family(kind: .encoder, mlp: .standard, tiedByDefault: true, moe: false, reservedPositions: 2)
        return [
            "LlamaForCausalLM": dense, "MistralForCausalLM": dense, "Qwen2ForCausalLM": dense,
            "Qwen3ForCausalLM": dense, "Phi3ForCausalLM": dense,
            "GemmaForCausalLM": gemma, "Gemma2ForCausalLM": gemma,
            "MixtralForCausalLM": moe,
            "BertModel": bert, "BertForMaskedLM": bert,
            "XLMRobertaModel": roberta, "RobertaModel": roberta, "XLMRobertaForMaskedLM": roberta,
        ]
    }()

    /// `model_type` -> architecture, for configs without an `architectures` list.
    static let modelTypes: [String: String] = [
        "llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM", "qwen2": "Qwen2ForCausalLM",
        "qwen3": "Qwen3ForCausalLM", "phi3": "Phi3ForCausalLM", "gemma": "GemmaForCausalLM",
        "gemma2": "Gemma2ForCausalLM", "mixtral": "MixtralForCausalLM", "bert": "BertModel",
        "xlm-roberta": "XLMRobertaModel", "roberta": "RobertaModel",
    ]

    /// Turns a local `config.json` into a `ModelSpec`. An unknown architecture, a missing or mistyped
    /// field gives a diagnostic at the key's line and column (1:1 when the key is absent).
    public static func importConfig(at url: URL, id: String, source: String, asOf: Day) -> (model: ModelSpec?, diagnostics: [Diagnostic]) {
        let path = YAMLFile.displayPath(url)
        switch InputFile.text(url) {
        case .success(let text): return importConfig(text: text, path: path, id: id, source: source, asOf: asOf)
        case .failure(let problem):
            return (nil, [Diagnostic(.error, code: "unreadable_file", "\(path) \(problem)", at: .init(file: path, line: 1, column: 1))])
        }
    }

    /// `importConfig(at:)` for a config's text, as if read from `path` (fuzzing).
    public static func importConfig(text: String, path: String, id: String, source: String, asOf: Day) -> (model: ModelSpec?, diagnostics: [Diagnostic]) {
        let data = Data(text.utf8)
        var config = ConfigReader(path: path, text: text)
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            config.reportSyntaxError(data: data, text: text)
            return (nil, config.diagnostics)
        }
        guard case .object(let object) = root else {
            config.report("wrong_type", "a config.json must be a JSON object, found \(root.described)", key: nil)
            return (nil, config.diagnostics)
        }
        config.object = object
        guard let model = config.model(id: id, source: source, asOf: asOf) else { return (nil, config.diagnostics.sorted()) }
        // The file this would write goes through the catalog's own reader: an import never writes a
        // model file that `infercost validate` then refuses.
        let (written, _) = YAMLFile.parse(yaml(for: model), path: "\(id).yaml")
        let problems = ModelFile.read(written, stem: id).diagnostics.filter { $0.severity == .error }
        guard problems.isEmpty else {
            let refusals = problems.map { problem in
                Diagnostic(.error, code: problem.code, "the model file this config gives would not validate: \(problem.message)",
                           at: .init(file: path, line: 1, column: 1), hint: problem.hint)
            }
            return (nil, (config.diagnostics + refusals).sorted())
        }
        return (model, config.diagnostics.sorted())
    }

    /// The model as a catalog YAML document: `schema_version: 1`, keys in docs/catalog-format.md order.
    /// `head_dim` is written only when it differs from `hidden_size / attention_heads`.
    public static func yaml(for model: ModelSpec) -> String {
        var lines = [
            "schema_version: 1",
            "id: \(quoted(model.id))",
            "name: \(quoted(model.name))",
            "kind: \(model.kind.rawValue)",
            "layers: \(model.layers)",
            "hidden_size: \(model.hiddenSize)",
            "intermediate_size: \(model.intermediateSize)",
            "attention_heads: \(model.attentionHeads)",
            "kv_heads: \(model.kvHeads)",
        ]
        let impliedHeadDim = model.attentionHeads > 0 && model.hiddenSize % model.attentionHeads == 0
            ? model.hiddenSize / model.attentionHeads : nil
        if model.headDim != impliedHeadDim { lines.append("head_dim: \(model.headDim)") }
        lines += [
            "vocab_size: \(model.vocabSize)",
            "max_context_tokens: \(model.maxContextTokens)",
            "mlp: \(model.mlp.rawValue)",
            "tie_word_embeddings: \(model.tieWordEmbeddings)",
        ]
        if let experts = model.experts { lines.append("experts: \(experts)") }
        if let perToken = model.expertsPerToken { lines.append("experts_per_token: \(perToken)") }
        lines += ["source: \(quoted(model.source))", "as_of: \(model.asOf)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted string (JSON escapes are valid YAML escapes).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// Reads typed fields from a config.json object, reporting each problem at the key's position in the text.
private struct ConfigReader {
    let path: String
    let lines: [String]
    var object: [String: JSONValue] = [:]
    var diagnostics: [Diagnostic] = []

    init(path: String, text: String) {
        self.path = path
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    mutating func model(id: String, source: String, asOf: Day) -> ModelSpec? {
        guard let (architecture, family) = family() else { return nil }
        let layers = int("num_hidden_layers")
        let hidden = int("hidden_size")
        let intermediate = int("intermediate_size")
        let heads = int("num_attention_heads")
        let kvHeads = family.kind == .decoder ? int("num_key_value_heads", default: heads) : heads
        let headDim = int("head_dim", optional: true)
        let vocab = int("vocab_size")
        let positions = int("max_position_embeddings")
        let tied = bool("tie_word_embeddings", default: family.tiedByDefault)
        let experts = family.moe ? int("num_local_experts") : nil
        let perToken = family.moe ? int("num_experts_per_tok") : nil
        guard diagnostics.isEmpty, let layers, let hidden, let intermediate, let heads, let kvHeads, let vocab,
              let positions, let tied else { return nil }
        if family.moe && (experts == nil || perToken == nil) { return nil }
        if headDim == nil && hidden % heads != 0 {
            report("missing_key", "\(architecture) config has no `head_dim` and `hidden_size` \(hidden) is not a multiple of `num_attention_heads` \(heads)",
                   key: "hidden_size")
            return nil
        }
        if heads % kvHeads != 0 {
            report("invalid_value", "`num_key_value_heads` (\(kvHeads)) must divide `num_attention_heads` (\(heads))",
                   key: object["num_key_value_heads"] == nil ? "num_attention_heads" : "num_key_value_heads",
                   hint: "grouped-query attention shares each KV head among a whole number of query heads; check the config")
            return nil
        }
        let name = id.components(separatedBy: "--").last.flatMap { $0.isEmpty ? nil : $0 } ?? id
        return ModelSpec(id: id, name: name, kind: family.kind, layers: layers, hiddenSize: hidden,
                         intermediateSize: intermediate, attentionHeads: heads, kvHeads: kvHeads, headDim: headDim,
                         vocabSize: vocab, maxContextTokens: positions - family.reservedPositions, mlp: family.mlp,
                         tieWordEmbeddings: tied, experts: experts, expertsPerToken: perToken, source: source, asOf: asOf)
    }

    private mutating func family() -> (String, HuggingFaceConfigImporter.Family)? {
        let supported = HuggingFaceConfigImporter.families.keys.sorted()
        var architecture: String?
        switch object["architectures"] {
        case .array(let items)?:
            if case .string(let first)? = items.first { architecture = first }
        case nil:
            if case .string(let type)? = object["model_type"] { architecture = HuggingFaceConfigImporter.modelTypes[type] }
        default:
            break
        }
        guard let architecture else {
            report("missing_key", "cannot tell the architecture: no `architectures` list or known `model_type`",
                   key: object["architectures"] == nil ? "model_type" : "architectures",
                   hint: "supported: " + supported.joined(separator: ", "))
            return nil
        }
        guard let family = HuggingFaceConfigImporter.families[architecture] else {
            report("unsupported_architecture", "architecture `\(architecture)` is not supported", key: "architectures",
                   hint: "supported: " + supported.joined(separator: ", "))
            return nil
        }
        return (architecture, family)
    }

    /// A positive integer; `default` applies when the key is absent or null (transformers' own default).
    private mutating func int(_ key: String, default fallback: Int?? = .none, optional: Bool = false) -> Int? {
        switch object[key] {
        case nil, .null?:
            if case .some(let value) = fallback { return value }
            if optional { return nil }
            report("missing_key", "config.json has no `\(key)`", key: nil)
            return nil
        case .int(let value)?:
            guard value > 0 else {
                report("not_positive", "`\(key)` must be greater than 0, found \(value)", key: key)
                return nil
            }
            guard value <= 1_000_000_000 else {
                report("out_of_range", "`\(key)` is implausibly large: \(value)", key: key)
                return nil
            }
            return value
        case let other?:
            report("wrong_type", "`\(key)` must be a whole number, found \(other.described)", key: key)
            return nil
        }
    }

    private mutating func bool(_ key: String, default fallback: Bool) -> Bool? {
        switch object[key] {
        case nil, .null?: return fallback
        case .bool(let value)?: return value
        case let other?:
            report("wrong_type", "`\(key)` must be true or false, found \(other.described)", key: key)
            return nil
        }
    }

    /// Foundation's JSON parser says "around character N"; that offset becomes a line and column.
    mutating func reportSyntaxError(data: Data, text: String) {
        var detail = "", line = 1, column = 1
        do { _ = try JSONSerialization.jsonObject(with: data) } catch {
            detail = ": " + Excerpt.of(JSONErrorPosition.detail(error))
            (line, column) = JSONErrorPosition.locate(error, in: text)
        }
        diagnostics.append(Diagnostic(.error, code: "json_syntax", "not valid JSON\(detail)",
                                      at: .init(file: path, line: line, column: column),
                                      hint: "download the raw config.json, not its web page",
                                      sourceLine: lines.indices.contains(line - 1) ? lines[line - 1] : nil))
    }

    mutating func report(_ code: String, _ message: String, key: String?, hint: String? = nil) {
        let (line, column) = key.flatMap(position(of:)) ?? (1, 1)
        diagnostics.append(Diagnostic(.error, code: code, message, at: .init(file: path, line: line, column: column),
                                      hint: hint, sourceLine: lines.indices.contains(line - 1) ? lines[line - 1] : nil))
    }

    /// Line and column of `"key":` in the text (its first occurrence).
    private func position(of key: String) -> (Int, Int)? {
        let quotedKey = "\"\(key)\""
        for (index, line) in lines.enumerated() {
            guard let range = line.range(of: quotedKey) else { continue }
            let after = line[range.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard after.hasPrefix(":") || after.isEmpty else { continue }
            return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
        }
        return nil
    }
}
