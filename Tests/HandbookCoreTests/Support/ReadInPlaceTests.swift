@testable import HandbookCore
import Testing

/// ADR-0069: `Array.reading` gives an element where the array keeps it, not a copy.
@Suite struct ReadInPlaceTests {
    final class Box { let text: String; init(_ text: String) { self.text = text } }
    struct Element { var box: Box; var name: String; var tags: [String]; var number: Int }

    @Test func anElementIsReadWhereTheArrayKeepsIt() {
        let elements = (0..<40).map { Element(box: Box("box \($0)"), name: String(repeating: "name ", count: $0), tags: ["t\($0)"], number: $0) }
        let base = elements.withUnsafeBufferPointer { $0.baseAddress! }
        for index in elements.indices {
            let place = elements.reading(index) { $0 }
            #expect(place == base + index, "element \(index) read at another place: a copy")
            let read = elements.reading(index) { element in
                (element.pointee.box, element.pointee.name, element.pointee.tags, element.pointee.number)
            }
            #expect(read.0 === elements[index].box && read.1 == elements[index].name && read.2 == elements[index].tags
                    && read.3 == index)
        }
    }
}
