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

public import NIOCore
public import ReactiveMessaging

/// `op=ping id=1234567 v=1234567\n`: fields in any order, parsed straight from the frame's bytes.
public struct BenchLineSerializer: MessageSerializer {
    public init() {}

    public var framing: Framing { .newlineDelimited }

    public func decode(_ frame: inout ByteBuffer) throws -> BenchMessage {
        guard let message = frame.withUnsafeReadableBytes(Self.parse) else {
            throw ReactiveMessagingError(code: .malformedMessage, message: "not a benchmark line")
        }
        return message
    }

    /// The same single-write encoding as the raw SwiftNIO baseline (`../shared/bench/swift`, `encodeMsg`).
    public func encode(_ message: BenchMessage, into buffer: inout ByteBuffer) throws {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 64) { bytes in
            let name: StaticString =
                switch message.op {
                case .data: "op=data id="
                case .ping: "op=ping id="
                case .pong: "op=pong id="
                case .end: "op=end id="
                case .ack: "op=ack id="
                }
            var index = 0
            for byte in UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount) {
                bytes[index] = byte
                index += 1
            }
            index = Self.writeDecimal(message.id, into: bytes, at: index)
            bytes[index] = 0x20  // " v="
            bytes[index + 1] = 0x76
            bytes[index + 2] = 0x3D
            return Self.writeDecimal(message.val, into: bytes, at: index + 3)
        }
    }

    private static func writeDecimal(_ value: UInt64, into bytes: UnsafeMutableRawBufferPointer, at start: Int) -> Int {
        var digits = 0
        var rest = value
        repeat {
            digits += 1
            rest /= 10
        } while rest != 0
        rest = value
        for index in stride(from: start + digits - 1, through: start, by: -1) {
            bytes[index] = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
            rest /= 10
        }
        return start + digits
    }

    /// The same field-by-field parse as the raw SwiftNIO baseline (`../shared/bench/swift`, `parseLine`).
    private static func parse(_ bytes: UnsafeRawBufferPointer) -> BenchMessage? {
        var message = BenchMessage(op: .data, id: 0, val: 0)
        var seen = 0
        var index = 0
        let end = bytes.count
        while index < end {
            var fieldEnd = index
            while fieldEnd < end, bytes[fieldEnd] != 0x20 { fieldEnd += 1 }
            var equals = index
            while equals < fieldEnd, bytes[equals] != 0x3D { equals += 1 }
            guard equals < fieldEnd else { return nil }
            let keyLength = equals - index
            let value = equals + 1
            if keyLength == 2, bytes[index] == 0x6F, bytes[index + 1] == 0x70 {  // op
                guard let op = Self.parseOp(bytes, value, fieldEnd) else { return nil }
                message.op = op
                seen |= 1
            } else if keyLength == 2, bytes[index] == 0x69, bytes[index + 1] == 0x64 {  // id
                guard let id = Self.parseDecimal(bytes, value, fieldEnd) else { return nil }
                message.id = id
                seen |= 2
            } else if keyLength == 1, bytes[index] == 0x76 {  // v
                guard let val = Self.parseDecimal(bytes, value, fieldEnd) else { return nil }
                message.val = val
                seen |= 4
            } else {
                return nil
            }
            index = fieldEnd + 1
        }
        return seen == 7 ? message : nil
    }

    private static func parseOp(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> BenchMessage.Op? {
        switch to - from {
        case 4:
            switch (bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]) {
            case (0x64, 0x61, 0x74, 0x61): return .data
            case (0x70, 0x69, 0x6E, 0x67): return .ping
            case (0x70, 0x6F, 0x6E, 0x67): return .pong
            default: return nil
            }
        case 3:
            switch (bytes[from], bytes[from + 1], bytes[from + 2]) {
            case (0x65, 0x6E, 0x64): return .end
            case (0x61, 0x63, 0x6B): return .ack
            default: return nil
            }
        default:
            return nil
        }
    }

    private static func parseDecimal(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> UInt64? {
        guard from < to, to - from <= 19 else { return nil }
        var value: UInt64 = 0
        for index in from..<to {
            let digit = bytes[index] &- 0x30
            guard digit <= 9 else { return nil }
            value = value &* 10 &+ UInt64(digit)
        }
        return value
    }
}

/// A 4-byte big-endian length (24), then `[op u8][flags u8][pad u16][id u64 BE][val u64 BE][tag u32 BE = 0xC0FFEE]`.
public struct BenchBinarySerializer: MessageSerializer {
    public init() {}

    public var framing: Framing { .lengthPrefixed }

    public func decode(_ frame: inout ByteBuffer) throws -> BenchMessage {
        guard frame.readableBytes == 24,
            let (rawOp, _, _, id, val, tag) = frame.readMultipleIntegers(
                as: (UInt8, UInt8, UInt16, UInt64, UInt64, UInt32).self
            ),
            tag == BenchMessage.tag,
            let op = BenchMessage.Op(rawValue: rawOp)
        else {
            throw ReactiveMessagingError(code: .malformedMessage, message: "not a benchmark frame")
        }
        return BenchMessage(op: op, id: id, val: val)
    }

    public func encode(_ message: BenchMessage, into buffer: inout ByteBuffer) throws {
        buffer.writeMultipleIntegers(
            message.op.rawValue,
            UInt8(0),
            UInt16(0),
            message.id,
            message.val,
            BenchMessage.tag
        )
    }
}
