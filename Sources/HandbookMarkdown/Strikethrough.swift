#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CCmarkGFM

/// Strikethrough matched by the wrapper, so that no parse ever changes cmark-gfm's global table of
/// special inline characters and documents parse on every core at once (issue 13, ADR-0014,
/// landmine `cmark-gfm-special-character-table`).
///
/// cmark-gfm keeps one process-wide table of the characters at which inline parsing stops to ask
/// the extensions (`~` for strikethrough, `:` and `w` for autolinks). Each parse adds its
/// extensions' characters when it starts parsing inlines and removes them when it is done
/// (`cmark_manage_extensions_special_characters`), so a parse that finishes removes `~` from under
/// another that is still running, which then renders `~~text~~` literally (github/cmark-gfm#176).
/// The characters cannot simply be left out of the extensions' lists: when a run of `~` closes,
/// cmark-gfm finds the extension to call through the same list (`get_extension_for_special_char`,
/// by the delimiter's character), and with no extension for `~` it never finishes.
///
/// So, once for the process (`setup`, before any parse):
/// - the table is filled with the library's strikethrough's and autolink's characters
///   (`cmark_manage_extensions_special_characters` with a parser holding both, never undone);
/// - autolink's list is emptied: it makes its links in `match` and pushes no delimiter, so its
///   characters are needed in the table only, and no parse adds or removes them again;
/// - in place of the library's strikethrough, every parser gets `syntaxExtension`, made below: the same
///   `~` matching (a port of cmark-gfm's `extensions/strikethrough.c`, public API only), whose
///   delimiters carry the character 0 instead of `~`. Its list holds only 0, so the one entry a
///   parse adds and removes is the table's entry for the byte 0, which is never read: cmark-gfm
///   replaces every NUL of the input with U+FFFD before inline parsing. The nodes it makes are the
///   library's strikethrough nodes (its node type and its extension, which renders `<del>`).
///
/// `MarkdownTests.strikethroughAsCmarkGFMRendersIt` compares its HTML with the `cmark-gfm`
/// command's on a fixture of tilde runs; `concurrentParsesEqualSerialParses` parses thousands of
/// documents on every core and compares them with a serial parse byte for byte.
enum Strikethrough {
    struct Setup: @unchecked Sendable {
        /// The extension every parser attaches in place of the library's `strikethrough`.
        let syntaxExtension: OpaquePointer
        /// The library's strikethrough: the extension of the nodes `extension` makes (it renders them).
        let library: OpaquePointer
        /// The node type the library registered for strikethrough.
        let nodeType: cmark_node_type
    }

    /// Nil when this cmark-gfm lacks what it needs (then `MarkdownParser` keeps the library's
    /// strikethrough and parses inlines one document at a time).
    static let setup: Setup? = {
        cmark_gfm_core_extensions_ensure_registered()
        guard let library = cmark_find_syntax_extension("strikethrough"),
              let autolink = cmark_find_syntax_extension("autolink"),
              let nodeType = libraryNodeType(library) else { return nil }
        guard let filler = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        cmark_parser_attach_syntax_extension(filler, library)
        cmark_parser_attach_syntax_extension(filler, autolink)
        cmark_manage_extensions_special_characters(filler, 1)
        cmark_parser_free(filler)
        cmark_syntax_extension_set_special_inline_chars(autolink, nil)

        guard let own = cmark_syntax_extension_new("handbook-strikethrough") else { return nil }
        cmark_syntax_extension_set_match_inline_func(own, match)
        cmark_syntax_extension_set_inline_from_delim_func(own, insert)
        cmark_syntax_extension_set_special_inline_chars(own,
                                                        cmark_llist_append(cmark_get_default_mem_allocator(), nil, nil))
        return Setup(syntaxExtension: own, library: library, nodeType: nodeType)
    }()

    /// The type of the node the library's strikethrough makes of `~~a~~` (the type is a number the
    /// library gives out when it registers the extension; its name is not in the installed headers).
    private static func libraryNodeType(_ library: OpaquePointer) -> cmark_node_type? {
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        defer { cmark_parser_free(parser) }
        cmark_parser_attach_syntax_extension(parser, library)
        let probe = "~~a~~"
        probe.withCString { cmark_parser_feed(parser, $0, probe.utf8.count) }
        guard let root = cmark_parser_finish(parser) else { return nil }
        defer { cmark_node_free(root) }
        guard let paragraph = cmark_node_first_child(root), let struck = cmark_node_first_child(paragraph),
              let name = cmark_node_get_type_string(struck), String(cString: name) == "strikethrough" else { return nil }
        return cmark_node_get_type(struck)
    }

    /// The delimiter character of our strikethrough runs (see the type's comment).
    static let delimiterCharacter: UInt8 = 0
    private static let tilde = UInt8(ascii: "~")

    /// cmark-gfm's `match` (extensions/strikethrough.c): a run of up to 100 `~` becomes a text node,
    /// and a delimiter when it is one or two long and flanking.
    private static let match: cmark_match_inline_func = { _, _, _, character, inlineParser in
        guard character == tilde, let inlineParser else { return nil }
        var leftFlanking: Int32 = 0, rightFlanking: Int32 = 0, punctuationBefore: Int32 = 0, punctuationAfter: Int32 = 0
        let count = cmark_inline_parser_scan_delimiters(inlineParser, 100, tilde, &leftFlanking, &rightFlanking,
                                                        &punctuationBefore, &punctuationAfter)
        // The parse's allocator (this thread's arena during `MarkdownParser.parse`, ADR-0052): the
        // function is not given the parser's, and a node of another allocator would outlive the arena.
        guard let node = cmark_node_new_with_mem(CMARK_NODE_TEXT, Arena.current) else { return nil }
        cmark_node_set_literal(node, String(repeating: "~", count: Int(count)))
        // The library sets the node's start line and column, which the public API cannot; they are
        // kept in its user data instead (`Strikethrough.position`), where the tree walk reads them.
        let line = cmark_inline_parser_get_line(inlineParser)
        let column = cmark_inline_parser_get_column(inlineParser) - count
        cmark_node_set_user_data(node, UnsafeMutableRawPointer(bitPattern: UInt(UInt32(bitPattern: line)) << 32
                                                                            | UInt(UInt32(bitPattern: column))))
        // Handbook never sets CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE, so one tilde strikes through as two do.
        if leftFlanking != 0 || rightFlanking != 0, count == 1 || count == 2 {
            cmark_inline_parser_push_delimiter(inlineParser, delimiterCharacter, leftFlanking, rightFlanking, node)
        }
        return node
    }

    /// cmark-gfm's `insert`: an opener and a closer of one length make the nodes between them the
    /// children of a strikethrough node (the opener's), and the delimiters between are dropped.
    private static let insert: cmark_inline_from_delim_func = { _, _, inlineParser, opener, closer in
        guard let opener, let closer, let setup = Strikethrough.setup else { return closer?.pointee.next }
        let next = closer.pointee.next
        guard let struck = opener.pointee.inl_text, let closing = closer.pointee.inl_text,
              literalLength(struck) == literalLength(closing),
              cmark_node_set_type(struck, setup.nodeType) != 0 else { return next }
        cmark_node_set_syntax_extension(struck, setup.library)
        var node = cmark_node_next(struck)
        while let current = node, current != closing {
            node = cmark_node_next(current)
            cmark_node_append_child(struck, current)
        }
        cmark_node_free(closing)
        var delimiter: UnsafeMutablePointer<delimiter>? = closer
        while let current = delimiter, current != opener {
            delimiter = current.pointee.previous
            cmark_inline_parser_remove_delimiter(inlineParser, current)
        }
        cmark_inline_parser_remove_delimiter(inlineParser, opener)
        return next
    }

    private static func literalLength(_ node: OpaquePointer) -> Int {
        cmark_node_get_literal(node).map { strlen($0) } ?? 0
    }

    /// The start line and column of a text node our `match` made (nil for any other node): cmark-gfm
    /// keeps the first node's position when it joins adjacent text nodes, so a run of text that
    /// starts with unmatched tildes has this position.
    static func position(_ node: OpaquePointer) -> (line: Int, column: Int)? {
        guard setup != nil, let data = cmark_node_get_user_data(node) else { return nil }
        let bits = UInt(bitPattern: data)
        return (Int(Int32(bitPattern: UInt32(truncatingIfNeeded: bits >> 32))),
                Int(Int32(bitPattern: UInt32(truncatingIfNeeded: bits))))
    }
}
