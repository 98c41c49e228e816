#!/usr/bin/env python3
"""Mutation testing, ours: a curated list of one-line mutations across the stages, each applied to
a scratch copy of the repository, the copy built, and the tests that should notice run. A
mutation is *killed* when those tests fail, *survived* when they pass, *stillborn* when the
mutated copy does not compile (a mistake in this list), *stale* when its text is no longer in
the source (the code moved on: update the list).

Usage: scripts/mutants.py [--only ID[,ID...]] [--list] [--check] [--scratch DIR]
   (--check: only whether every mutation's text is in its file once; make test runs it)
   make mutants    (the same, at nice 10)

The scratch copy (MUTANTS_SCRATCH, default /tmp/handbook-mutants) is a copy of the working
tree, which must hold no uncommitted change to tracked files. Run as root with unshare(1), the
copy includes .build and every build and test runs in a private mount namespace where the copy is
mounted over the repository's own path: SwiftPM's records (absolute paths) stay valid, so each
mutation costs an incremental build (a minute or two) instead of a cold one. Otherwise
(MUTANTS_NO_NAMESPACE=1, or not root) the copy builds at its own path, cold the first time.
Every compile holds the shared lock /tmp/handbook-build.lock (flock), as every build on this
machine must. Before any mutation, the union of the filters runs once on the unmutated copy: a
filter that fails there would make every mutation look killed, so the run stops. A test run
that exceeds 15 minutes counts as killed (a mutation that loops).

Exit status: 0 when every mutation was killed, 1 otherwise.
"""

import argparse
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
# MUTANTS_LOCK= (empty) builds without the shared lock: each mutation's build is a small incremental
# one, and waiting behind every other build on the machine made a mutation take six minutes.
LOCK = os.environ.get("MUTANTS_LOCK", "/tmp/handbook-build.lock")

CORE = "Sources/HandbookCore/"

# (id, stage, file, text to find (exactly once), replacement, swift test --filter)
MUTATIONS = [
    # --- escapers --------------------------------------------------------------------------
    # --- serve's recorded pages (ADR-0021): a row that read the page must not be copied ------
    ("row-reads-outside", "render", CORE + "Render/MustacheRenderer.swift",
     "guard let last = open.last, frame < last.frame else { return }", "return",
     "MustacheEngineTests"),
    ("summary-inputs-title", "render", CORE + "Render/SummaryCache.swift",
     "title: handbook.documents[index].title, status: status", 'title: "", status: status', "SummaryCacheTests"),
    ("summary-title-unchecked", "render", CORE + "Render/SummaryCache.swift",
     "entry.inputs.title == handbook.documents[index].title, ", "", "SummaryCacheTests"),
    ("html-lt", "render", CORE + "Render/MustacheRenderer.swift",
     'case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)', "", "EscapingTests"),
    ("html-gt", "render", CORE + "Render/MustacheRenderer.swift",
     'case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)', "", "EscapingTests"),
    ("html-amp", "render", CORE + "Render/MustacheRenderer.swift",
     'case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)', "", "EscapingTests"),
    ("html-quot", "render", CORE + "Render/MustacheRenderer.swift",
     'case UInt8(ascii: "\\""): output.append(contentsOf: "&quot;".utf8)', "", "EscapingTests"),
    ("html-apos", "render", CORE + "Render/MustacheRenderer.swift",
     'case UInt8(ascii: "\'"): output.append(contentsOf: "&#39;".utf8)', "", "EscapingTests"),
    # HTML.escape by bytes (ADR-0047); its scalar version is the equivalence test's reference.
    ("svg-escape", "render", CORE + "Support/URLEncoding.swift",
     "        HTMLEscaping.escape(text)", "        text", "EscapingTests"),
    ("svg-lt", "render", CORE + "Support/URLEncoding.swift",
     'case "<": result += "&lt;"', "", "SpeedEquivalenceTests"),
    ("svg-apos", "render", CORE + "Support/URLEncoding.swift",
     'case "\'": result += "&#39;"', "", "SpeedEquivalenceTests"),
    ("atom-lt", "render", CORE + "Render/AtomFeed.swift",
     'case "<": result += "&lt;"', "", "EscapingTests|AtomFeedTests"),
    ("atom-apos", "render", CORE + "Render/AtomFeed.swift",
     'case "\'": result += "&#39;"', "", "EscapingTests"),
    ("json-lt", "render", CORE + "Render/ViewModels+Tags.swift",
     'case 0x3C: out += [0x5C, 0x75, 0x30, 0x30, 0x33, 0x63]', "", "EscapingTests|SearchIndexTests"),
    ("json-amp", "render", CORE + "Render/ViewModels+Tags.swift",
     'case 0x26: out += [0x5C, 0x75, 0x30, 0x30, 0x32, 0x36]', "", "EscapingTests"),
    ("json-apos", "render", CORE + "Render/ViewModels+Tags.swift",
     'case 0x27: out += [0x5C, 0x75, 0x30, 0x30, 0x32, 0x37]', "", "EscapingTests"),
    ("review-md-brackets", "review", CORE + "Review/ReviewMarkdown.swift",
     'if "\\\\`*_[]<>!|~&:".unicodeScalars.contains(scalar)', 'if "\\\\`*_<>!|~&:".unicodeScalars.contains(scalar)',
     "EscapingTests|OutputEscapingTests|ReviewTests"),
    ("review-md-angle", "review", CORE + "Review/ReviewMarkdown.swift",
     'if "\\\\`*_[]<>!|~&:".unicodeScalars.contains(scalar)', 'if "\\\\`*_[]!|~&:".unicodeScalars.contains(scalar)',
     "EscapingTests|OutputEscapingTests|ReviewTests"),
    # --- globs and CODEOWNERS ----------------------------------------------------------------
    ("glob-anchored", "governance", CORE + "Governance/GlobPattern.swift",
     "let anchored = leadingSlash || parts.count > 1", "let anchored = leadingSlash", "GlobPatternTests"),
    ("glob-folder-expands", "governance", CORE + "Governance/GlobPattern.swift",
     "guard expands else { return false }", "", "GlobPatternTests"),
    # A trailing `**` matches one or more segments (`docs/**` is not the file `docs`). The early
    # `return true` for it was mutated before: that mutation is equivalent (the backtracking reaches
    # the same answer), so it survived every test; this one changes what matches.
    ("glob-trailing-star", "governance", CORE + "Governance/GlobPattern.swift",
     "while p < segments.count, segments[p] == .anyDepth, !(trailingStar && p == segments.count - 1) { p += 1 }",
     "while p < segments.count, segments[p] == .anyDepth { p += 1 }", "GlobPatternTests"),
    ("glob-leaves-root", "governance", CORE + "Governance/GlobPattern.swift",
     'if parts.contains("..") { return .failure(.leavesRoot) }', "", "GlobPatternTests|BrokenHandbookTests"),
    ("glob-name-any-depth", "governance", CORE + "Governance/GlobPattern.swift",
     "for index in 0..<count where !(folderOnly && index == count - 1) {",
     "for index in (count - 1)..<count where !(folderOnly && index == count - 1) {", "GlobPatternTests"),
    ("codeowners-last-wins", "governance", CORE + "Governance/CodeOwners.swift",
     "for rule in rules.reversed() where", "for rule in rules where", "CodeOwnersTests"),
    ("codeowners-inline-comment", "governance", CORE + "Governance/CodeOwners.swift",
     'line.first == "#" || line[line.index(before: hash)] == " "', 'line.first == "#"', "CodeOwnersTests"),
    # --- contract rule levels and the diff -----------------------------------------------------
    ("level-operation-removed", "contracts", CORE + "Contracts/Diff/ContractRule.swift",
     "case .operationRemoved, .operationRemovedBeforeSunset,", "case .operationRemovedBeforeSunset,", "ContractRuleLevelTests"),
    ("level-became-optional", "contracts", CORE + "Contracts/Diff/ContractRule.swift",
     ".responsePropertyBecameOptional, .responsePropertyBecameNullable,", ".responsePropertyBecameNullable,",
     "ContractRuleLevelTests"),
    ("level-unchecked", "contracts", CORE + "Contracts/Diff/ContractRule.swift",
     "case .unchecked, .responseRemoved,", "case .responseRemoved,", "ContractRuleLevelTests"),
    ("diff-integer-widens", "contracts", CORE + "Contracts/Diff/SchemaDiff.swift",
     '|| ($0 == "integer" && wide.contains("number"))', "", "ContractRuleLevelTests|ContractRuleTests"),
    ("guard-undeclared", "contracts", CORE + "Contracts/Stage/ContractGuard.swift",
     "if !breaking.isEmpty, !declared {", "if !breaking.isEmpty, declared {",
     "ContractPipelineTests|ContractDiagnosticExactTests"),
    # --- the contract diff judges meaning and what operations use (ADR-0114) ------------------
    ("wrap-overlap-assumed", "contracts", CORE + "Contracts/Diff/SchemaDiff+Constraints.swift",
     'if key == "anyOf" || others.allSatisfy({ disjoint(places[kept], places[$0]) }) {', 'if key == "anyOf" {',
     "ContractRealSpecTests"),
    ("wrap-old-schema-not-sought", "contracts", CORE + "Contracts/Diff/SchemaDiff+Constraints.swift",
     "let kept = places.indices.first { accepts(places[$0], everything: a) }", "let kept = places.indices.first { _ in false }",
     "ContractRealSpecTests"),
    ("object-keywords-on-arrays", "contracts", CORE + "Contracts/Diff/SchemaDiff+Constraints.swift",
     'return types.isEmpty || types.contains("object") ? node : nil', "return node", "ContractRealSpecTests"),
    ("allof-moved-properties-reported", "contracts", CORE + "Contracts/Diff/SchemaDiff+Constraints.swift",
     "} else if listsPropertiesOnly(place, of: b, reader: newReader) {", "} else if false {", "ContractRealSpecTests"),
    ("allof-first-definition-only", "contracts", CORE + "Contracts/Diff/SchemaDiff+Properties.swift",
     "let olds = oldDefinitions[name] ?? [oldProperty], news = newDefinitions[name] ?? [newProperty]",
     "let olds = [oldProperty], news = [newProperty]", "ContractRealSpecTests"),
    ("ref-findings-in-named-schema", "contracts", CORE + "Contracts/Diff/SchemaDiff.swift",
     "if newTarget != nil { relocation = (from: b.pointer, to: newSchema) }", "if false { relocation = (from: b.pointer, to: newSchema) }",
     "ContractRealSpecTests"),
    ("unused-schemas-judged", "contracts", CORE + "Contracts/Diff/SchemaDiff+Properties.swift",
     "let reach = operations ? (old: SchemaReach(old), new: SchemaReach(new)) : nil",
     "let reach: (old: SchemaReach, new: SchemaReach)? = nil", "ContractRealSpecTests"),
    ("extensions-unchecked", "contracts", CORE + "Contracts/Diff/SchemaDiff+Properties.swift",
     'if key.hasPrefix("x-"), !documentation.contains(key) {', 'if false, !documentation.contains(key) {',
     "ContractRealSpecTests|ContractRuleTests"),
    ("tolerated-said-every-time", "contracts", CORE + "Contracts/Spec/SpecLint.swift",
     "let text = nodes.count == 1 ? message", "let text = nodes.count >= 1 ? message", "ContractRealSpecTests"),
    # --- metrics: the two-weeks rule ---------------------------------------------------------
    ("two-weeks-blocker", "metrics", CORE + "Metrics/MetricSeries.swift",
     "return worseningStreak(endingAt: last) >= 2", "return worseningStreak(endingAt: last) >= 3",
     "MetricsRuleTests|MetricsDiagnosticTests"),
    ("two-weeks-blocks-at", "metrics", CORE + "Metrics/MetricSeries.swift",
     "public func blocksAt(_ index: Int) -> Bool { worseningStreak(endingAt: index) >= 2 }",
     "public func blocksAt(_ index: Int) -> Bool { worseningStreak(endingAt: index) >= 1 }", "MetricsRuleTests|MetricChartTests"),
    ("two-weeks-gap", "metrics", CORE + "Metrics/MetricSeries.swift",
     "guard index > 0, points[index - 1].week == points[index].week.previous else { return nil }",
     "guard index > 0 else { return nil }", "MetricsRuleTests"),
    ("metric-worse-direction", "metrics", CORE + "Metrics/MetricDefinition.swift",
     "worse == .higher ? value > before : value < before", "worse == .higher ? value > before : value > before",
     "MetricsRuleTests"),
    # --- the write stage and the swap ----------------------------------------------------------
    ("swap-rollback", "write", CORE + "Write/DiskOutput.swift",
     "_ = system.rename(old, destination)", "", "WriteFailureTests"),
    ("swap-discard", "write", CORE + "Pipeline/Pipeline.swift",
     "if diagnostics.hasErrors(strict: options.strict) {\n                output.discard()",
     "if diagnostics.hasErrors(strict: options.strict) {\n                ", "WriteFailureTests"),
    ("swap-commit-failure-discard", "write", CORE + "Pipeline/Pipeline.swift",
     "            } catch {\n                output.discard()\n                cache?.siteUnknown()\n                diagnostics.error(\"write-failed\"",
     "            } catch {\n                cache?.siteUnknown()\n                diagnostics.error(\"write-failed\"", "WriteFailureTests"),
    ("output-guard", "write", CORE + "Pipeline/Pipeline.swift",
     "let problem = unsafeOutput(options) ?? foreignOutput(options, fileSystem)",
     "let problem = foreignOutput(options, fileSystem)", "DiagnosticExactTests"),
    ("write-error-ignored", "write", CORE + "Write/DiskOutput.swift",
     "if errno == EINTR { continue }", "if errno == EINTR || true { offset = bytes.count; continue }", "WriteFailureTests"),
    ("write-mkdir-error-ignored", "write", CORE + "Write/DiskOutput.swift",
     "if system.mkdir(path, 0o777) != 0, errno != EEXIST {", "if system.mkdir(path, 0o777) != 0, errno != EEXIST, false {",
     "WriteFailureTests"),
    ("swap-over-a-file", "write", CORE + "Write/DiskOutput.swift",
     "if exists, !isDirectory.boolValue {", "if false, exists, !isDirectory.boolValue {", "WriteFailureTests"),
    # --- links -------------------------------------------------------------------------------
    ("link-broken", "link", CORE + "Link/LinkResolver.swift",
     "broken(\"broken-link\", \"link to '\\(destination)': \\(missingPlace(", "_ = (\"broken-link\", \"link to '\\(destination)': \\(missingPlace(",
     "LinkTests|BrokenHandbookTests"),
    ("link-anchor", "link", CORE + "Link/LinkResolver.swift",
     "guard !anchors.contains(anchor), !Self.pageAnchors.contains(anchor) else { return nil }", "return nil",
     "LinkTests|BrokenHandbookTests"),
    ("link-repository-file", "link", CORE + "Link/LinkResolver.swift",
     "guard fileSystem.isFile(absolute) || fileSystem.isDirectory(absolute) else {", "guard true else {",
     "LinkTests|BrokenHandbookTests"),
    ("link-scheme-allow-list", "link", CORE + "Link/LinkResolver.swift",
     '.contains { lowered.hasPrefix($0) }\n        default: return false', '.contains { lowered.hasPrefix($0) }\n        default: return true',
     "URLSchemeTests|HostileInputTests|MarkdownTests"),
    ("links-pattern-scheme", "load", CORE + "Load/RepositoryLinks.swift",
     "guard isWebAddress(value.value) else {", "guard true else {", "URLSchemeTests|DiagnosticExactTests"),
    ("link-relative-url", "link", CORE + "Link/LinkResolver.swift",
     "let url = pagePath == document.outputPath ? \"\" : Path.relativeURL(from: document.outputPath, to: pagePath)",
     "let url = pagePath == document.outputPath ? \"\" : pagePath", "LinkTests|OutputTests"),
    ("percent-decode-hex", "link", CORE + "Support/URLEncoding.swift",
     'case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10',
     'case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 10', "PathArithmeticTests"),
    # --- records: status and date parsing, the check stage -------------------------------------
    ("status-lowercased", "parse", CORE + "Support/DateText.swift",
     "let lowered = cleaned.lowercased()", "let lowered = cleaned", "DecisionTests|RecordFormatTests|RealLogTests"),
    ("status-word-boundary", "parse", CORE + "Support/DateText.swift",
     "if after == nil || !(after!.isLetter) { return (status, true) }", "return (status, true)",
     "DecisionTests|RecordFormatTests|RealLogTests"),
    ("date-day-range", "parse", CORE + "Support/DateText.swift",
     "year >= 1900, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }\n        let rest",
     "year >= 1900, (1...12).contains(month) else { return nil }\n        let rest", "DateTextTests|DecisionTests|BrokenHandbookTests"),
    ("date-leap-century", "parse", CORE + "Support/DateText.swift",
     "case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28",
     "case 2: return year % 4 == 0 ? 29 : 28", "DateTextTests"),
    ("check-future-date", "check", CORE + "Check/CheckStage.swift",
     "if let date = record.date, date > options.today,", "if let date = record.date, date >= options.today,",
     "DiagnosticExactTests"),
    ("check-successor-status", "check", CORE + "Check/CheckStage.swift",
     'if !relations.supersededBy.isEmpty, record.status != "superseded", record.status != "deprecated",',
     'if !relations.supersededBy.isEmpty, record.status != "deprecated",', "DiagnosticExactTests|DecisionTests|GoldenTests"),
    ("check-review-overdue", "check", CORE + "Check/CheckStage.swift",
     "reviewBy.value < options.today,", "reviewBy.value <= options.today,", "DecisionTests|DiagnosticExactTests"),
    # --- git parsing ---------------------------------------------------------------------------
    ("git-merge-pr", "governance", CORE + "Governance/Commit.swift",
     'return Int(subject.dropFirst("Merge pull request #".count).prefix { $0.isASCII && $0.isNumber })', "return nil",
     "PullRequestParsingTests|GitHistoryTests|GoldenTests"),
    ("git-log-first-file", "governance", CORE + "Governance/Commit.swift",
     'if files.isEmpty, name.hasPrefix("\\n") { name.removeFirst() }', "", "GitParsingTests|GitHistoryTests"),
    ("git-hash-checked", "governance", CORE + "Governance/Commit.swift",
     "guard isHash(header[0]), isHash(header[1]), header[0].hasPrefix(header[1]), isDate(header[2]) else { continue }",
     "guard isDate(header[2]) else { continue }", "GitParsingTests"),
    ("git-rename-order", "review", CORE + "Review/ChangedFile.swift",
     "files.append(ChangedFile(path: fields[index + 2], status: status, previous: fields[index + 1]))",
     "files.append(ChangedFile(path: fields[index + 1], status: status, previous: fields[index + 2]))", "ReviewTests|GitHistoryTests"),
    ("git-status-deleted", "review", CORE + "Review/ChangedFile.swift",
     'case "D": return .deleted', 'case "D": return .modified', "ReviewTests|GitHistoryTests|GitParsingTests"),
    # --- contracts: the sunset policy and the manifest ---------------------------------------
    ("sunset-policy-off", "contracts", CORE + "Contracts/Diff/OperationDiff.swift",
     "guard options.sunsetPolicy, deprecated else { return nil }", "guard deprecated else { return nil }",
     "ContractRuleLevelTests|ContractRuleCoverageTests"),
    ("sunset-date-compared", "contracts", CORE + "Contracts/Diff/OperationDiff.swift",
     "if let sunset, sunset > today {", "if let sunset, sunset < today {", "ContractRuleLevelTests|ContractRuleCoverageTests"),
    ("manifest-no-spec", "contracts", CORE + "Contracts/Manifest/ContractManifestReader.swift",
     "        guard let spec = reader.string(node, \"spec\") else {\n            diagnostics.error(",
     "        guard let spec = reader.string(node, \"spec\") else {\n            _ = (",
     "ContractDiagnosticExactTests|ContractPipelineTests|DiagnosticExactTests"),
    ("manifest-no-title", "contracts", CORE + "Contracts/Manifest/ContractManifestReader.swift",
     "        if title == nil {\n", "        if title == nil && false {\n",
     "ContractDiagnosticExactTests|ContractPipelineTests|DiagnosticExactTests"),
    ("manifest-sunset-policy-ignored", "contracts", CORE + "Contracts/Manifest/ContractManifestReader.swift",
     "contract.diffOptions.sunsetPolicy = flag", "_ = flag", "ContractPipelineTests|ContractDiagnosticExactTests"),
    ("manifest-compatibility-ignored", "contracts", CORE + "Contracts/Manifest/ContractManifestReader.swift",
     "contract.diffOptions.compatibility = compatibility", "_ = compatibility", "ContractPipelineTests|ContractDiagnosticExactTests"),
    # --- hostile input ---------------------------------------------------------------------------
    ("confine-read", "load", CORE + "Support/ConfinedFileSystem.swift",
     "guard Path.relative(real, to: root) != nil else {\n            throw FileSystemError(path: path, reason: \"is a link to",
     "guard true else {\n            throw FileSystemError(path: path, reason: \"is a link to", "ConfinementTests"),
    ("confine-content-folder", "load", CORE + "Support/ConfinedFileSystem.swift",
     "return Path.relative(real, to: root) == nil ? real : nil", "return nil", "ConfinementTests"),
    ("regex-budget", "governance", CORE + "Governance/BoundedRegex.swift",
     "            if reports > limit {", "            if reports > limit * 1000 {", "BoundedRegexTests"),
    # --- relations and search -------------------------------------------------------------------
    ("relation-superseded-by", "link", CORE + "Link/LinkStage.swift",
     "relations[edge.to].supersededBy.append(edge.from)", "", "RelationGraphTests|DecisionTests"),
    ("relation-amended-by", "link", CORE + "Link/LinkStage.swift",
     "relations[edge.to].amendedBy.append(edge.from)", "", "RelationGraphTests|DecisionTests"),
    ("search-camel-parts", "render", CORE + "Render/SearchIndex.swift",
     "if parts > 0 { body(UnsafeBufferPointer(rebasing: lowered[(partStart - start)..<(end - start)])) }", "",
     "SearchIndexTests"),
    ("spec-index-bypassed", "contracts", CORE + "Contracts/Spec/SpecDocument.swift",
     "if let hit = index[pointer] {", "if false, let hit = index[pointer] {", "SchemaDepthTests"),
    # --- serve: the path guard (the end-to-end test runs the built binary) ---------------------
    ("serve-same-problems-resent", "serve", "Sources/HandbookServer/LiveReload.swift",
     "            if wasBroken, key == lastProblems {", "            if false, wasBroken, key == lastProblems {", "editReloadBreakShowDiagnosticsFix"),
    ("serve-rename-close-twice", "serve", CORE + "Serve/WatchBatch.swift",
     "let bytes = read(path), bytes == echo.bytes {", "let bytes = read(path), bytes == echo.bytes, path.isEmpty {",
     "theCloseOfAFileRenamedIntoPlaceIsNotASecondSave|aSaveClosedAfterItsRenameIsOneRebuild"),
    ("serve-dotdot", "serve", "Sources/HandbookServer/SiteFiles.swift",
     'if decoded == "." || decoded == ".." || decoded.unicodeScalars', 'if decoded == "." || decoded.unicodeScalars',
     "traversalInEveryEncodingIsNotFound"),
    ("serve-symlink-out", "serve", "Sources/HandbookServer/SiteFiles.swift",
     'guard let real = Self.realPath(joined), real == root || real.hasPrefix(root + "/") else { return .notFound }',
     "guard let real = Self.realPath(joined) else { return .notFound }", "traversalInEveryEncodingIsNotFound"),
    ("serve-absolute-url", "serve", "Sources/HandbookServer/RequestTargetGuard.swift",
     'if case .head(var head) = part, !head.uri.hasPrefix("/") || head.uri.hasPrefix("//") {',
     'if case .head(var head) = part, head.uri.hasPrefix("//") {', "traversalInEveryEncodingIsNotFound"),
    # --- the write stage: what the swap leaves behind ------------------------------------------
    ("swap-old-kept", "write", CORE + "Write/DiskOutput.swift",
     "        try? FileManager.default.removeItem(atPath: path)\n    }", "    }",
     "WriteFailureTests|OutputTests|SelfHealingOutputTests"),
    ("swap-old-kept-by-serve", "write", CORE + "Write/DiskOutput.swift",
     "                removeLater(aside)\n", "", "IncrementalBuildTests"),
    # --- serve --poll: what a stamp cannot show ----------------------------------------------------
    ("poll-change-time", "serve", CORE + "Support/PollingSnapshot.swift",
     "Int64(changed.tv_sec), Int64(changed.tv_nsec)])", "0, 0])", "PollingSnapshotTests"),
    ("poll-racy-contents", "serve", CORE + "Support/PollingSnapshot.swift",
     " || (old.racy && old.contents != entry.contents)", "", "PollingSnapshotTests"),
    # --- a repository's images shown by a page are copied ----------------------------------------
    ("root-link", "link", CORE + "Link/LinkResolver.swift",
     "            if let resolved = resolveRootLink(destination, in: document, at: location, isImage: isImage) { return resolved }\n", "",
     "RootLinkTests"),
    ("repository-image-copied", "link", CORE + "Link/LinkStage.swift",
     "where copied.insert(image.path).inserted { assetList.append(image) }", "where copied.insert(image.path).inserted { }",
     "RepositoryImageTests"),
    ("repository-image-body-edit", "serve", CORE + "Serve/BodyEdit.swift",
     "if resolver.repositoryImages(in: document).contains(where: { !last.resolverMaps.assets.contains($0.path) }) { return false }", "",
     "RepositoryImageTests"),
    ("image-not-regular-file", "link", CORE + "Link/LinkResolver.swift",
     "return fileSystem.isRegularFile(target) ? nil : (target, false)", "return nil",
     "ConfinementTests"),
    # --- text that is not UTF-8 is located; older JSON Schema drafts are read as written ------------
    ("utf8-error-located", "load", CORE + "Support/InvalidUTF8.swift",
     "SourceLocation(file: file, line: invalid.line, column: invalid.column)", "SourceLocation(file: file, line: 1, column: 1)",
     "HostileInputTests"),
    ("draft-04-read-as-written", "contracts", CORE + "Contracts/Spec/SpecDocument.swift",
     'static let dialects = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"]', 'static let dialects = ["draft-07", "2019-09", "2020-12"]',
     "ContractSpecTests"),
    ("contracts-natural-order", "contracts", CORE + "Contracts/Stage/ContractStage.swift",
     "return contracts.sorted { NaturalOrder.less($0.slug, $1.slug) }", "return contracts.sorted { $0.slug < $1.slug }",
     "NaturalOrderTests"),
    ("log4brains-workflow-drawing", "link", CORE + "Link/LinkResolver.swift",
     "return Path.relativeURL(from: document.outputPath, to: Self.workflowDrawing)", "return destination",
     "RootLinkTests"),
    ("workflow-drawing-body-edit", "serve", CORE + "Serve/BodyEdit.swift",
     "!= handbook.hrefs[edit.index].contains(where: Handbook.isWorkflowDrawing) { return false }",
     "!= handbook.hrefs[edit.index].contains(where: Handbook.isWorkflowDrawing) { }",
     "RootLinkTests"),

    # --- real logs read as written (session 9's probe; LogConventionTests) ----------------
    ("link-destination-escapes", "parse", CORE + "Parse/RecordHeader.swift",
     'if character == "\\\\", index + 1 < characters.count, isEscapable(characters[index + 1]) {',
     'if false, character == "\\\\", index + 1 < characters.count, isEscapable(characters[index + 1]) {', "LogConventionTests"),
    ("retired-statuses-in-force", "parse", CORE + "Support/DateText.swift",
     '|| lowered == "rejected" || retired.contains(lowered)', '|| lowered == "rejected"', "LogConventionTests"),
    ("moved-anchor-none", "link", CORE + "Link/LinkResolver.swift",
     "if let moved = Self.movedAnchor(anchor, in: page) { return moved }", "",
     "LogConventionTests"),
    ("status-guidance-kept", "parse", CORE + "Parse/RecordHeader.swift",
     "if Self.isGuidance(line) || Self.isPlaceholder(line) || Self.isPlaceholder(trimmed) { continue }", "", "LogConventionTests"),
    ("status-quoted-note-kept", "parse", CORE + "Parse/RecordHeader.swift",
     "                    if quotedNote { continue }", "", "LogConventionTests"),
    ("anchor-case-strict", "link", CORE + "Link/LinkResolver.swift",
     "        if lowered != anchor {", "        if false, lowered != anchor {", "LogConventionTests"),
    ("content-folder-files-broken", "link", CORE + "Link/LinkResolver.swift",
     "           fileSystem.isFile(realTrimmed) || fileSystem.isDirectory(realTrimmed) || fileSystem.isFile(realTrimmed + \".md\") {",
     "           fileSystem.isFile(realTrimmed) || fileSystem.isDirectory(realTrimmed) || fileSystem.isFile(realTrimmed + \".md\"), !realTrimmed.hasPrefix(options.contentDirectory + \"/\") {",
     "LogConventionTests"),
    ("extensionless-repository-file-broken", "link", CORE + "Link/LinkResolver.swift",
     "           Path.relative(absolute, to: rootDirectory) != nil, fileSystem.isFile(absolute + \".md\") {",
     "           false, fileSystem.isFile(absolute + \".md\") {", "LogConventionTests"),
    ("month-without-day-unread", "parse", CORE + "Parse/DecisionReader.swift",
     "        if let first = DateText.readMonth(trimmed) {", "        if false, let first = DateText.readMonth(trimmed) {", "LogConventionTests"),
    ("status-sentence-kept", "parse", CORE + "Parse/RecordHeader.swift",
     'header.statusProse = line.split(separator: " ").count >= 8', "header.statusProse = false", "LogConventionTests"),
    ("unknown-status-case-kept", "parse", CORE + "Support/DateText.swift",
     "        return (lowered, false)\n    }", "        return (cleaned, false)\n    }", "LogConventionTests"),
    ("header-table-ignored", "parse", CORE + "Parse/RecordHeader.swift",
     "guard cells.count == 2 else { return nil }", "return nil", "LogConventionTests"),
    ("template-brace-placeholders", "load", CORE + "Scaffold/LogTemplate.swift",
     'if template.contains("{") {', 'if false, template.contains("{") {', "LogConventionTests"),
    ("other-language-names", "parse", CORE + "Parse/RecordHeader.swift",
     "static func hashedEnglishName(_ name: String) -> String { frenchNames[name] ?? otherNames[name] ?? name }",
     "static func hashedEnglishName(_ name: String) -> String { frenchNames[name] ?? name }", "LogConventionTests"),
    ("other-language-ascii-names", "parse", CORE + "Parse/RecordHeader.swift",
     "        for table in [frenchNames, otherNames] {", "        for table in [frenchNames] {", "LogConventionTests"),
    ("french-log-no-skeleton", "load", CORE + "Scaffold/RecordSkeleton.swift",
     "if let name = fieldName(trimmed, frontMatter: inFrontMatter), RecordHeader.frenchNames[name] != nil { return true }", "",
     "NewRecordTests"),
    # --- ADR-0050: the shape fold's shortcuts, links' URLs and edit links by bytes ----------------
    ("fold-rows-held-shallow", "render", CORE + "Render/ViewShape.swift",
     "guard let existing = table.find(key), existing.contains(field) else { return false }",
     "guard table.find(key) != nil else { return false }", "ShapeAccumulatorTests"),
    ("fold-rows-held-kindless", "render", CORE + "Render/ViewShape.swift",
     "            return first != nil && (Mustache.Value.inline(value, as: [String].self).isEmpty || element != nil)",
     "            return Mustache.Value.inline(value, as: [String].self).isEmpty || element != nil", "ShapeAccumulatorTests"),
    ("field-bits-unchecked", "render", CORE + "Render/ViewShape.swift",
     "if keyBits[position] == bits { return values[position] }", "if keyBits[position].0 == bits.0 { return values[position] }",
     "ShapeAccumulatorTests"),
    ("field-bits-only", "render", CORE + "Render/ViewShape.swift",
     "if let index { return index[key].map { values[$0] } }",
     "if Self.bitsUsable, !byBits.isEmpty { return nil }; if let index { return index[key].map { values[$0] } }",
     "ShapeAccumulatorTests"),
    # --- ADR-0060: the template check's fold settles early ------------------------------------
    ("settle-dotted-as-plain", "render", CORE + "Render/ShapeSettling.swift",
     "found: plain ? frames[index].image : pin,", "found: frames[index].image,", "ShapeSettlingTests"),
    ("settle-value-section-unguarded", "render", CORE + "Render/ShapeSettling.swift",
     "innerTop = found.pin.map { $0 + [.scalar(found.path)] }", "innerTop = found.pin", "ShapeSettlingTests"),
    ("settle-no-fold-again", "render", CORE + "Render/RenderStage.swift",
     "return unsettled.isEmpty ? joined.shapes : folded(unsettled, runs: runs, into: joined.shapes)",
     "return joined.shapes", "ShapeSettlingTests"),
    ("attribute-url-space", "render", CORE + "Render/LinkFiller.swift",
     "byte < 0x21 || byte == UInt8(ascii: \"&\")", "byte < 0x20 || byte == UInt8(ascii: \"&\")", "SpeedEquivalenceTests"),
    ("edit-url-letters", "render", CORE + "Render/ViewModels+Governance.swift",
     'for (offset, letter) in "edit".utf8.enumerated()', 'for (offset, letter) in "edjt".utf8.enumerated()', "SpeedEquivalenceTests"),
    ("tag-page-index", "render", CORE + "Render/ViewModels+Tags.swift",
     'path.elementsEqual("tags/index".utf8)', 'path.elementsEqual("tags/indx".utf8)', "SpeedEquivalenceTests"),
    # --- ADR-0048: shortcuts of the governance rows, the search words, handbook.json's files ------
    ("governance-rows-any-link", "render", CORE + "Render/ViewModels+Governance.swift",
     "let key = GovernanceRows.Key(index: index, url: url)", 'let key = GovernanceRows.Key(index: index, url: "")',
     "SpeedEquivalenceTests"),
    ("search-last-entry-kept", "render", CORE + "Render/SearchIndex.swift",
     "                        term.pointee.last = entry\n                        appendPair(UInt64(found &- 1)",
     "                        appendPair(UInt64(found &- 1)", "SpeedEquivalenceTests"),
    ("search-last-entry-kept-long", "render", CORE + "Render/SearchIndex.swift",
     "                        term.pointee.last = entry\n                        appendPair(UInt64(found - 1)",
     "                        appendPair(UInt64(found - 1)", "SpeedEquivalenceTests"),
    ("search-word-byte-brace", "render", CORE + "Render/SearchIndex.swift",
     "b >= 0x80 || b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26", "b >= 0x80 || b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 27",
     "SpeedEquivalenceTests"),
    ("json-files-block-first", "render", CORE + "Render/HandbookJSON.swift",
     "first: position == 0)", "first: position == start)", "SpeedEquivalenceTests"),
    # --- ADR-0057: the serial phases, made parallel or cheaper -------------------------------------
    ("diag-order-line-ignored", "diagnostics", CORE + "Diagnostics/Diagnostic.swift",
     "if a.line != b.line { return a.line < b.line }", "", "DiagnosticsAtTheEndTests"),
    ("diag-text-blocks-reversed", "diagnostics", CORE + "Diagnostics/DiagnosticFormatter.swift",
     "for part in texts { text += part }", "for part in texts.reversed() { text += part }", "DiagnosticsAtTheEndTests"),
    ("terminal-text-del-printable", "diagnostics", CORE + "Diagnostics/TerminalText.swift",
     "bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }", "bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7F }", "DiagnosticsAtTheEndTests"),
    ("governance-beside-unwaited", "link", CORE + "Link/LinkStage.swift",
     "let governance = governanceWork?.wait() ?? (", "let governance = governanceWork.map { _ in GovernanceGraph() } ?? (",
     "GovernanceBesideTests"),
    ("check-first-block-skipped", "check", CORE + "Check/CheckStage.swift",
     "/ block) { number in", "/ block) { number in guard number > 0 else { return };", "GovernanceBesideTests"),
    ("tags-page-any-tag", "render", CORE + "Render/ViewModels+Tags.swift",
     "if ascii { pages[tag] = page }", "pages[tag] = page", "RenderSerialPartsTests"),
    ("tags-page-lookup-any-tag", "render", CORE + "Render/ViewModels+Tags.swift",
     "if ascii, let known = pages[tag] {", "if let known = pages[tag] {", "RenderSerialPartsTests"),
    ("postings-comma-per-block", "render", CORE + "Render/SearchIndex.swift",
     "out += number == 0 ? [0x22] : [0x2C, 0x22]", "out += number == first ? [0x22] : [0x2C, 0x22]", "RenderSerialPartsTests"),
    ("late-runs-one-twice", "render", CORE + "Render/RenderStage.swift",
     "let order = Array(late..<runs.count) + Array(0..<late)", "let order = Array(late..<runs.count) + Array(0..<late).map { $0 == 0 && late > 1 ? 1 : $0 }",
     "RenderSerialPartsTests"),
    # --- ADR-0051: the search words' table and hashes, block texts, escapes, base 36, front matter ---
    ("search-hash-unfolded", "render", CORE + "Render/SearchIndex.swift",
     "key: Table.key(lower, length: length), hash: Postings.mix(Postings.seed, lower), entry: entry)",
     "key: Table.key(lower, length: length), hash: Postings.mix(Postings.seed, word), entry: entry)",
     "SpeedEquivalenceTests"),
    ("search-terms-ascii-order", "render", CORE + "Render/SearchIndex.swift",
     "if order != 0 { return order < 0 }", "if order != 0 { return order > 0 }",
     "SearchTermsSortedTests"),
    ("search-blocks-space", "render", CORE + "Render/SearchIndex.swift",
     "if position > 0 { escaped.append(0x20) }", "", "SpeedEquivalenceTests"),
    ("search-base36-one-digit", "render", CORE + "Render/SearchIndex.swift",
     "guard number >= 36 else {", "guard number >= 37 else {", "SpeedEquivalenceTests"),
    # --- ADR-0061: a text's words looked up in one loop, in the postings table's own memory ------------
    ("search-loop-camel-last-part", "render", CORE + "Render/SearchIndex.swift",
     "                    add(lowered + partStart, length - partStart, hash: Postings.hash(part), entry: entry)", "",
     "SearchPostingsLoopTests"),
    ("search-same-tail-unread", "render", CORE + "Render/SearchIndex.swift",
     "                        && x.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)", "",
     "SearchPostingsLoopTests"),
    ("search-table-shared-changed", "render", CORE + "Render/SearchIndex.swift",
     "            if !isKnownUniquelyReferenced(&table) { table = table.copy() }", "", "SearchPostingsLoopTests"),
    ("search-loop-long-word-kept", "render", CORE + "Render/SearchIndex.swift",
     "                guard length <= SearchIndex.maxTokenLength else { return at }", "", "SearchPostingsLoopTests"),
    # --- ADR-0071: the joined postings as pairs, ASCII terms sorted by bytes, document rows ----------
    ("search-terms-ascii-twin", "render", CORE + "Render/SearchIndex.swift",
     "guard !Self.normalizesToASCII(bytes) else { return sortedAsStrings(list) }", "", "SearchTermsSortedTests"),
    ("search-lists-entry-start", "render", CORE + "Render/SearchIndex.swift",
     "nextStart = k + 1 < entryStarts.count ? entryStarts[k + 1].start : count",
     "nextStart = k + 1 < entryStarts.count ? entryStarts[k + 1].start - 1 : count", "SearchTermsSortedTests"),
    ("search-pairs-block-continued", "render", CORE + "Render/SearchIndex.swift",
     "out[filled + k] = numbers[Int(pair >> 32)]", "out[k] = numbers[Int(pair >> 32)]", "WholeSiteFilesEightBytesTests"),
    ("search-document-part-owner", "render", CORE + "Render/SearchIndex.swift",
     "        if let owner = landmine?.owner { key(owner) }\n", "", "SearchDocumentPartTests"),
    # --- ADR-0071: the words' bytes read eight at a time ---------------------------------------------
    ("search-chunk-brace-letter", "render", CORE + "Render/SearchIndex.swift",
     "let letters = (folded &+ each(0x80 - 0x61)) & ~(folded &+ each(0x7F - 0x7A))",
     "let letters = (folded &+ each(0x80 - 0x61)) & ~(folded &+ each(0x7F - 0x7B))", "SearchPostingsLoopTests"),
    ("search-chunk-long-tail-unmasked", "render", CORE + "Render/SearchIndex.swift",
     "                        chunk &= words\n", "", "SearchPostingsLoopTests"),
    # --- ADR-0076: handbook.json's strings eight bytes at a time, short words by their key ----------
    ("search-short-key-length", "render", CORE + "Render/SearchIndex.swift",
     "bytes | UInt64(truncatingIfNeeded: length) &<< 56", "bytes", "WholeSiteFilesEightBytesTests"),
    ("search-short-key-bytes", "render", CORE + "Render/SearchIndex.swift",
     "for i in 0..<count { bytes |= UInt64(word[i]) &<< UInt64(8 * i) }", "for i in 0..<min(count, 4) { bytes |= UInt64(word[i]) &<< UInt64(8 * i) }",
     "SearchPostingsLoopTests"),
    ("json-scan-quote", "render", CORE + "Support/JSONWriter.swift",
     "return (control | quotes | backslashes) & high", "return (control | backslashes) & high", "WholeSiteFilesEightBytesTests"),
    ("json-scan-tail", "render", CORE + "Support/JSONWriter.swift",
     "} else if !Self.needsEscape(base[index]) {", "} else if base[index] != 0x22 {", "WholeSiteFilesEightBytesTests"),
    ("json-escape-table", "render", CORE + "Render/ViewModels+Tags.swift",
     "table[value] = needsEscape(UInt8(value)) ? 1 : 0", "table[value] = value < 0x20 || value == 0x22 ? 1 : 0",
     "SpeedEquivalenceTests"),
    ("json-fields-later-value", "render", CORE + "Render/HandbookJSON.swift",
     "                values[earlier] = entry.value", "", "SpeedEquivalenceTests"),
    # --- ADR-0067: the parse stage's work around cmark-gfm -----------------------------------
    ("anchor-list-unlooked", "parse", "Sources/HandbookMarkdown/AnchorAllocator.swift",
     "        return takenList.contains(anchor)", "        return false", "ParseAroundCmarkTests"),
    ("box-anchor-offset-kept", "parse", "Sources/HandbookMarkdown/MarkdownParser.swift",
     "index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) - anchor",
     "index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))", "ParseAroundCmarkTests"),
    ("iso-date-any-day", "parse", CORE + "Support/DateText.swift",
     "return year >= 1900 && (1...12).contains(month) && (1...daysIn(month: month, year: year)).contains(day)",
     "return year >= 1900 && (1...12).contains(month) && (1...31).contains(day)", "ParseAroundCmarkTests"),
    # --- ADR-0073: the arena in C, the plain YAML's ASCII mask ----------------------------------
    ("arena-move-short", "parse", "Sources/CArena/arena.c",
     "    memcpy(moved, pointer, old);", "    memcpy(moved, pointer, old - 8);", "arenaParsesAsTheLibraryAllocatorParses"),
    ("arena-shared-by-threads", "parse", "Sources/CArena/arena.c",
     "static _Thread_local struct arena arena;", "static struct arena arena;", "everyThreadHasAnArenaOfItsOwn"),
    ("plain-yaml-mask-at-sign", "load", CORE + "Load/PlainYAML.swift",
     "plainMaskHigh: UInt64 = 0x47FF_FFFE_EFFF_FFFE", "plainMaskHigh: UInt64 = 0x47FF_FFFE_EFFF_FFFF", "PlainYAMLTests"),
    # --- ADR-0074: the parse stage around cmark-gfm, again ----------------------------------------
    ("placeholder-bytes-digit", "parse", "Sources/HandbookMarkdown/MarkdownParser.swift",
     'buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)',
     'buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10) &+ (value >= 1_000 ? 1 : 0)',
     "ParseAroundCmarkTests"),
    ("block-buffer-grown-half", "parse", "Sources/HandbookMarkdown/MarkdownParser.swift",
     "grown.copyMemory(from: base, byteCount: count)", "grown.copyMemory(from: base, byteCount: count / 2)",
     "ParseAroundCmarkTests"),
    ("labelled-box-before-mark", "parse", "Sources/HandbookMarkdown/MarkdownParser.swift",
     "            if end < bytes.count, bytes[end] >= 0x80 { return nil }", "", "ParseAroundCmarkTests"),
    ("french-key-last", "parse", CORE + "Parse/DecisionReader.swift",
     "return french.first { sketch?.lacks(bit: $0.bit) != true", "return french.last { sketch?.lacks(bit: $0.bit) != true",
     "ParseAroundCmarkTests"),
    # --- ADR-0066: names looked up at the bucket where they were last found ----------------------------
    ("lookup-hint-row-unmarked", "render", CORE + "Render/MustacheRenderer.swift",
     "                        if !open.isEmpty { self.found(at: frame) }\n                        return Value(at: value, types: types)",
     "                        return Value(at: value, types: types)", "hintedLookUpsAsPlain"),
    # --- ADR-0072: the engine's own page bytes, partials found once, rows shared by folder,
    # --- made rows folded by shape ---------------------------------------------------------
    ("page-html-lt", "render", CORE + "Render/MustacheRenderer.swift",
     'case UInt8(ascii: "<"): append(escape: "&lt;")', 'case UInt8(ascii: "<"): append(escape: "&gt;")', "MustacheEngineTests"),
    ("page-html-quot", "render", CORE + "Render/MustacheRenderer.swift",
     'case UInt8(ascii: "\\""): append(escape: "&quot;")', "", "MustacheEngineTests"),
    ("partials-resolved-once", "render", CORE + "Render/MustacheRenderer.swift",
     "            compiled[name] = Ops(nodes, numbering: &numbering)\n            resolvePartials()",
     "            compiled[name] = Ops(nodes, numbering: &numbering)\n            if partials.isEmpty { resolvePartials() }",
     "MustacheEngineTests"),
    ("section-null-truthy", "render", CORE + "Render/MustacheRenderer.swift",
     "                case .null:\n                    if op.inverted { render(nodes) }",
     "                case .null:\n                    if !op.inverted { render(nodes) }", "MustacheEngineTests"),
    ("summary-shapes-untagged", "render", CORE + "Render/ViewModels.swift",
     "| (documents[index].decision!.tags.isEmpty ? 0 : 2)", "", "ShapeAccumulatorTests"),
    ("timeline-rows-any-folder", "render", CORE + "Render/ViewModels+Sidebar.swift",
     "if let last, last.folder == folder { return last.table }", "if let last { return last.table }", "SidebarTests"),
    ("tag-links-any-folder", "render", CORE + "Render/ViewModels+Tags.swift",
     "let links = tagPages.links(folder)", 'let links = tagPages.links("")', "RowKeysTests"),
    ("lookup-hint-key-unchecked", "render", CORE + "Render/LookupHints.swift",
     "        guard sameBits(keys + bucket, key) || keys[bucket] == key else { return nil }\n", "", "hintedLookUpsAsPlain"),
]


def run(command, cwd, **kwargs):
    return subprocess.run(command, cwd=cwd, text=True, capture_output=True, **kwargs)


def can_borrow_path():
    """Root with unshare(1): the scratch copy can be mounted over the repository's own path in a
    private mount namespace, so the copied .build (whose records hold absolute paths) stays valid
    and each mutation is an incremental build instead of a cold one."""
    if os.environ.get("MUTANTS_NO_NAMESPACE") or os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    return probe.returncode == 0


def prepare_scratch(scratch, borrow):
    """`scratch` holds the repository's committed files (and, when borrowing the path, its .build),
    copied with their times kept, so what did not change is not rebuilt."""
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no"], REPO).stdout.strip()
    if dirty:
        sys.exit(f"commit first: the mutations apply to the committed code, and these files differ:\n{dirty}")
    skipped = {".build-coverage", ".build-dist", "public", "dist"} | (set() if borrow else {".build"})
    sync(REPO, scratch, skipped)


def sync(source, target, skipped_at_top):
    """Makes `target` a copy of `source` (times kept; files whose size and time match are not
    copied again; what `source` lacks is removed), leaving out the top-level names in `skipped_at_top`."""
    target.mkdir(parents=True, exist_ok=True)
    for folder, folders, files in os.walk(source):
        here = pathlib.Path(folder)
        relative = here.relative_to(source)
        if relative == pathlib.Path("."):
            folders[:] = [f for f in folders if f not in skipped_at_top]
            files = [f for f in files if f not in skipped_at_top]
        destination = target / relative
        # A file or link where a folder is now (the scratch copy of a worktree has a `.git` file,
        # the repository's own a `.git` folder): replaced, not an error.
        if destination.is_symlink() or (destination.exists() and not destination.is_dir()):
            destination.unlink()
        destination.mkdir(exist_ok=True)
        wanted = set(folders) | set(files)
        for existing in os.listdir(destination):
            if existing not in wanted and not (relative == pathlib.Path(".") and existing in skipped_at_top):
                path = destination / existing
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
        if relative == pathlib.Path(".build"):
            files = [f for f in files if f != ".lock"]
        for name in files + [f for f in folders if (here / f).is_symlink()]:
            origin, copy = here / name, destination / name
            info = origin.lstat()
            if copy.is_symlink() or copy.exists():
                mine = copy.lstat()
                if mine.st_size == info.st_size and mine.st_mtime_ns == info.st_mtime_ns and copy.is_symlink() == origin.is_symlink():
                    continue
                if copy.is_dir() and not copy.is_symlink():
                    shutil.rmtree(copy)
                else:
                    copy.unlink()
            if origin.is_symlink():
                os.symlink(os.readlink(origin), copy)
            else:
                shutil.copy2(origin, copy)
        folders[:] = [f for f in folders if not (here / f).is_symlink()]


def in_scratch(command, scratch, borrow):
    """The command, run in the scratch copy (seen at the repository's path when borrowing it)."""
    if not borrow:
        return command, scratch
    script = 'mount --bind "$1" "$2" && cd "$2" && shift 2 && exec "$@"'
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "mutants", str(scratch), str(REPO), *command], REPO


ENVIRONMENT = dict(os.environ, HANDBOOK_COMMIT="mutant")  # one commit text: BuildInfo never recompiles


def build(scratch, borrow):
    started = time.time()
    command, cwd = in_scratch(["swift", "build", "--build-tests"], scratch, borrow)
    locked = ["flock", LOCK] if LOCK else []
    result = run([*locked, *command], cwd, env=ENVIRONMENT)
    return result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:], time.time() - started


# DOTALL: a parameterized test's argument may print over several lines.
ISSUE = re.compile(r"✘ Test (.*?) recorded an issue(.*?) at (\S+?\.swift:\d+:\d+)", re.DOTALL)


def test(scratch, borrow, filter_, timeout=900):
    """(exit status, the failures as (test, arguments, place), the output's end)."""
    command, cwd = in_scratch(["swift", "test", "--skip-build", "--filter", filter_], scratch, borrow)
    # A session of its own, so a timeout ends the whole tree (unshare, swift test, the test bundle):
    # subprocess.run's timeout alone kills only the first, and a looping test bundle ran on.
    process = subprocess.Popen(command, cwd=cwd, env=ENVIRONMENT, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return 124, set(), f"timed out after {timeout} s"
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    output = result.stdout + result.stderr
    failures = {match.groups() for match in ISSUE.finditer(output)}
    if result.returncode != 0 and not failures and "Test run with" not in output:
        failures = {("the test process", "", "crashed")}
    # An issue whose line could not be read (an argument holding a NUL, say) still counts.
    unread = output.count("recorded an issue") - len(failures)
    if result.returncode != 0 and unread > 0:
        failures.add((f"{unread} issues not read", "", "-"))
    return result.returncode, failures, output[-2000:]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated mutation ids")
    parser.add_argument("--list", action="store_true", help="print the mutations and exit")
    parser.add_argument("--check", action="store_true",
                        help="only check that each mutation's text is in its file exactly once (make test runs this)")
    parser.add_argument("--scratch", default=os.environ.get("MUTANTS_SCRATCH", "/tmp/handbook-mutants"))
    args = parser.parse_args()

    ids = [m[0] for m in MUTATIONS]
    assert len(ids) == len(set(ids)), "duplicate mutation ids"
    chosen = MUTATIONS
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - set(ids)
        if unknown:
            sys.exit(f"unknown mutation ids: {', '.join(sorted(unknown))}")
        # In the order given: the doubtful ones first when time is short.
        by_id = {m[0]: m for m in MUTATIONS}
        chosen = [by_id[ident] for ident in dict.fromkeys(args.only.split(","))]
    if args.check:
        # The code moves on (a speed change rewrote the JSON escaper's lines): a stale mutation is
        # caught by make test, not at the next mutation run.
        problems = []
        for ident, _, path, find, *_ in chosen:
            count = (REPO / path).read_text(encoding="utf-8").count(find)
            if count != 1:
                problems.append(f"{ident}: its text is {'not' if count == 0 else f'{count} times'} in {path}")
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"mutants: {len(chosen) - len(problems)} of {len(chosen)} mutations apply to the current code")
        sys.exit(1 if problems else 0)
    if args.list:
        for ident, stage, path, find, replace, filter_ in chosen:
            print(f"{ident:28} {stage:11} {path}\n    - {find!r}\n    + {replace!r}\n    tests: {filter_}")
        print(f"{len(chosen)} mutations")
        return 0

    scratch = pathlib.Path(args.scratch)
    borrow = can_borrow_path()
    prepare_scratch(scratch, borrow)
    head = run(["git", "rev-parse", "--short", "HEAD"], REPO).stdout.strip()
    print(f"scratch copy: {scratch} of HEAD {head}" + (f", built at {REPO} in a private mount namespace" if borrow else ""), flush=True)
    run_started = time.time()
    ok, log, seconds = build(scratch, borrow)
    if not ok:
        sys.exit(f"the unmutated copy does not build:\n{log}")
    print(f"baseline build: {seconds:.0f} s", flush=True)
    union = "|".join(sorted({f for m in chosen for f in m[5].split("|")}))
    status, known, log = test(scratch, borrow, union)
    if status != 0 and not known:
        sys.exit(f"the tests cannot run on the unmutated copy (filter {union}):\n{log}")
    if known:
        # Failing already (another change's work in progress): a mutation is killed by a failure beyond these.
        print(f"baseline: {len(known)} failures already, not counted:", flush=True)
        for name, arguments, place in sorted(known):
            print(f"    {name}{arguments} at {place}", flush=True)
    else:
        print("baseline tests pass", flush=True)

    rows = []
    for ident, stage, path, find, replace, filter_ in chosen:
        source = scratch / path
        original = source.read_text()
        count = original.count(find)
        started = time.time()
        if count != 1:
            rows.append((ident, stage, path, filter_, f"stale ({count} matches)", 0.0))
            print(f"{ident}: stale ({count} matches of its text)", flush=True)
            continue
        source.write_text(original.replace(find, replace, 1))
        try:
            ok, log, _ = build(scratch, borrow)
            if not ok:
                result = "stillborn"
            else:
                status, failures, log = test(scratch, borrow, filter_)
                new_failures = failures - known
                if status == 124:
                    result = "killed (timeout)"
                elif new_failures:
                    result = "killed"
                    first = sorted(new_failures)[0]
                    print(f"    by {first[0]}{first[1]} at {first[2]}" + (f" and {len(new_failures) - 1} more" if len(new_failures) > 1 else ""), flush=True)
                else:
                    result = "SURVIVED"
        finally:
            source.write_text(original)
        seconds = time.time() - started
        rows.append((ident, stage, path, filter_, result, seconds))
        print(f"{ident}: {result} ({seconds:.0f} s)", flush=True)
        if result == "stillborn":
            print(log, flush=True)

    killed = sum(1 for r in rows if r[4].startswith("killed"))
    print()
    print(f"| mutation | stage | file | tests | result | s |")
    print(f"| --- | --- | --- | --- | --- | ---: |")
    for ident, stage, path, filter_, result, seconds in rows:
        print(f"| {ident} | {stage} | {path.replace(CORE, '')} | {filter_} | {result} | {seconds:.0f} |")
    print()
    print(f"killed {killed} of {len(rows)} ({100 * killed / max(1, len(rows)):.0f}%) in {(time.time() - run_started) / 60:.0f} min, HEAD {head}")
    return 0 if killed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
