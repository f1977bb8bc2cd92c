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

/// Checks UTF-8 well-formedness as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF.
///
/// Shared by the JSON and binary parsers, which validate every string once, while parsing, so that later reads
/// can build `String`s without further checks failing. Every byte read is preceded by a check against the end.
enum UTF8Validator {
    /// The outcome of checking one multi-byte scalar.
    enum ScalarResult {
        /// A well-formed scalar of this many bytes (2 to 4).
        case valid(length: Int)
        /// The first byte cannot start a multi-byte scalar (an ASCII byte, a continuation byte, 0xC0, 0xC1 or
        /// above 0xF4).
        case invalidLeadByte(UInt8)
        /// The input ends inside the scalar.
        case truncated
        /// A following byte is not the continuation byte the lead byte requires.
        case invalidContinuationByte(UInt8)
    }

    /// Checks the multi-byte scalar whose lead byte is at `index`, which must be in bounds.
    @inline(__always)
    static func multiByteScalar(in bytes: UnsafeRawBufferPointer, at index: Int) -> ScalarResult {
        let lead = bytes[index]
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
        case 0xED:
            length = 3
            secondHigh = 0x9F
        case 0xF0:
            length = 4
            secondLow = 0x90
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            secondHigh = 0x8F
        default:
            return .invalidLeadByte(lead)
        }
        guard bytes.count - index >= length else {
            return .truncated
        }
        // All offsets below are `< length`, so in bounds by the guard above.
        let second = bytes[index + 1]
        guard second >= secondLow && second <= secondHigh else {
            return .invalidContinuationByte(second)
        }
        var offset = 2
        while offset < length {
            let continuation = bytes[index + offset]
            guard continuation & 0xC0 == 0x80 else {
                return .invalidContinuationByte(continuation)
            }
            offset += 1
        }
        return .valid(length: length)
    }

    /// Whether all of `bytes` is well-formed UTF-8.
    ///
    /// - Returns: `nil` if it is, otherwise the offset of the first byte of the first ill-formed sequence.
    @inline(__always)
    static func firstInvalidOffset(in bytes: UnsafeRawBufferPointer) -> Int? {
        // Fast path, inlined: ASCII, eight bytes at a time and then byte by byte.
        var index = 0
        while bytes.count - index >= 8 {
            // `index + 8 <= bytes.count`.
            guard bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 else {
                return self.firstInvalidOffset(in: bytes, from: index)
            }
            index += 8
        }
        while index < bytes.count {
            guard bytes[index] < 0x80 else {
                return self.firstInvalidOffset(in: bytes, from: index)
            }
            index += 1
        }
        return nil
    }

    /// The general case of `firstInvalidOffset(in:)`, from `start` on.
    @inline(never)
    private static func firstInvalidOffset(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            guard case .valid(let length) = self.multiByteScalar(in: bytes, at: index) else {
                return index
            }
            index += length
        }
        return nil
    }
}
