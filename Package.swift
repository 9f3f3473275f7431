// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Docket",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "docket", targets: ["docket"]),
        .library(name: "DocketKit", targets: ["DocketKit"]),
    ],
    targets: [
        .target(name: "DocketKit"),
        .executableTarget(name: "docket", dependencies: ["DocketKit"]),
        // Times the docket executable as a separate process; it links nothing of DocketKit.
        .executableTarget(name: "docket-bench"),
        .testTarget(
            name: "DocketKitTests",
            dependencies: ["DocketKit"],
            // Golden files and fixtures are read from the source tree by path, not as bundle resources.
            exclude: ["HeldOut/fixtures", "HeldOutPack", "Snapshots", "Speed/BenchShapes"]
        ),
    ]
)
