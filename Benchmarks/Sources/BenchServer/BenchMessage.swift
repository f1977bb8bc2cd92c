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

/// One message of the benchmark protocol: `{op, id, val}`, 17 bytes, no allocation.
struct BenchMessage: Sendable {
    /// What a message asks for.
    enum Op: UInt8, Sendable {
        case data = 1
        case ping = 2
        case pong = 3
        case end = 4
        case ack = 5
    }

    var op: Op
    var id: UInt64
    var val: UInt64
}
