/// Names with numbers in them in the order people count (`plan-2.0.0` before `plan-10.0.0`), as
/// file managers and GitHub's file lists show them: runs of ASCII digits compare by value, the rest
/// byte by byte. SchemaStore's 951 schemas put `abc-supply-plan-10.0.0` before `-2.0.0` sorted as bytes.
enum NaturalOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        var x = a.utf8[...], y = b.utf8[...]
        while let p = x.first, let q = y.first {
            if isDigit(p), isDigit(q) {
                let left = x.prefix(while: isDigit), right = y.prefix(while: isDigit)
                let leftValue = left.drop { $0 == UInt8(ascii: "0") }, rightValue = right.drop { $0 == UInt8(ascii: "0") }
                if leftValue.count != rightValue.count { return leftValue.count < rightValue.count }
                if !leftValue.elementsEqual(rightValue) { return leftValue.lexicographicallyPrecedes(rightValue) }
                // Equal values: the one with fewer leading zeros first, so the order stays total.
                if left.count != right.count { return left.count < right.count }
                x = x.dropFirst(left.count)
                y = y.dropFirst(right.count)
            } else {
                if p != q { return p < q }
                x = x.dropFirst()
                y = y.dropFirst()
            }
        }
        return x.isEmpty && !y.isEmpty
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
