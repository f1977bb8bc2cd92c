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
#elseif canImport(Musl)
private import Musl
#elseif canImport(Darwin)
private import Darwin
#endif

/// The C library's error numbers the package reads or reports, named in one place, so that the files that use them
/// need no platform import.
enum SystemErrorNumber {
    /// `EADDRINUSE`: another socket is bound to the address.
    static var addressInUse: CInt { EADDRINUSE }

    /// `ECONNREFUSED`: nothing listens where a client connects.
    static var connectionRefused: CInt { ECONNREFUSED }

    /// `EPIPE`: a write to a connection whose peer has gone.
    static var brokenPipe: CInt { EPIPE }
}
