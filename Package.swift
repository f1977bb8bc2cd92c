// swift-tools-version:6.2
//===----------------------------------------------------------------------===//
//
// This source file is part of the ReactiveMessaging open source project
//
// Copyright (c) 2026 the ReactiveMessaging project authors
// Licensed under Apache License v2.0
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

import PackageDescription

/// Settings every target shares: Swift 6 mode, the strict upcoming features of the house style, and warnings as
/// errors (SwiftPM drops warning settings when this package is someone else's dependency).
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// An example program: an executable target in `Examples/<name>`, with the libraries every example uses; its
/// README and any other files that are not Swift (`exclude`) are left out of the target.
func example(_ name: String, dependencies: [Target.Dependency] = [], exclude: [String] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            "ReactiveMessaging",
            "TransportOptions",
            "MetricsEndpoint",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ] + dependencies,
        path: "Examples/\(name)",
        exclude: ["README.md"] + exclude,
        swiftSettings: strictSettings
    )
}

let package = Package(
    name: "ReactiveMessaging",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11)],
    products: [
        .library(name: "ReactiveMessaging", targets: ["ReactiveMessaging"]),
        .library(name: "ReactiveMessagingTesting", targets: ["ReactiveMessagingTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Tests only: they make their certificates in process, so no key is committed.
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // Examples only: the Prometheus endpoint of `--metrics-port`.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // Framing, serializers and errors: pure code over ByteBuffer (NIOCore only, no Foundation).
        .target(
            name: "ReactiveMessagingCore",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio")
            ],
            swiftSettings: strictSettings
        ),
        // Connection loop, server and client: sockets, lifecycle and logging.
        .target(
            name: "ReactiveMessaging",
            dependencies: [
                "ReactiveMessagingCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        // Runs processors and composite protocols in memory, with no socket, for users' unit tests.
        .target(
            name: "ReactiveMessagingTesting",
            dependencies: [
                "ReactiveMessaging",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Examples

        // The command-line options for transports that every example shares (`--unix PATH`, and TCP's).
        .target(
            name: "TransportOptions",
            dependencies: [
                "ReactiveMessaging",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Examples/TransportOptions",
            swiftSettings: strictSettings
        ),
        // The Prometheus endpoint of the example servers' `--metrics-port` (swift-prometheus, NIOHTTP1).
        .target(
            name: "MetricsEndpoint",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Examples/MetricsEndpoint",
            swiftSettings: strictSettings
        ),
        example(
            "Chat",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        example("HelloWorld"),
        example("PingPong", exclude: ["client.py"]),
        example(
            "Flood",
            dependencies: [
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        // MARK: Tests

        // What the test suites share: certificates made in process (swift-certificates and swift-crypto are only
        // the tests' dependencies).
        .target(
            name: "TestSupport",
            dependencies: [
                "ReactiveMessaging",
                "ReactiveMessagingTesting",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),

        // The examples' logic, tested in memory with the test kit.
        .testTarget(
            name: "ExamplesTests",
            dependencies: [
                "Chat",
                "Flood",
                "HelloWorld",
                "MetricsEndpoint",
                "PingPong",
                "ReactiveMessaging",
                "ReactiveMessagingTesting",
                "TestSupport",
                "TransportOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),

        .testTarget(
            name: "ReactiveMessagingCoreTests",
            dependencies: [
                "ReactiveMessagingCore",
                "ReactiveMessagingTesting",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReactiveMessagingTests",
            dependencies: [
                "ReactiveMessaging",
                "ReactiveMessagingTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                "TestSupport",
            ],
            swiftSettings: strictSettings
        ),
    ]
)
