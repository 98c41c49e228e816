import Foundation
@testable import HandbookCore
import Testing

/// readdir(3) packs its records: an entry is only as long as its name, though `dirent.d_name` is
/// declared as 256 bytes. `DiskFileSystem.entries(of:)` read the field as a value, copying 256
/// bytes from a record that may end a page with nothing mapped after it: the governed corpus's
/// repository walk crashed with SIGSEGV about one build in ten (`make bench`, session 15).
@Suite struct DirectoryEntryNameTests {
    /// A record whose name ends on the last byte before a page that cannot be read: its name is
    /// read without touching that page (with the old read, this test dies of SIGSEGV).
    @Test func aNameEndingAtAnUnmappedPageIsReadWithinItsRecord() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let memory = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              memory != MAP_FAILED else {
            Issue.record("mmap failed")
            return
        }
        defer { munmap(memory, 2 * page) }
        #expect(mprotect(memory.advanced(by: page), page, PROT_NONE) == 0)
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 0
        #expect(offset > 0 && offset < MemoryLayout<dirent>.size - 200, "d_name is the last field of dirent")
        #expect(DiskFileSystem.nameOffset == offset)
        #expect(MemoryLayout<ino_t>.size + MemoryLayout<off_t>.size + MemoryLayout<UInt16>.size + MemoryLayout<UInt8>.size == offset,
                "the fallback if offset(of:) ever said nothing")
        let name = Array("x.md".utf8) + [0]
        // The record starts so that its name's last byte (the NUL) is the page's last byte; records are 8-byte aligned.
        var start = page - offset - name.count
        start -= start % MemoryLayout<dirent>.alignment
        let record = memory.advanced(by: start)
        memset(record, 0, page - start)
        let nameStart = record.advanced(by: offset)
        let room = page - start - offset
        #expect(room >= name.count && room < name.count + MemoryLayout<dirent>.alignment)
        name.withUnsafeBytes { nameStart.copyMemory(from: $0.baseAddress!, byteCount: name.count) }
        let entry = UnsafePointer<dirent>(record.assumingMemoryBound(to: dirent.self))
        #expect(String(cString: DiskFileSystem.entryName(entry)) == "x.md")
    }

    /// The names a real folder lists are its files' names, a long one (255 bytes) and a non-ASCII one included.
    @Test func aFoldersEntriesAreItsFilesNames() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-entries-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        let names = ["a.md", String(repeating: "n", count: 252) + ".md", "d\u{E9}cision.md", "x"]
        for name in names { try Data("x\n".utf8).write(to: URL(fileURLWithPath: root + "/" + name)) }
        let entries = try DiskFileSystem.entries(of: root)
        #expect(entries.map(\.name).sorted() == (names + ["sub"]).sorted())
        #expect(entries.first { $0.name == "sub" }?.type == UInt8(DT_DIR))
        #expect(entries.first { $0.name == "a.md" }?.type == DiskFileSystem.regularFile)
    }
}
