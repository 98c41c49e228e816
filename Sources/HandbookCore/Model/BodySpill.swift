import Foundation
import HandbookMarkdown
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Documents' bodies out of memory, in an unlinked temporary file (ADR-0014): each file's raw
/// Markdown body from when the load stage reads it until the parse stage parses it, and each parsed
/// body (its HTML and its blocks with their text) from then until its page is rendered and the
/// search index takes its words. A build holds a body per worker, not every one at once (at
/// 100,000 records the bodies were over two gigabytes).
///
/// The file is made in `$TMPDIR` (else `/tmp`) and unlinked at once: it is never seen, never left
/// behind (even when the build is killed), and needs no clean-up. A body that cannot be written
/// stays in memory; a body that cannot be read back is recorded in `failure`, which the pipeline
/// reports as an error, so the build fails rather than writing an empty page.
public final class BodySpill: @unchecked Sendable {
    /// Where one document's body is: its HTML, then each block as 4-byte numbers (kind, line, the
    /// number of its links and each link's index, the length of its text) and its text.
    public struct Location: Sendable {
        var offset: Int
        var htmlCount: Int
        var count: Int
        /// For a raw text kept in memory (ADR-0068): its slot in `heldTexts`; -1 for one in the file.
        var slot = -1
    }

    /// How much of the bodies stayed in memory and how much went to the file, in bytes (as
    /// `textSize` and `heldSize` count those in memory; as written, those in the file).
    public struct Usage: Sendable, Equatable {
        public var inMemory: Int
        public var inFile: Int
    }

    private let descriptor: Int32
    private let lock = NSLock()
    private var end = 0
    private var firstFailure: String?
    /// How many bytes of bodies may stay in memory rather than go to the file, and how many do (ADR-0068).
    private let budget: Int
    private var held = 0
    /// The parsed bodies kept in memory; each lives as long as the spill, which every
    /// `SpilledBody` holds, so a document reaches its own through an unretained reference (a copy of
    /// a `Document` retains nothing more than before: a retained box made every copy slower).
    private var heldBodies: [HeldBody] = []
    /// The raw texts kept in memory, each until the parse stage reads it (then it is let go).
    private var heldTexts: [String?] = []

    /// The budget of a build that writes a site (ADR-0068): every body of 10,000 records (154
    /// MB as `heldSize` and `textSize` count them) stays in memory, which spares the kernel's
    /// 20,000 writes and 30,000 reads of them; at 100,000 records the raw bodies read first fill it
    /// and every parsed body goes to the file, as before, so the render stage's peak holds no more.
    public static let buildBudget = 224 << 20

    /// Nil when no temporary file can be made (then the bodies stay in memory). `budget`: how many
    /// bytes of bodies (as `textSize` and `heldSize` count them) stay in memory, first come first
    /// kept, before the rest go to the file; 0, every body goes to the file.
    public init?(directory: String? = nil, budget: Int = 0) {
        let folder = directory ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/handbook-bodies-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        unlink(String(cString: template))
        self.descriptor = descriptor
        self.budget = budget
    }

    public var usage: Usage {
        lock.lock()
        defer { lock.unlock() }
        return Usage(inMemory: held, inFile: end)
    }

    /// About what a raw body kept in memory holds: its bytes and a String's heap header.
    static func textSize(_ text: String) -> Int { text.utf8.count + 32 }

    /// About what a parsed body kept in memory holds: its HTML, and for each block its text, the
    /// block itself, a String's heap header and its link indices.
    static func heldSize(html: String, blocks: [MarkdownBlock]) -> Int {
        var size = html.utf8.count + 32
        for block in blocks {
            size += MemoryLayout<MarkdownBlock>.stride + 32 + block.text.utf8.count + 8 * block.linkIndices.count
        }
        return size
    }

    deinit { close(descriptor) }

    /// The first read or write that failed, as a message; nil when all went well.
    public var failure: String? {
        lock.lock()
        defer { lock.unlock() }
        return firstFailure
    }

    private func fail(_ message: String) {
        lock.lock()
        if firstFailure == nil { firstFailure = message }
        lock.unlock()
    }

    /// Moves `document`'s HTML and blocks into the file (emptied in memory); when they fit in the
    /// budget, or the write fails, they stay where they are.
    public func take(_ document: inout Document) {
        if budget > 0 {
            let size = Self.heldSize(html: document.markdown.html, blocks: document.markdown.blocks)
            lock.lock()
            var box: HeldBody?
            if held + size <= budget {
                held += size
                box = HeldBody(html: document.markdown.html, blocks: document.markdown.blocks)
                heldBodies.append(box!)
            }
            lock.unlock()
            if let box {
                document.spilled = SpilledBody(spill: self, location: Location(offset: 0, htmlCount: 0, count: 0),
                                               held: Unmanaged.passUnretained(box))
                document.markdown.html = ""
                document.markdown.blocks = []
                return
            }
        }
        let bytes = Self.encode(html: document.markdown.html, blocks: document.markdown.blocks)
        let htmlCount = document.markdown.html.utf8.count
        lock.lock()
        let offset = end
        end += bytes.count
        lock.unlock()
        let written = bytes.withUnsafeBytes { write($0, at: offset) }
        guard written else { return }
        document.spilled = SpilledBody(spill: self, location: Location(offset: offset, htmlCount: htmlCount, count: bytes.count))
        document.markdown.html = ""
        document.markdown.blocks = []
    }

    /// A body as the file holds it: the HTML, then each block as 4-byte little-endian numbers (its
    /// kind, its line, the number of its links and each link's index, the length of its text) and
    /// its text. Written in place into an array of the exact size (ADR-0052: appending the numbers
    /// as arrays to an array reserved too small for links was most of the 0.13 G `take` cost at
    /// 2,000 records); `referenceEncode` is the old way, for `SpeedEquivalenceTests`.
    static func encode(html: String, blocks: [MarkdownBlock]) -> [UInt8] {
        var size = html.utf8.count
        for block in blocks { size += 16 + 4 * block.linkIndices.count + block.text.utf8.count }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            guard let base = buffer.baseAddress else { count = 0; return }
            var position = 0
            func put(_ number: Int) {
                let value = UInt32(truncatingIfNeeded: number)
                base[position] = UInt8(value & 0xFF)
                base[position + 1] = UInt8((value >> 8) & 0xFF)
                base[position + 2] = UInt8((value >> 16) & 0xFF)
                base[position + 3] = UInt8(value >> 24)
                position += 4
            }
            func put(_ text: String) {
                var text = text
                text.withUTF8 { utf8 in
                    if let start = utf8.baseAddress, !utf8.isEmpty {
                        (base + position).update(from: start, count: utf8.count)
                    }
                    position += utf8.count
                }
            }
            put(html)
            for block in blocks {
                switch block.kind {
                case .heading(let level): put(3 + level)
                case .paragraph: put(0)
                case .list: put(1)
                case .other: put(2)
                }
                put(block.line)
                put(block.linkIndices.count)
                for index in block.linkIndices { put(index) }
                put(block.text.utf8.count)
                put(block.text)
            }
            count = position
        }
    }

    /// `encode` as `take` did it before ADR-0052 (the reference of `SpeedEquivalenceTests`).
    static func referenceEncode(html: String, blocks: [MarkdownBlock]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(html.utf8.count + blocks.reduce(0) { $0 + $1.text.utf8.count + 16 })
        bytes += html.utf8
        func append(_ number: Int) {
            let value = UInt32(truncatingIfNeeded: number)
            bytes += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
        }
        for block in blocks {
            switch block.kind {
            case .heading(let level): append(3 + level)
            case .paragraph: append(0)
            case .list: append(1)
            case .other: append(2)
            }
            append(block.line)
            append(block.linkIndices.count)
            for index in block.linkIndices { append(index) }
            append(block.text.utf8.count)
            bytes += block.text.utf8
        }
        return bytes
    }

    /// Keeps a text (a file's raw Markdown body, between the load and parse stages): in memory
    /// within the budget, else written to the file; nil when it cannot be written (then it stays
    /// where it is).
    public func keep(_ text: String) -> Location? {
        if budget > 0 {
            let size = Self.textSize(text)
            lock.lock()
            var slot = -1
            if held + size <= budget {
                held += size
                slot = heldTexts.count
                heldTexts.append(text)
            }
            lock.unlock()
            if slot >= 0 { return Location(offset: 0, htmlCount: 0, count: 0, slot: slot) }
        }
        var text = text
        let count = text.utf8.count
        lock.lock()
        let offset = end
        end += count
        lock.unlock()
        let written = text.withUTF8 { buffer in write(UnsafeRawBufferPointer(buffer), at: offset) }
        return written ? Location(offset: offset, htmlCount: count, count: count) : nil
    }

    /// A text given to `keep`; empty (and `failure` set) when it cannot be read. One kept in memory
    /// is handed over and let go: it is read once (the parse stage reads each file's body once; a
    /// second read is a failure, not a silent blank), so the parse frees the raw bodies as it goes
    /// and the parsed ones reuse their memory.
    public func text(_ location: Location) -> String {
        guard location.slot >= 0 else { return readString(offset: location.offset, count: location.count) }
        lock.lock()
        let text = heldTexts[location.slot]
        heldTexts[location.slot] = nil
        lock.unlock()
        guard let text else {
            fail("a raw body kept in memory was read twice")
            return ""
        }
        return text
    }

    /// `count` bytes from `offset` as a String (invalid UTF-8 repaired, as `String(decoding:as:)`
    /// does), read into the String's own storage: no array between, nothing zeroed first
    /// (ADR-0059); empty (and `failure` set) when they cannot be read.
    func readString(offset: Int, count: Int) -> String {
        var ok = true
        let text = String(unsafeUninitializedCapacity: count) { buffer in
            ok = fill(UnsafeMutableRawBufferPointer(buffer), from: offset)
            return ok ? count : 0
        }
        if !ok { failRead() }
        return ok ? text : ""
    }

    private func write(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            let result = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += result
        }
        return true
    }

    /// Empties the file, as a lost or truncated temporary file would be (for the test of the error).
    func truncateForTesting() { _ = ftruncate(descriptor, 0) }

    /// The bytes of a body; nil (and `failure` set) when they cannot be read.
    func read(_ location: Location) -> [UInt8]? { read(offset: location.offset, count: location.count) }

    /// `count` bytes from `offset`, read into an array that is not zeroed first (ADR-0059: zeroing
    /// every body read back was 0.24 G instructions at 10,000 records); nil (and `failure` set) when
    /// they cannot be read.
    func read(offset: Int, count: Int) -> [UInt8]? {
        var ok = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            ok = fill(UnsafeMutableRawBufferPointer(buffer), from: offset)
            initialized = ok ? count : 0
        }
        if !ok { failRead() }
        return ok ? bytes : nil
    }

    /// Fills `buffer` from the file at `offset`; false when it cannot (errno says why).
    private func fill(_ buffer: UnsafeMutableRawBufferPointer, from offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            let result = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if result < 0, errno == EINTR { continue }
            if result <= 0 { return false }
            done += result
        }
        return true
    }

    private func failRead() {
        fail("cannot read back a parsed body from the temporary file: \(String(cString: strerror(errno)))")
    }

    /// `read` as it was before ADR-0059: the whole body into a zeroed array (the reference of
    /// `SpeedEquivalenceTests`).
    func referenceRead(_ location: Location) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: location.count)
        let ok = bytes.withUnsafeMutableBytes { fill($0, from: location.offset) }
        return ok ? bytes : nil
    }
}

/// A parsed body a `BodySpill` keeps in memory, within its budget (ADR-0068).
final class HeldBody: Sendable {
    let html: String
    let blocks: [MarkdownBlock]

    init(html: String, blocks: [MarkdownBlock]) {
        self.html = html
        self.blocks = blocks
    }
}

/// A document's body in a `BodySpill`: in its file, or (`held`) in its memory.
public struct SpilledBody: @unchecked Sendable {
    let spill: BodySpill
    let location: BodySpill.Location
    /// The body when the spill keeps it in memory; alive as long as `spill` is.
    var held: Unmanaged<HeldBody>? = nil

    /// The HTML: its bytes alone read, into the String (ADR-0059: the whole body was read, the
    /// blocks with it, into an array and then copied).
    var html: String {
        if let held { return held.takeUnretainedValue().html }
        return spill.readString(offset: location.offset, count: location.htmlCount)
    }

    /// The blocks, as they were: their bytes alone read, not the HTML before them (ADR-0059).
    var blocks: [MarkdownBlock] {
        if let held { return held.takeUnretainedValue().blocks }
        guard let bytes = spill.read(offset: location.offset + location.htmlCount, count: location.count - location.htmlCount) else { return [] }
        return Self.blocks(bytes, from: 0)
    }

    /// The blocks as they were before ADR-0059 (the whole body read back), for `SpeedEquivalenceTests`.
    var referenceBlocks: [MarkdownBlock] {
        guard let bytes = spill.referenceRead(location) else { return [] }
        return Self.blocks(bytes, from: location.htmlCount)
    }

    /// The HTML as it was read before ADR-0059, for `SpeedEquivalenceTests`.
    var referenceHTML: String {
        guard let bytes = spill.referenceRead(location) else { return "" }
        return String(decoding: bytes[0..<location.htmlCount], as: UTF8.self)
    }

    /// The blocks encoded in `bytes` from `start` to the end.
    static func blocks(_ bytes: [UInt8], from start: Int) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var position = start
        func number() -> Int? {
            guard position + 4 <= bytes.count else { return nil }
            defer { position += 4 }
            return Int(bytes[position]) | Int(bytes[position + 1]) << 8 | Int(bytes[position + 2]) << 16 | Int(bytes[position + 3]) << 24
        }
        while let code = number(), let line = number(), let linkCount = number() {
            let kind: MarkdownBlock.Kind = code >= 3 ? .heading(code - 3) : code == 0 ? .paragraph : code == 1 ? .list : .other
            var links: [Int] = []
            links.reserveCapacity(linkCount)
            for _ in 0..<linkCount { if let index = number() { links.append(index) } }
            guard let count = number(), position + count <= bytes.count else { break }
            blocks.append(MarkdownBlock(kind: kind, text: String(decoding: bytes[position..<(position + count)], as: UTF8.self),
                                        line: line, linkIndices: links))
            position += count
        }
        return blocks
    }
}

extension Document {
    /// The body as HTML (with the link placeholders), from memory or read back from the spill.
    var bodyHTML: String { spilled?.html ?? markdown.html }

    /// The top-level blocks with their texts, from memory or read back from the spill.
    var bodyBlocks: [MarkdownBlock] { spilled?.blocks ?? markdown.blocks }

    /// `bodyHTML` of `documents[index]`, its two fields read where the array keeps them: the
    /// computed property of an element copied the whole `Document` first (ADR-0069, ADR-0073).
    static func bodyHTML(of documents: [Document], at index: Int) -> String {
        if let spilled = documents[index].spilled { return spilled.html }
        return documents[index].markdown.html
    }
}
