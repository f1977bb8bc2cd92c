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

/// libFuzzer harnesses for the decoders, for long runs. Build and run (see ../README.md):
///
///     swift build -c release --package-path Benchmarks/Fuzz -Xswiftc -parse-as-library \
///         -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
///         -Xlinker /opt/swift/usr/lib/clang/21/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a -Xlinker -lstdc++
///     RM_FUZZ_TARGET=variable Benchmarks/Fuzz/.build/release/FuzzDecoders -max_total_time=600
///
/// `-sanitize=fuzzer` would link libFuzzer's own `main`, which clashes with the one SwiftPM gives every
/// executable; so the harness instruments the code as `-sanitize=fuzzer` does, links libFuzzer without its `main`
/// and starts it from `@main` through `LLVMFuzzerRunDriver`.
let package = Package(
    name: "ReactiveMessagingFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ReactiveMessaging", path: "../../"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "FuzzDecoders",
            dependencies: [
                .product(name: "ReactiveMessaging", package: "ReactiveMessaging"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        )
    ]
)
