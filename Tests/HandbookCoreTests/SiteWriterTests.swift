import Foundation
@testable import HandbookCore
import Testing

/// `serve`'s writer rewrites only the files whose bytes change. A file written in parts (a head
/// with `write`, then `append`, as the whole-site files are, ADR-0040) must come out whole even
/// when its head alone equals what the file held before.
@Suite struct SiteWriterTests {
    @Test func aFileWrittenInPartsKeepsAHeadThatMatchedTheOldFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-writer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The last build's file was the head alone (a handbook with no document yet).
        try Data("{\"documents\":[".utf8).write(to: URL(fileURLWithPath: folder + "/handbook.json"))
        let writer = SiteWriter(destination: folder, digests: SiteWriter.scan(folder))
        try writer.begin()
        try writer.write(Data("{\"documents\":[".utf8), to: "handbook.json")
        try writer.append(Data("{\"id\":\"ADR-0001\"}".utf8), to: "handbook.json")
        try writer.append(Data("]}".utf8), to: "handbook.json")
        try writer.commit()
        let text = try String(contentsOfFile: folder + "/handbook.json", encoding: .utf8)
        #expect(text == "{\"documents\":[{\"id\":\"ADR-0001\"}]}")
        #expect(writer.digests["handbook.json"] == SiteWriter.digest(Data(text.utf8)))
        // And a head that differs, then the same parts: written whole as well.
        try writer.begin()
        try writer.write(Data("{\"records\":[".utf8), to: "handbook.json")
        try writer.append(Data("]}".utf8), to: "handbook.json")
        try writer.commit()
        #expect(try String(contentsOfFile: folder + "/handbook.json", encoding: .utf8) == "{\"records\":[]}")
    }
}
