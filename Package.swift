// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "handbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "handbook", targets: ["handbook"]),
        .library(name: "HandbookCore", targets: ["HandbookCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `handbook serve` (issue 11): only the HandbookServer target uses these.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Property-based fuzz targets in the tests (issue 14): briefly in `make test`, longer in `make fuzz`.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // `handbook mcp` (issue 15): only the HandbookMCP target uses it.
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        // The C library, found through pkg-config. Only HandbookMarkdown imports it.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The per-thread arena cmark-gfm's memory comes from, in C for its thread-local storage
        // (ADR-0052, ADR-0073). It calls no cmark_* function.
        .target(name: "CArena"),
        // Every cmark_* call lives here, behind a small Swift API.
        .target(name: "HandbookMarkdown", dependencies: ["CCmarkGFM", "CArena"]),
        // glibc's malloc.h, which the Glibc module leaves out: the malloc arena limit (ADR-0063).
        .systemLibrary(name: "CMalloc"),
        // Reads templates/ and writes a Swift file embedding them (run by the EmbedTemplates plugin).
        .executableTarget(name: "embed-templates"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["embed-templates"]),
        // Writes the version (VERSION) and the git commit into the command line before every build.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        // The pipeline: everything testable.
        .target(
            name: "HandbookCore",
            dependencies: [
                "HandbookMarkdown",
                "CMalloc",
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedTemplates"]
        ),
        // The version and commit (`handbook --version`), generated before every build.
        .target(name: "HandbookVersion", plugins: ["BuildInfo"]),
        // `handbook serve`: the HTTP server, live reload and the file watcher. The core does not depend on it.
        .target(
            name: "HandbookServer",
            dependencies: [
                "HandbookCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `handbook mcp`: the Model Context Protocol server over stdio. The core does not depend on it.
        .target(
            name: "HandbookMCP",
            dependencies: [
                "HandbookCore",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        // The command line: argument parsing only.
        .executableTarget(
            name: "handbook",
            dependencies: [
                "HandbookCore",
                "HandbookServer",
                "HandbookMCP",
                "HandbookVersion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks on generated data (`swift run -c release handbook-bench globs`).
        .executableTarget(name: "handbook-bench", dependencies: ["HandbookCore"]),
        .testTarget(name: "HandbookCoreTests", dependencies: ["HandbookCore", "HandbookMarkdown",
                                                             .product(name: "PropertyBased", package: "swift-property-based")],
                    exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "HandbookEndToEndTests", dependencies: ["HandbookCore"]),
    ],
    swiftLanguageModes: [.v5]
)
