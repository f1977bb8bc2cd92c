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
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The CPU time this process has used, user and system, from `getrusage(RUSAGE_SELF)`.
enum ProcessCPU {
    /// User plus system CPU time so far; zero if the system does not say.
    static func time() -> Duration {
        var usage = rusage()
        guard getrusage(Self.selfWho, &usage) == 0 else { return .zero }
        return Self.duration(usage.ru_utime) + Self.duration(usage.ru_stime)
    }

    #if canImport(Glibc)
    /// `RUSAGE_SELF`, as Glibc's `getrusage` takes it.
    private static var selfWho: __rusage_who_t { __rusage_who_t(RUSAGE_SELF.rawValue) }
    #else
    /// `RUSAGE_SELF`.
    private static var selfWho: Int32 { RUSAGE_SELF }
    #endif

    private static func duration(_ time: timeval) -> Duration {
        .seconds(Int64(time.tv_sec)) + .microseconds(Int64(time.tv_usec))
    }
}
