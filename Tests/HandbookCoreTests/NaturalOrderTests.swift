import Foundation
@testable import HandbookCore
import Testing

/// Numbered names in counting order (SchemaStore's versioned schemas: `-2.0.0` before `-10.0.0`).
@Suite struct NaturalOrderTests {
    @Test func numbersCompareByValue() {
        let names = ["plan-10.0.0", "plan-2.0.0", "plan-1.10.0", "plan-1.9.0", "plan", "plan-02.0.0", "a10", "a9b", "b1", "A1"]
        #expect(names.sorted(by: NaturalOrder.less)
                == ["A1", "a9b", "a10", "b1", "plan", "plan-1.9.0", "plan-1.10.0", "plan-2.0.0", "plan-02.0.0", "plan-10.0.0"])
        // A strict order: never both ways, and equal names neither way.
        for a in names { for b in names { #expect(!(NaturalOrder.less(a, b) && NaturalOrder.less(b, a)), "\(a) \(b)") } }
        #expect(!NaturalOrder.less("x1", "x1"))
        #expect(NaturalOrder.less("x99999999999999999999999", "x100000000000000000000000"), "digit runs longer than 64 bits")
    }

    @Test func contractsAreListedInCountingOrder() {
        var files = ["content/handbook.yml": "title: T\n", "api/p.json": "{\"type\": \"object\"}\n"]
        for version in ["1.0.0", "10.0.0", "2.0.0"] {
            files["content/contracts/plan-\(version).yml"] = "title: plan-\(version).json\nspec: api/p.json\nprovider: p\nowner: o\n"
        }
        let build = TestBuild.run(files)
        let page = build.page("contracts/index.html")
        let places = ["plan-1.0.0.json", "plan-2.0.0.json", "plan-10.0.0.json"].map { page.range(of: ">\($0)<")?.lowerBound }
        #expect(places.allSatisfy { $0 != nil }, "\(build.messages)")
        #expect(places.compactMap { $0 } == places.compactMap { $0 }.sorted(), "\(places)")
    }
}
