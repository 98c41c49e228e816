import Foundation
@testable import HandbookCore
import Testing

/// The load stage's listing (ADR-0077): each file's paths joined to its folder's, worked out once,
/// the Markdown test on an ASCII path's bytes, the template test on a name's bytes and the folder
/// just seen not looked up again give what the per-file calls they replaced gave, on ASCII and on
/// paths with combining marks, Kelvin signs, `.` and `..`.
@Suite struct LoadListingTests {
    static let folders = ["/repo/content", "/repo", "/", "/repo/content/decisions", "/repo/./content", "/repo//content", "/repo/content/",
                          "/repo/../repo/content", "/other/content", "/repo/é", "/repo/e\u{301}", "/repo/\u{212A}", "/rep", "/repo2/content",
                          "relative/content", "/repo/content/.."]
    static let roots = ["/repo", "/", "/repo/content", "/repo/", "/repo/.", "/repo/é", "/repo/e\u{301}", "/repo/K", "/other", "/repo/content/decisions",
                        "relative"]
    static let relatives = ["a.md", "decisions/0001-x.md", "x/y/z.png", "é.md", "e\u{301}.md", "\u{301}x.md", "./a.md", "a/./b.md", "a/../b.md",
                            "../a.md", "a//b.md", "/a.md", "a/", "", ".", "..", "K.md", "\u{212A}.md", "decisions/adr-template.md", ".hidden",
                            "a/.b", "a/..b", "a/b..", "...", "x.MD", "y.Markdown"]

    @Test func filePathsJoinedToTheFolderAsAskedForEachFile() {
        for folder in Self.folders {
            for root in Self.roots {
                for working in Self.roots + ["/repo/content/sub", "/elsewhere"] {
                    let listed = ListedFolder(directory: folder, root: root, workingDirectory: working)
                    for relative in Self.relatives {
                        let absolute = folder + "/" + relative
                        let expectedDisplay = Path.relative(absolute, to: working).map { $0.isEmpty ? "." : $0 } ?? absolute
                        let file = listed.file(relative)
                        let context = "\(folder.debugDescription) \(root.debugDescription) \(working.debugDescription) \(relative.debugDescription)"
                        #expect(file.absolute.utf8.elementsEqual(absolute.utf8), "\(context)")
                        #expect(Self.same(file.repositoryPath, Path.relative(absolute, to: root)), "\(context)")
                        #expect(file.displayPath.utf8.elementsEqual(expectedDisplay.utf8), "\(context)")
                    }
                }
            }
        }
    }

    /// The same bytes (`==` on Strings would let a combining mark's other spelling pass).
    static func same(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return a.utf8.elementsEqual(b.utf8)
        default: return false
        }
    }

    @Test func markdownToldFromTheBytesAsFromTheExtension() {
        let names = Self.relatives + ["a.md", "a.mD", "A.MARKDOWN", "a.markdown", ".md", "x/.md", ".markdown", "md", "a.md.txt", "a.mdx", "a.m",
                                      "a/b.md", "a.md/", "a.md/b", "é.md", "a.é.md", "a.mé", "x.markdown.", "x..md", "a .md", "amd", "a-md"]
        for name in names {
            for prefix in ["", "decisions/", "pages/x/"] {
                let path = prefix + name
                let expected = ["md", "markdown"].contains(Path.extension(path))
                let told = ListedFolder.hasMarkdownExtension(path)
                if path.utf8.contains(where: { $0 >= 0x80 }) {
                    #expect(told == nil, "\(path.debugDescription)")
                } else {
                    #expect(told == expected, "\(path.debugDescription)")
                }
            }
        }
    }

    @Test func templateNamesToldFromTheBytesAsFromArrays() {
        // The test as it was: two Arrays of the name's bytes and the word's.
        func reference(_ name: String) -> Bool {
            let word = Array("template".utf8)
            let bytes = Array(name.utf8)
            guard bytes.count >= word.count else { return false }
            for start in 0...(bytes.count - word.count) where (bytes[start] | 0x20) == word[0] {
                if (0..<word.count).allSatisfy({ (bytes[start + $0] | 0x20) == word[$0] }) { return true }
            }
            return bytes.contains { $0 >= 0x80 }
        }
        let names = ["template.md", "adr-template.md", "TEMPLATE", "Template.md", "templat.md", "templatetemplate", "xtemplatex", "tempLATE",
                     "temp", "", "t", "ttemplate", "templ", "\u{212A}.md", "é", "é-template", "tEmPlAtE", "tempxlate.md", "0001-x.md",
                     "templat\u{E9}.md", "abcdefghé", "TEMPLATF", "templatd"]
        for name in names {
            #expect(LoadStage.mayNameTemplate(name) == reference(name), "\(name.debugDescription)")
            // A name that is not contiguous UTF-8 (a bridged or lazily made String) goes the other way.
            let substring = (name + "x").dropLast()
            #expect(LoadStage.mayNameTemplate(String(substring)) == reference(name), "\(name.debugDescription)")
        }
    }

    /// A pass over many files whose folders repeat and alternate reads each file as a lone read
    /// would: the folder just seen is the same folder, a folder seen before and left is found again.
    @Test func aPassOverFoldersThatComeAgainReadsEveryFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("load-listing-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var paths: [String] = []
        for folder in ["a", "a/b", "c", "a", "c/d", "a/b"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            for n in 0..<3 {
                let path = root + "/" + folder + "/\(n)-\(paths.count).md"
                try Data("\(path)\n".utf8).write(to: URL(fileURLWithPath: path))
                paths.append(path)
            }
        }
        let confined = ConfinedFileSystem(DiskFileSystem(), root: root)
        let pass = confined.remembering(paths)
        #expect(pass.rememberedFolders == 4)
        for path in paths {
            #expect(try pass.read(path) == confined.read(path), "\(path)")
            #expect(String(decoding: try pass.read(path), as: UTF8.self) == "\(path)\n")
        }
    }
}
