extension Array {
    /// `body` given the element at `index` where the array keeps it, not a copy of it (ADR-0069):
    /// `pointer.pointee.field` copies that field alone. A `Document` copied out of
    /// `handbook.documents` retained and released about forty references, each the document's
    /// own and read by both render threads (a reference count written by both cores moves its
    /// cache line between them). What the optimizer keeps of a copy depends on the use: a
    /// computed property of `pointee` (`bodyHTML`) and `pointee` handed to some functions were
    /// still copied whole (ADR-0069 lists where it pays, measured). The pointer is valid only
    /// inside `body`. Traps on an index out of range, as the subscript does.
    @inline(__always)
    func reading<Result>(_ index: Int, _ body: (UnsafePointer<Element>) throws -> Result) rethrows -> Result {
        precondition(index >= 0 && index < count, "Index out of range")
        return try withUnsafeBufferPointer { try body($0.baseAddress.unsafelyUnwrapped + index) }
    }
}
