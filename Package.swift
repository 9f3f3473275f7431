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
        // Release builds of the executables are linked by the toolchain's lld, which links the
        // static Swift libraries (`--static-swift-stdlib`, see the README) without warnings.
        .executableTarget(
            name: "docket", dependencies: ["DocketKit"],
            linkerSettings: [.unsafeFlags(["-use-ld=lld"], .when(configuration: .release))]
        ),
        // Times the docket executable as a separate process; it links nothing of DocketKit.
        .executableTarget(
            name: "docket-bench",
            linkerSettings: [.unsafeFlags(["-use-ld=lld"], .when(configuration: .release))]
        ),
        .testTarget(
            name: "DocketKitTests",
            dependencies: ["DocketKit"],
            // Golden files and fixtures are read from the source tree by path, not as bundle resources.
            exclude: ["HeldOut/fixtures", "HeldOutPack", "Snapshots", "Speed/BenchShapes"]
        ),
    ]
)
