import Foundation

/// The repository's OpenAPI document and a small JSON Schema check of
/// responses against it (type, required, properties, additionalProperties,
/// items, enum, $ref): enough to catch a response drifting from the contract.
struct OpenAPIContract {
    let document: [String: Any]

    init() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/RegistryServer/openapi.json")
        document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    var paths: [String: [String: Any]] { document["paths"] as! [String: [String: Any]] }

    /// "GET /api/teachers/{key}" for every operation in the document.
    var operations: Set<String> {
        Set(paths.flatMap { path, item in item.keys.map { "\($0.uppercased()) \(path)" } })
    }

    /// The documented path template a concrete path matches.
    func template(for path: String) -> String? {
        let parts = path.split(separator: "?")[0].split(separator: "/")
        return paths.keys.first { template in
            let pattern = template.split(separator: "/")
            return pattern.count == parts.count && zip(pattern, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// Problems of a response against the document; empty when it conforms.
    func problems(method: String, path: String, status: Int, body: Data, contentType: String?) -> [String] {
        guard let template = template(for: path) else { return ["\(path) is not in the document"] }
        guard let operation = paths[template]?[method.lowercased()] as? [String: Any] else { return ["\(method) \(template) is not in the document"] }
        let responses = operation["responses"] as! [String: Any]
        guard let response = responses[String(status)] as? [String: Any] else {
            return ["\(method) \(template) answered \(status), which the document does not list"]
        }
        guard let content = response["content"] as? [String: Any] else { return body.isEmpty ? [] : ["\(status) should have no body"] }
        let type = contentType?.split(separator: ";").first.map(String.init) ?? ""
        guard let media = content[type] as? [String: Any] else { return ["\(method) \(template) \(status): content type \(type) is not documented"] }
        guard type == "application/json", let schema = media["schema"] as? [String: Any] else { return [] }
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return ["the body is not JSON"] }
        return check(value, against: schema, at: "\(method) \(template) \(status)")
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        let name = ref.split(separator: "/").last.map(String.init)!
        let schemas = (document["components"] as! [String: Any])["schemas"] as! [String: Any]
        return resolve(schemas[name] as! [String: Any])
    }

    private func check(_ value: Any, against raw: [String: Any], at location: String) -> [String] {
        let schema = resolve(raw)
        var problems: [String] = []
        if let options = schema["enum"] as? [String], let text = value as? String, !options.contains(text) {
            problems.append("\(location): '\(text)' is not one of \(options)")
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(location): expected an object"] }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                problems.append("\(location): missing required '\(name)'")
            }
            for (key, item) in object {
                if let property = properties[key] as? [String: Any] {
                    problems += check(item, against: property, at: "\(location).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    problems += check(item, against: additional, at: "\(location).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(location): '\(key)' is not in the schema")
                }
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(location): expected an array"] }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { problems += check(item, against: items, at: "\(location)[\(index)]") }
            }
        case "string": if !(value is String) { problems.append("\(location): expected a string") }
        case "integer": if !(value is Int) { problems.append("\(location): expected an integer") }
        case "number": if !(value is NSNumber) { problems.append("\(location): expected a number") }
        case "boolean":
            if let number = value as? NSNumber, CFGetTypeIDIsBool(number) {} else { problems.append("\(location): expected a boolean") }
        default: break
        }
        return problems
    }
}

/// JSONSerialization gives booleans as NSNumber; tell them from numbers.
private func CFGetTypeIDIsBool(_ number: NSNumber) -> Bool {
    String(cString: number.objCType) == "c" || type(of: number) == type(of: NSNumber(value: true))
}
