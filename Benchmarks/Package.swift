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

/// Benchmark programs for ReactiveMessaging; a package of their own so that the library's users and its CI do
/// not build them.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ReactiveMessagingBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ReactiveMessaging", path: "../"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.6.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // The message and the serializers of the shared benchmark protocol.
        .target(
            name: "BenchProtocol",
            dependencies: [
                .product(name: "ReactiveMessaging", package: "ReactiveMessaging"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Speaks the wire protocol of ../shared/bench, so its C load generator drives it and raw SwiftNIO alike.
        .executableTarget(
            name: "BenchServer",
            dependencies: [
                "BenchProtocol",
                .product(name: "ReactiveMessaging", package: "ReactiveMessaging"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The TLS baseline: the shared protocol's len framing with raw SwiftNIO handlers behind NIOSSL's.
        .executableTarget(
            name: "NIOSSLBaseline",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // A one-connection flood of len frames, TLS or not, faster than the servers it drives.
        .executableTarget(
            name: "TLSFloodClient",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // A flood client for the serializers the C load generator cannot speak (textual, variable).
        .executableTarget(
            name: "BenchFlood",
            dependencies: [
                "BenchProtocol",
                .product(name: "ReactiveMessaging", package: "ReactiveMessaging"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The ping-pong client of ../shared/bench built on this package's Client, the peer of BenchServer end to end.
        .executableTarget(
            name: "BenchClient",
            dependencies: [
                "BenchProtocol",
                .product(name: "ReactiveMessaging", package: "ReactiveMessaging"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // A server and its clients in one process, over an in-memory endpoint, TCP or a Unix socket.
        .executableTarget(
            name: "InProcessBench",
            dependencies: [
                "BenchProtocol",
                .product(name: "ReactiveMessaging", package: "ReactiveMessaging"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Fan-out of messages to many connections: ConnectionGroups against raw SwiftNIO (fanout_ab.py).
        .executableTarget(
            name: "FanOutBench",
            dependencies: [
                "BenchProtocol",
                .product(name: "ReactiveMessaging", package: "ReactiveMessaging"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Hostile peers and good clients against two live servers for as long as asked, with checks (not in CI).
        .executableTarget(
            name: "Stress",
            dependencies: [
                .product(name: "ReactiveMessaging", package: "ReactiveMessaging"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Encode and decode time and allocations per message, for each serializer.
        .executableTarget(
            name: "SerializerBench",
            dependencies: [
                "BenchProtocol",
                .product(name: "ReactiveMessaging", package: "ReactiveMessaging"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
