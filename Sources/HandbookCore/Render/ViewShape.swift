/// The shape of a view model: which names a template may use where.
indirect enum ViewShape: Equatable {
    case value
    case object([String: ViewShape])
    /// A list, with the shape of its elements (nil when no element was ever seen).
    case list(ViewShape?)

    static func of(_ value: Any) -> ViewShape {
        switch value {
        case let dictionary as [String: Any]:
            return .object(dictionary.mapValues(ViewShape.of))
        case let array as [Any]:
            return .list(array.reduce(nil as ViewShape?) { partial, element in
                let shape = ViewShape.of(element)
                return partial.map { $0.merged(with: shape) } ?? shape
            })
        default:
            return .value
        }
    }

    func merged(with other: ViewShape) -> ViewShape {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            return .object(a.merging(b) { $0.merged(with: $1) })
        case (.list(let a), .list(let b)):
            switch (a, b) {
            case (nil, _): return .list(b)
            case (_, nil): return .list(a)
            case (let x?, let y?): return .list(x.merged(with: y))
            }
        case (.value, _): return other
        default: return self
        }
    }

    var keys: [String] {
        if case .object(let fields) = self { return fields.keys.sorted() }
        return []
    }
}
