import CYAML

/// Drives libyaml's event parser over an input buffer and feeds a ``YAMLTreeBuilder``.
enum YAMLParser {
    /// The documents of `input`, which must stay valid for the call (libyaml reads it
    /// in place: nothing is copied before the scanner decodes it).
    static func parse(_ input: UnsafeBufferPointer<UInt8>, limits: YAMLLimits) throws -> [YAMLDocument] {
        guard input.count <= limits.maxInputBytes else { throw sizeError(input.count, limits) }
        // An empty buffer may have no address; it is an empty stream either way.
        guard let base = input.baseAddress, !input.isEmpty else { return [] }

        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            throw YAMLError(mark: nil, message: "libyaml could not allocate a parser")
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, base, input.count)

        var builder = YAMLTreeBuilder(limits: limits)
        var strings = StringCache()
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else {
                // On failure libyaml leaves the event empty: nothing to delete.
                throw LibYAMLDiagnostics.error(from: parser, input: input)
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { break }
            try consume(&event, into: &builder, strings: &strings)
        }
        return builder.documents
    }

    /// The rejection of an input over `limits.maxInputBytes`.
    static func sizeError(_ size: Int, _ limits: YAMLLimits) -> YAMLError {
        YAMLError(
            mark: nil,
            message: "input is \(size) bytes, over the limit of \(limits.maxInputBytes) bytes "
                + "(YAMLLimits.maxInputBytes); it was not parsed")
    }

    private static func consume(
        _ event: inout yaml_event_t, into builder: inout YAMLTreeBuilder, strings: inout StringCache
    ) throws {
        let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_SCALAR_EVENT:
            try scalar(&event, at: mark, into: &builder, strings: &strings)
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            try builder.startCollection(isMapping: true, anchor: anchor, at: mark)
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            try builder.startCollection(isMapping: false, anchor: anchor, at: mark)
        case YAML_MAPPING_END_EVENT:
            try builder.endMapping()
        case YAML_SEQUENCE_END_EVENT:
            builder.endSequence()
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            try builder.alias(name, at: mark)
        case YAML_DOCUMENT_START_EVENT:
            builder.startDocument(at: mark)
        case YAML_DOCUMENT_END_EVENT:
            builder.endDocument()
        default:
            break
        }
    }

    private static func scalar(
        _ event: inout yaml_event_t, at mark: YAMLMark, into builder: inout YAMLTreeBuilder, strings: inout StringCache
    ) throws {
        let text = UnsafeBufferPointer(start: event.data.scalar.value, count: Int(event.data.scalar.length))
        let value: YAMLNode.Value
        var isMergeKey = false
        if let tagPointer = event.data.scalar.tag {
            let tag = String(cString: tagPointer)
            switch YAMLResolver.resolveTagged(tag: tag, text: text) {
            case .success(let resolved):
                value = resolved ?? .string(String(decoding: text, as: UTF8.self))
            case .failure(var error):
                error.mark = mark
                error.message += " at \(mark)"
                throw error
            }
            isMergeKey = tag == YAMLResolver.mergeTag && YAMLResolver.isMergeKey(text)
        } else if event.data.scalar.plain_implicit != 0 {
            // Resolve from the bytes first: only strings need a String.
            value = YAMLResolver.resolvePlain(text) ?? .string(strings.string(text))
            isMergeKey = YAMLResolver.isMergeKey(text)
        } else {
            value = .string(strings.string(text))
        }
        let anchor = event.data.scalar.anchor.map { String(cString: $0) }
        builder.scalar(YAMLNode(value, mark: mark), anchor: anchor, isMergeKey: isMergeKey)
    }
}
