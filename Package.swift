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
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The C library, found through pkg-config. Only HandbookMarkdown imports it.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Every cmark_* call lives here, behind a small Swift API.
        .target(name: "HandbookMarkdown", dependencies: ["CCmarkGFM"]),
        // Reads templates/ and writes a Swift file embedding them (run by the EmbedTemplates plugin).
        .executableTarget(name: "embed-templates"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["embed-templates"]),
        // The pipeline: everything testable.
        .target(
            name: "HandbookCore",
            dependencies: [
                "HandbookMarkdown",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            plugins: ["EmbedTemplates"]
        ),
        // The command line: argument parsing only.
        .executableTarget(
            name: "handbook",
            dependencies: [
                "HandbookCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks on generated data (`swift run -c release handbook-bench globs`).
        .executableTarget(name: "handbook-bench", dependencies: ["HandbookCore"]),
        .testTarget(name: "HandbookCoreTests", dependencies: ["HandbookCore", "HandbookMarkdown"],
                    exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "HandbookEndToEndTests", dependencies: ["HandbookCore"]),
    ],
    swiftLanguageModes: [.v5]
)
