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
@preconcurrency internal import Glibc
#elseif canImport(Musl)
@preconcurrency internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#elseif canImport(Android)
@preconcurrency internal import Android
#endif

/// Byte searches and comparisons the framers and decoders share.
@usableFromInline
enum ByteScan {
    /// The offset of the first `\n` in `bytes`, or `nil` if there is none: `memchr`, which the C library vectorises.
    @usableFromInline
    static func firstNewline(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        guard let found = memchr(base, 0x0A, bytes.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// Whether `lhs` and `rhs` hold the same bytes: member names, in the binary and JSON decoders' key lookups.
    @inline(__always)
    static func equal(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else {
            return false
        }
        var index = 0
        while index < lhs.count {
            // `index < lhs.count == rhs.count`.
            if lhs[index] != rhs[index] {
                return false
            }
            index += 1
        }
        return true
    }
}
