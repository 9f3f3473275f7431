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
        .executableTarget(name: "docket-bench", dependencies: ["DocketKit"]),
        .testTarget(
            name: "DocketKitTests",
            dependencies: ["DocketKit"],
            exclude: ["HeldOut/fixtures", "HeldOutPack"],
            resources: [.copy("Snapshots")]
        ),
    ]
)
