import Foundation
@testable import HandbookCore
import Testing

/// ADR-0054: a page larger than a piece is handed to the output as it renders (the decisions index
/// of 100,000 records was one array of 118 MB). The pieces followed by the rest must be the page
/// rendered whole, whatever the size of a piece and wherever it falls; and every sink must end
/// with the bytes of one write of the whole page.
@Suite struct PagePiecesTests {
    /// The page rendered with pieces of `threshold` bytes: the pieces, and the rest.
    static func inPieces(_ library: Mustache.Library, _ model: Any, template: String, threshold: Int,
                         rows: Mustache.RowMemo? = nil) throws -> (pieces: [[UInt8]], rest: [UInt8]) {
        var pieces: [[UInt8]] = []
        let rest = try library.render(model, withTemplate: template, rows: rows,
                                      flush: Mustache.Library.Flush(threshold: threshold, write: { pieces.append(Array($0)); return true }))
        return (pieces, rest)
    }

    static func joined(_ split: (pieces: [[UInt8]], rest: [UInt8])) -> String {
        String(decoding: split.pieces.joined() + split.rest, as: UTF8.self)
    }

    /// Every test of the specification's files, with pieces of 2 to 13 bytes: a piece falls after
    /// nearly every node, inside sections, partials, indented blocks and standalone lines.
    @Test func theSpecificationRenderedInPiecesIsRenderedWhole() throws {
        var split = 0
        for test in MustacheSpecTests.cases where test.file != "~lambdas" {
            var library = Mustache.Library()
            for (name, text) in test.partials { try library.register(text, named: name) }
            try library.register(test.template, named: "test")
            let whole = String(decoding: try library.render(test.data, withTemplate: "test"), as: UTF8.self)
            for threshold in [2, 3, 5, 8, 13] {
                let pieces = try Self.inPieces(library, test.data, template: "test", threshold: threshold)
                #expect(Self.joined(pieces) == whole, "\(test.file): \(test.name), pieces of \(threshold)")
                if !pieces.pieces.isEmpty { split += 1 }
            }
        }
        #expect(split > 300, "\(split) renders were split")
    }

    /// What follows a piece reads the byte before it: an empty escaped value (`noteEnd`) sets
    /// whether a line starts from the last byte, which decides whether an indentation is written.
    /// The last byte stays in the output when the rest is handed over.
    @Test func theLastByteStaysForWhatReadsIt() throws {
        var library = Mustache.Library()
        try library.register("  {{>inner}}\n", named: "outer")
        try library.register("{{empty}}{{value}}y\n", named: "inner")
        try library.register("abcdefgh{{>outer}}{{#rows}}{{>outer}}{{/rows}}", named: "page")
        let model: [String: Any] = ["empty": "", "value": "z", "rows": [["value": "1"], ["value": "2"]] as [[String: Any]]]
        let whole = String(decoding: try library.render(model, withTemplate: "page"), as: UTF8.self)
        #expect(whole == "abcdefghzy\n  1y\n  2y\n")
        for threshold in 2...24 {
            #expect(Self.joined(try Self.inPieces(library, model, template: "page", threshold: threshold)) == whole, "pieces of \(threshold)")
        }
    }

    /// A row kept for the memo is read back from the output when it ends: no piece is handed over
    /// while one is open, and rows are still copied from the memo (else it would be of no use).
    @Test func rowsKeptForTheMemoAreWholeInPieces() throws {
        let library = try MustacheEngineTests.rowsLibrary(lastLine: "{{#rows}}{{> row}}{{/rows}}|{{#rows}}{{id}}{{/rows}}")
        func row(_ number: Int) -> [String: Any] {
            var row: [String: Any] = ["id": "ADR-\(number)", "title": "Title \(number)", "tags": ["t\(number % 3)"], "marked": number % 4 == 0]
            if number % 5 != 0 { row["date"] = "2026-01-\(number % 28 + 1)" }
            return row
        }
        let shared = (0..<30).map(row)
        for threshold in [2, 7, 31, 100, 400] {
            let memo = Mustache.RowMemo()
            var split = false
            for page in 0..<6 {
                var rows = Array(shared[(page * 3)..<(page * 3 + 12)])
                rows.insert(row(100 + page), at: page % rows.count)
                let model: [String: Any] = ["heading": "Page \(page)", "outer": "O\(page)", "date": "date \(page)", "rows": rows,
                                            "years": [["year": "2026", "rows": Array(rows[..<6])], ["year": "2025", "rows": Array(rows[6...])]] as [[String: Any]]]
                let pieces = try Self.inPieces(library, model, template: "page", threshold: threshold, rows: memo)
                let fresh = String(decoding: try library.render(model, withTemplate: "page"), as: UTF8.self)
                #expect(Self.joined(pieces) == fresh, "page \(page), pieces of \(threshold)")
                split = split || !pieces.pieces.isEmpty
            }
            #expect(split, "pieces of \(threshold)")
            #expect(memo.copied > 100, "pieces of \(threshold): \(memo.copied) rows copied")
        }
    }

    /// A value written unescaped larger than a piece (the relation graph, tens of megabytes) is
    /// added in pieces too, with the indentation before it alone, as `write` adds it; no piece is
    /// much larger than the threshold. (An escaped value is added whole: no page has a large one.)
    @Test func aLargeValueIsHandedOverInPieces() throws {
        var library = Mustache.Library()
        try library.register("<figure>\n  {{>graph}}\n</figure>\n", named: "page")
        try library.register("{{{graph}}}\n{{{graph}}}\n", named: "graph")
        let graph = (0..<400).map { "<a href=\"n\($0)\">node \($0) & more</a>\n" }.joined()
        let model: [String: Any] = ["graph": graph]
        let whole = String(decoding: try library.render(model, withTemplate: "page"), as: UTF8.self)
        for threshold in [64, 1000, 4096] {
            let split = try Self.inPieces(library, model, template: "page", threshold: threshold)
            #expect(Self.joined(split) == whole, "pieces of \(threshold)")
            #expect(split.pieces.count >= graph.utf8.count / threshold, "pieces of \(threshold): \(split.pieces.count)")
            #expect(split.pieces.allSatisfy { $0.count < 2 * threshold + 64 }, "pieces of \(threshold): \(split.pieces.map(\.count).max() ?? 0)")
        }
    }

    /// A piece that cannot be written stops the render with an error.
    @Test func aPieceThatCannotBeWrittenStopsTheRender() throws {
        var library = Mustache.Library()
        try library.register("{{#rows}}{{id}}\n{{/rows}}", named: "page")
        let model: [String: Any] = ["rows": (0..<100).map { ["id": "row \($0)"] } as [[String: Any]]]
        var calls = 0
        #expect(throws: Mustache.RenderError.self) {
            _ = try library.render(model, withTemplate: "page", flush: Mustache.Library.Flush(threshold: 16, write: { _ in calls += 1; return false }))
        }
        #expect(calls == 1)
    }

    // MARK: - Sinks

    /// A page of about 3 MB, over `PagePieces.threshold`, rendered whole and through `PagePieces`.
    static let bigPage: (library: Mustache.Library, model: [String: Any], whole: [UInt8]) = {
        var library = Mustache.Library()
        try! library.register("<table>\n{{#rows}}<tr><td>{{id}}</td><td><a href=\"{{url}}\">{{title}}</a></td></tr>\n{{/rows}}</table>\n", named: "page")
        let rows: [[String: Any]] = (0..<30_000).map { ["id": "ADR-\($0)", "url": "adr-\($0).html", "title": "A decision of some length, number \($0) <\($0 % 7)>"] }
        let model: [String: Any] = ["rows": rows]
        return (library, model, try! library.render(model, withTemplate: "page"))
    }()

    /// Renders the big page to `output` as `RenderStage` does; returns the number of pieces.
    static func writeBigPage(to output: OutputSink, path: String) throws -> Int {
        let pieces = PagePieces(output: output, path: path)
        var finished: Result<Void, Error> = .success(())
        try bigPage.library.render(bigPage.model, withTemplate: "page", rows: Mustache.RowMemo(),
                                   flush: Mustache.Library.Flush(threshold: PagePieces.threshold, write: pieces.write)) { rest in
            finished = Result { try pieces.finish(rest) }
        }
        try finished.get()
        return pieces.count
    }

    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-pieces-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func everySinkEndsWithThePageWrittenWhole() throws {
        let whole = Data(Self.bigPage.whole)
        #expect(whole.count > 2 * PagePieces.threshold)
        let path = "decisions/index.html"

        let memory = MemoryOutput()
        try memory.begin()
        #expect(try Self.writeBigPage(to: memory, path: path) >= 2)
        try memory.commit()
        #expect(memory.files[path] == whole, "MemoryOutput")

        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let disk = DiskOutput(destination: root + "/public")
        try disk.begin()
        // A file left at the path before is replaced, not added to.
        try disk.write(Data("an older page".utf8), to: path)
        #expect(try Self.writeBigPage(to: disk, path: path) >= 2)
        try disk.commit()
        #expect(FileManager.default.contents(atPath: root + "/public/" + path) == whole, "DiskOutput")

        let digesting = DigestingOutput(DiskOutput(destination: root + "/digested"))
        try digesting.begin()
        #expect(try Self.writeBigPage(to: digesting, path: path) >= 2)
        try digesting.commit()
        #expect(FileManager.default.contents(atPath: root + "/digested/" + path) == whole, "DigestingOutput")
        #expect(digesting.digests[path] == SiteWriter.digest(whole), "DigestingOutput's digest")
    }

    /// `handbook serve`'s writer compares a page with the file it replaces: written in pieces, a
    /// page is written when it changed (whatever the old file was: nothing, another page, the
    /// page's first piece alone) and left alone when it did not.
    @Test func theSiteWriterSeesThePageWhole() throws {
        let whole = Data(Self.bigPage.whole)
        let path = "decisions/index.html"
        var firstPiece = Data()
        do {
            let memory = MemoryOutput()
            let pieces = PagePieces(output: memory, path: path)
            _ = try Self.bigPage.library.render(Self.bigPage.model, withTemplate: "page",
                                                flush: Mustache.Library.Flush(threshold: PagePieces.threshold, write: { piece in
                                                    if pieces.count == 0 { firstPiece = Data(piece) }
                                                    return pieces.write(piece)
                                                }))
        }
        #expect(firstPiece.count >= PagePieces.threshold)
        for (name, old) in [("no file", nil), ("another page", Data("<p>old</p>".utf8)), ("the first piece", firstPiece), ("the page", whole)] as [(String, Data?)] {
            let root = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            if let old {
                try FileManager.default.createDirectory(atPath: root + "/decisions", withIntermediateDirectories: true)
                try old.write(to: URL(fileURLWithPath: root + "/" + path))
            }
            let writer = SiteWriter(destination: root, digests: SiteWriter.scan(root))
            try writer.begin()
            #expect(try Self.writeBigPage(to: writer, path: path) >= 2, "\(name)")
            try writer.commit()
            #expect(FileManager.default.contents(atPath: root + "/" + path) == whole, "\(name)")
            #expect(writer.digests[path] == SiteWriter.digest(whole), "\(name)")
            #expect(writer.lastChanges.written == (old == whole ? [] : [path]), "\(name)")
        }
    }

    /// The whole pipeline's render stage with pieces of 64 bytes (every page is split) writes
    /// every sink's site as with whole pages: the sample handbook, every template.
    @Test func aSiteRenderedInPiecesIsTheSiteRenderedWhole() throws {
        var options = BuildOptions(contentDirectory: "/sample/content", outputDirectory: "/sample/public",
                                   rootDirectory: "/sample", workingDirectory: "/sample", today: "2025-01-01")
        options.reviewBase = "HEAD~1"
        let fileSystem = MemoryFileSystem(SampleHandbook.files.merging(SampleContract.files) { $1 })
        let diagnostics = DiagnosticEngine()
        var handbook = try #require(Pipeline.link(options: options, fileSystem: fileSystem, git: SampleGit(), diagnostics: diagnostics))
        handbook.review = Pipeline.reviewReport(handbook, base: "HEAD~1", git: SampleGit(), options: options, diagnostics: diagnostics)
        #expect(handbook.review != nil)
        func site(pieceSize: Int, output: OutputSink) throws -> Int {
            var stage = RenderStage(options: options, diagnostics: DiagnosticEngine(), theme: Theme.embedded(), fileSystem: fileSystem)
            stage.pieceSize = pieceSize
            try output.begin()
            let pages = stage.run(handbook, output: output)
            #expect(!stage.diagnostics.hasErrors(strict: false), "\(stage.diagnostics.diagnostics.map(\.formatted))")
            try output.commit()
            return pages
        }
        let whole = MemoryOutput()
        let pages = try site(pieceSize: Int.max, output: whole)
        #expect(pages > 20)
        let split = MemoryOutput()
        #expect(try site(pieceSize: 64, output: split) == pages)
        #expect(split.files.keys.sorted() == whole.files.keys.sorted())
        for (path, data) in whole.files {
            #expect(split.files[path] == data, "\(path)")
        }
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let digesting = DigestingOutput(DiskOutput(destination: root + "/public"))
        _ = try site(pieceSize: 64, output: digesting)
        for (path, data) in whole.files {
            #expect(FileManager.default.contents(atPath: root + "/public/" + path) == data, "\(path)")
            #expect(digesting.digests[path] == SiteWriter.digest(data), "\(path)")
        }
        let writer = SiteWriter(destination: root + "/public", digests: digesting.digests)
        _ = try site(pieceSize: 64, output: writer)
        #expect(writer.lastChanges == SiteWriter.Changes(), "a site rendered in pieces again changes nothing")
    }
}

/// ADR-0054: rows made as the renderer reaches them (`Mustache.MadeRows`) render, show, transform
/// and fold into the template check's shapes as the array of them does.
@Suite struct MadeRowsTests {
    static func rows(_ count: Int) -> [[String: Any]] {
        (0..<count).map { number -> [String: Any] in
            var row: [String: Any] = ["id": "ADR-\(number)", "tags": number % 3 == 0 ? [] : ["t\(number)"], "marked": number % 4 == 0]
            if number % 5 != 0 { row["date"] = "2026-01-\(number % 28 + 1)" }
            if number == 7 { row["extra"] = [["deep": 1]] as [[String: Any]] }
            return row
        }
    }

    static func made(_ rows: [[String: Any]]) -> Mustache.MadeRows { Mustache.MadeRows(count: rows.count) { rows[$0] } }

    @Test func madeRowsRenderAsTheirArray() throws {
        var library = Mustache.Library()
        try library.register("""
            {{#rows}}<{{id}}{{#date}} {{.}}{{/date}}{{#tags}}[{{.}}]{{/tags}}{{#marked}}!{{/marked}}>
            {{/rows}}{{^rows}}none{{/rows}}{{count(rows)}} {{#first(rows)}}{{id}}{{/first(rows)}} {{#last(rows)}}{{id}}{{/last(rows)}}
            {{#reversed(rows)}}{{id}},{{/reversed(rows)}}{{#empty(rows)}}empty{{/empty(rows)}}{{^empty(rows)}}some{{/empty(rows)}}
            {{#outer}}{{#rows}}{{id}}:{{title}};{{/rows}}{{/outer}}
            """, named: "page")
        for count in [0, 1, 2, 12] {
            let rows = Self.rows(count)
            let array: [String: Any] = ["rows": rows, "title": "T", "outer": ["rows": rows] as [String: Any]]
            let made: [String: Any] = ["rows": Self.made(rows), "title": "T", "outer": ["rows": Self.made(rows)] as [String: Any]]
            let whole = try library.render(array, withTemplate: "page")
            #expect(try library.render(made, withTemplate: "page") == whole, "\(count) rows")
            #expect(try library.render(made, withTemplate: "page", rows: Mustache.RowMemo()) == whole, "\(count) rows, with a memo")
            #expect(try library.render(made, withTemplate: "page", previous: nil).output == whole, "\(count) rows, recorded")
        }
        // Shown as the array is (rows of one key: a dictionary's order is its own).
        let plain: [[String: Any]] = [["id": "a"], ["id": "b"]]
        try library.register("{{rows}}|{{{rows}}}", named: "shown")
        #expect(try library.render(["rows": Self.made(plain)], withTemplate: "shown") == library.render(["rows": plain], withTemplate: "shown"))
    }

    /// Text made in parts (`Mustache.MadeText`, the relation graph) renders as the string of its
    /// parts: escaped or not, indented, at a line's start or not, empty, inside a section, transformed,
    /// in pieces.
    @Test func madeTextRendersAsItsString() throws {
        var library = Mustache.Library()
        try library.register("""
            a{{{text}}}b{{text}}
              {{> part}}
            {{#text}}[{{.}}]{{/text}}{{^text}}no{{/text}} {{count(text)}} {{uppercased(text)}}
            x{{> part}}{{empty}}{{value}}
            """, named: "page")
        try library.register("{{{text}}}\n{{text}}{{empty}}{{value}}\n", named: "part")
        // A standalone partial inside one included mid-line: a line starts there, though the last
        // byte is not a line's end; an escaped value, even empty, sets it from that byte.
        try library.register("a{{>outer}}", named: "inline")
        try library.register("  {{>inner}}\n", named: "outer")
        try library.register("{{text}}{{value}}y", named: "inner")
        let partsOf: [[String]] = [[], [""], ["", ""], ["<a>", "", "b&c\n", "d"], ["line\n", "\n", "<end>"], ["\n"]]
        for parts in partsOf {
            let text = parts.joined()
            for (empty, value) in [("", "v"), ("", ""), ("e", "v")] {
                let made = Mustache.MadeText { part in parts.forEach(part) }
                let whole = try library.render(["text": text, "empty": empty, "value": value] as [String: Any], withTemplate: "page")
                let model: [String: Any] = ["text": made, "empty": empty, "value": value]
                #expect(try library.render(model, withTemplate: "page") == whole, "\(parts) \(empty) \(value)")
                #expect(made.whole == text)
                #expect(try library.render(model, withTemplate: "inline")
                        == library.render(["text": text, "empty": empty, "value": value] as [String: Any], withTemplate: "inline"), "\(parts) inline")
                for threshold in [2, 5] {
                    #expect(PagePiecesTests.joined(try PagePiecesTests.inPieces(library, model, template: "page", threshold: threshold))
                            == String(decoding: whole, as: UTF8.self), "\(parts), pieces of \(threshold)")
                }
            }
        }
    }

    /// Folded, a model with made rows has the shape of the model with their arrays, alone and
    /// among others (before, after, empty, one row, rows the fold holds already).
    @Test func madeRowsFoldAsTheirArray() {
        let lists = [Self.rows(0), Self.rows(1), Self.rows(12), [["id": "x", "other": ["a"]]] as [[String: Any]], Self.rows(6)]
        for order in [[0, 1, 2, 3, 4], [2, 4, 1, 0, 3], [3, 2, 1], [1, 2], [4, 4, 2]] {
            for madeAt in order.indices {
                let arrays = ShapeAccumulator(), made = ShapeAccumulator()
                for (place, list) in order.enumerated() {
                    let rows = lists[list]
                    arrays.add(["rows": rows, "years": [["rows": rows]] as [[String: Any]]] as [String: Any])
                    let value: Any = place >= madeAt ? Self.made(rows) : rows
                    made.add(["rows": value, "years": [["rows": value]] as [[String: Any]]] as [String: Any])
                    #expect(made.contains(["rows": value] as [String: Any]) == arrays.contains(["rows": rows] as [String: Any]), "\(order) from \(madeAt)")
                }
                #expect(made.shape == arrays.shape, "\(order) made from \(madeAt)")
            }
        }
        #expect(ViewShape.of(["rows": Self.made(Self.rows(12))] as [String: Any]) == ViewShape.of(["rows": Self.rows(12)] as [String: Any]))
    }

    /// The decisions index (and every other page) of a build that writes the site once (rows made as rendered) is the
    /// page `handbook serve` makes from rows held (its summary cache), byte for byte, and its
    /// model folds to the same shape: the sample handbook, with decisions of other years, undated,
    /// without tags, superseding and related.
    @Test func theDecisionsIndexWithMadeRowsIsThePageWithRowsHeld() throws {
        var options = BuildOptions(contentDirectory: "/sample/content", outputDirectory: "/sample/public",
                                   rootDirectory: "/sample", workingDirectory: "/sample", today: "2025-01-01")
        options.reviewBase = "HEAD~1"
        var files = SampleHandbook.files.merging(SampleContract.files) { $1 }
        for number in 10..<40 {
            let date = number % 7 == 0 ? "" : "date: 20\(10 + number / 4)-0\(number % 9 + 1)-1\(number % 10)\n"
            let tags = number % 3 == 0 ? "" : "tags: [t\(number % 5), <b>]\n"
            let relation = number % 4 == 0 ? "supersedes: [ADR-00\(number - 1)]\n" : number % 5 == 0 ? "related: [ADR-0001]\n" : ""
            files["/sample/content/decisions/00\(number)-more-\(number).md"] =
                "---\nstatus: \(number % 2 == 0 ? "accepted" : "proposed")\n\(date)\(tags)\(relation)---\n# Decision & \(number)\n\nText.\n"
        }
        let fileSystem = MemoryFileSystem(files)
        let handbook = try #require(Pipeline.link(options: options, fileSystem: fileSystem, git: SampleGit(), diagnostics: DiagnosticEngine()))
        let stage = RenderStage(options: options, diagnostics: DiagnosticEngine(), theme: Theme.embedded(), fileSystem: fileSystem)
        let library = try #require(stage.compile())
        let made = RenderStage.PageList(handbook: handbook, options: options).job(1)
        let held = RenderStage.PageList(handbook: handbook, options: options, summaries: SummaryCache()).job(1)
        #expect(made.model["decisions"] is Mustache.MadeRows)
        #expect(held.model["decisions"] is [[String: Any]])
        let timeline = try #require(made.model["timeline"] as? [[String: Any]])
        #expect(timeline.count >= 5, "the decisions span years")
        #expect(made.model["hasGraph"] as? Bool == true)
        let page = try library.render(made.model, withTemplate: "decisions")
        #expect(String(decoding: page, as: UTF8.self) == String(decoding: try library.render(held.model, withTemplate: "decisions"), as: UTF8.self))
        let madeShape = ShapeAccumulator(), heldShape = ShapeAccumulator()
        madeShape.add(made.model)
        heldShape.add(held.model)
        #expect(madeShape.shape == heldShape.shape)
        #expect(ModelFingerprint.of(made.model, template: "decisions") == ModelFingerprint.of(held.model, template: "decisions"))
        // Every page, the tag pages among them (their rows are made as read too).
        let madePages = RenderStage.PageList(handbook: handbook, options: options)
        let heldPages = RenderStage.PageList(handbook: handbook, options: options, summaries: SummaryCache())
        #expect(madePages.count == heldPages.count)
        var tags = 0
        for number in 0..<madePages.count {
            let made = madePages.job(number), held = heldPages.job(number)
            if made.template == "tag" {
                tags += 1
                #expect((made.model["tag"] as? [String: Any])?["decisions"] is Mustache.MadeRows)
            }
            #expect(made.outputPath == held.outputPath)
            #expect(String(decoding: try library.render(made.model, withTemplate: made.template), as: UTF8.self)
                    == String(decoding: try library.render(held.model, withTemplate: held.template), as: UTF8.self), "\(made.outputPath)")
            let madeShape = ShapeAccumulator(), heldShape = ShapeAccumulator()
            madeShape.add(made.model)
            heldShape.add(held.model)
            #expect(madeShape.shape == heldShape.shape, "\(made.outputPath)")
        }
        #expect(tags >= 5)
    }
}

/// ADR-0054: the runs' shapes are joined as the runs end, in run order whatever order they end in
/// (the join keeps the first kind it meets: an object stays an object when a list follows).
@Suite struct OrderedShapesTests {
    static func run(_ value: Any) -> [String: ShapeAccumulator] {
        let accumulator = ShapeAccumulator()
        accumulator.add(["x": value, "n": 1] as [String: Any])
        return ["t": accumulator]
    }

    @Test func runsEndingInAnyOrderAreJoinedInRunOrder() {
        let values: [Any] = [["a": "1"] as [String: Any], [["b": "2"]] as [[String: Any]], "text", [["c": ["d": "3"]]] as [[String: Any]]]
        let expected = ShapeAccumulator()
        for value in values { expected.add(["x": value, "n": 1] as [String: Any]) }
        for order in [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1]] {
            let joined = OrderedShapes()
            for number in order { joined.add(Self.run(values[number]), run: number) }
            #expect(joined.shapes["t"]?.shape == expected.shape, "\(order)")
        }
    }
}

/// ADR-0058: the page runs (`RenderStage.PageList.runs`) cover every page once, in order; the
/// governed files' pages run `fileRun` at a time and no run holds file pages and others.
@Suite struct PageRunsTests {
    @Test func runsCoverEveryPageOnceAndKeepFilePagesApart() {
        let run = RenderStage.PageList.run, fileRun = RenderStage.PageList.fileRun
        #expect(fileRun > run)
        for count in [0, 1, 5, 31, 32, 33, 64, 100, 1_000] {
            for (lower, upper) in [(0, 0), (6, 6), (6, 7), (6, 600), (0, count), (count / 2, count), (7, max(7, count - 3)), (1, 1 + fileRun)]
            where lower <= upper && upper <= count {
                let files = lower..<upper
                let runs = RenderStage.PageList.runs(count: count, files: files)
                #expect(runs.flatMap { Array($0) } == Array(0..<count), "\(count) \(files)")
                for range in runs {
                    #expect(!range.isEmpty)
                    let inFiles = files.contains(range.lowerBound)
                    #expect(range.allSatisfy { files.contains($0) == inFiles }, "\(count) \(files) \(range)")
                    #expect(range.count <= (inFiles ? fileRun : run), "\(count) \(files) \(range)")
                    // Full runs but at a boundary or the end.
                    if range.count < (inFiles ? fileRun : run) {
                        #expect(range.upperBound == count || range.upperBound == files.lowerBound || range.upperBound == files.upperBound,
                                "\(count) \(files) \(range)")
                    }
                }
            }
        }
    }
}
