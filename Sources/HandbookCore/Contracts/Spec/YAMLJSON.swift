import Foundation

/// A located YAML tree written as JSON, with YAML's core schema for plain scalars (numbers, booleans,
/// null). Lets OpenAPIKit decode a YAML spec with Foundation's fast JSON decoder instead of parsing the
/// text a second time with Yams' decoder (five times slower on a 1 MB spec).
enum YAMLJSON {
    static func data(_ node: YAMLNode) -> Data {
        var output = ""
        output.reserveCapacity(1 << 16)
        write(node, to: &output)
        return Data(output.utf8)
    }

    private static func write(_ node: YAMLNode, to output: inout String) {
        switch node.value {
        case .scalar(let text, let plain):
            if plain {
                if node.isNull { output += "null"; return }
                if ["true", "True", "TRUE"].contains(text) { output += "true"; return }
                if ["false", "False", "FALSE"].contains(text) { output += "false"; return }
                if isNumber(text) { output += text; return }
            }
            string(text, to: &output)
        case .sequence(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                write(item, to: &output)
            }
            output += "]"
        case .mapping(let entries):
            output += "{"
            for (index, entry) in entries.enumerated() {
                if index > 0 { output += "," }
                string(entry.key.string ?? "", to: &output)
                output += ":"
                write(entry.value, to: &output)
            }
            output += "}"
        }
    }

    /// A JSON number as written (`12`, `-3.5`, `1e3`); YAML forms JSON lacks (`0x1F`, `.inf`) stay strings.
    static func isNumber(_ text: String) -> Bool {
        var sawDigit = false
        for (index, character) in text.unicodeScalars.enumerated() {
            switch character {
            case "0"..."9": sawDigit = true
            case "-" where index == 0: continue
            case ".", "e", "E", "+", "-": continue
            default: return false
            }
        }
        guard sawDigit, !text.hasPrefix("."), !text.hasSuffix("."), !text.hasPrefix("-.") else { return false }
        if text.count > 1, text.hasPrefix("0"), !text.hasPrefix("0.") { return false }
        return Double(text) != nil
    }

    private static func string(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
