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

/// Reads and writes unsigned LEB128 varints: seven bits per byte, least significant group first, the high bit set
/// on every byte but the last.
///
/// The format allows only the shortest encoding of a value (the last byte of a varint longer than one byte is
/// never 0x00), so every value has exactly one encoding, and at most the bits of the target type: 10 bytes for
/// 64 bits (the last one at most 0x01), 19 bytes for 128 bits (the last one at most 0x03).
enum BinaryVarint {
    /// The most bytes a varint of a 64-bit value takes.
    static let maximumLength64 = 10
    /// The most bytes a varint of a 128-bit value takes.
    static let maximumLength128 = 19

    /// Why a varint could not be read.
    enum Failure: Error {
        /// The input ends inside the varint.
        case truncated
        /// The varint is longer than the shortest encoding of its value.
        case overlong
        /// The value needs more bits than the target type has.
        case overflow
    }

    /// A varint read as a 64-bit value: its value and its length in bytes, or why it could not be read.
    enum Read64 {
        case value(UInt64, length: Int)
        case failure(Failure)
    }

    /// A varint read as a 128-bit value: its value and its length in bytes, or why it could not be read.
    enum Read128 {
        case value(UInt128, length: Int)
        case failure(Failure)
    }

    /// Reads the varint at `offset`, which must be in bounds, as a 64-bit value.
    @inline(__always)
    static func read64(from bytes: UnsafeRawBufferPointer, at offset: Int) -> Read64 {
        let first = bytes[offset]
        if first < 0x80 {
            return .value(UInt64(first), length: 1)
        }
        var value: UInt64 = 0
        var length = 0
        if let failure = self.readMultiByte(from: bytes, at: offset, value: &value, length: &length) {
            return .failure(failure)
        }
        return .value(value, length: length)
    }

    /// Reads the varint at `offset`, which must be in bounds, as a 128-bit value.
    static func read128(from bytes: UnsafeRawBufferPointer, at offset: Int) -> Read128 {
        var value: UInt128 = 0
        var length = 0
        if let failure = self.readMultiByte(from: bytes, at: offset, value: &value, length: &length) {
            return .failure(failure)
        }
        return .value(value, length: length)
    }

    /// Reads a varint of up to `Value.bitWidth` bits into `value` and its byte count into `length`.
    ///
    /// - Returns: `nil` on success, otherwise why the varint is invalid.
    @inline(__always)
    private static func readMultiByte<Value: FixedWidthInteger & UnsignedInteger>(
        from bytes: UnsafeRawBufferPointer,
        at offset: Int,
        value: inout Value,
        length: inout Int
    ) -> Failure? {
        let maximumLength = (Value.bitWidth + 6) / 7
        // The bits left for the last possible byte: 1 for 64-bit values, 2 for 128-bit ones.
        let lastByteMaximum = UInt8(truncatingIfNeeded: (1 << (Value.bitWidth - 7 * (maximumLength - 1))) - 1)
        var result: Value = 0
        var shift = 0
        var position = offset
        while true {
            guard position < bytes.count else {
                return .truncated
            }
            let byte = bytes[position]
            position += 1
            let count = position - offset
            if count == maximumLength && byte > lastByteMaximum {
                // More bits than `Value` has, or a continuation beyond the longest possible varint.
                return .overflow
            }
            result |= Value(truncatingIfNeeded: byte & 0x7F) << shift
            guard byte & 0x80 != 0 else {
                guard byte != 0 || count == 1 else {
                    return .overlong
                }
                value = result
                length = count
                return nil
            }
            shift += 7
        }
    }

    /// The number of bytes the varint of `value` takes.
    @inline(__always)
    static func length(of value: some FixedWidthInteger & UnsignedInteger) -> Int {
        let bits = max(value.bitWidth - value.leadingZeroBitCount, 1)
        return (bits + 6) / 7
    }

    /// Stores the varint of `value` at `offset`, which must leave room for `length(of: value)` bytes.
    ///
    /// - Returns: The number of bytes stored.
    @inline(__always)
    static func store(
        _ value: some FixedWidthInteger & UnsignedInteger,
        into bytes: UnsafeMutableRawBufferPointer,
        at offset: Int
    ) -> Int {
        var remaining = value
        var position = offset
        while remaining >= 0x80 {
            bytes[position] = UInt8(truncatingIfNeeded: remaining) | 0x80
            remaining >>= 7
            position += 1
        }
        bytes[position] = UInt8(truncatingIfNeeded: remaining)
        return position + 1 - offset
    }
}
