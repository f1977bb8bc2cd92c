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

#if canImport(Glibc)
private import Glibc
#elseif canImport(Darwin)
private import Darwin
#endif

/// Time bounds for tests that must hold on slow runs too.
///
/// ```swift
/// @Suite(.timeLimit(.minutes(1 * TestTiming.scale)))
/// struct MyServerTests { ... }
/// ```
public enum TestTiming {
    /// How many times longer than usual this run's tests may take: the environment variable `RM_TEST_TIME_SCALE`
    /// (a whole number; 1 when unset or not a number of at least 1).
    ///
    /// A run that is slow on purpose, such as under ThreadSanitizer, sets it; scale by it every time limit, and
    /// every timeout that a well-behaved peer must never hit.
    public static let scale: Int = {
        guard let text = getenv("RM_TEST_TIME_SCALE"), let scale = Int(String(cString: text)), scale >= 1 else {
            return 1
        }
        return scale
    }()

    /// A connect timeout for test clients: the usual 10 seconds, times `scale`.
    ///
    /// On a machine loaded on purpose, an event loop can be held up for seconds; a client whose connect times out
    /// then may leave the server a connection it accepted after all, which a test counting connections would see.
    public static var connectTimeout: Duration {
        .seconds(10 * Self.scale)
    }
}
