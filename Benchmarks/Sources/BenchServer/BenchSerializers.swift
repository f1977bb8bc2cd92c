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

import NIOCore
import ReactiveMessaging

/// `op=ping id=1234567 v=1234567\n`: fields in any order, parsed straight from the frame's bytes.
struct BenchLineSerializer: MessageSerializer {
    var framing: Framing { .newlineDelimited }

    func decode(_ frame: inout ByteBuffer) throws -> BenchMessage {
        guard let message = frame.withUnsafeReadableBytes(Self.parse) else {
            throw ReactiveMessagingError(code: .malformedMessage, message: "not a benchmark line")
        }
        return message
    }

    func encode(_ message: BenchMessage, into buffer: inout ByteBuffer) throws {
        buffer.writeStaticString("op=")
        switch message.op {
        case .data: buffer.writeStaticString("data")
        case .ping: buffer.writeStaticString("ping")
        case .pong: buffer.writeStaticString("pong")
        case .end: buffer.writeStaticString("end")
        case .ack: buffer.writeStaticString("ack")
        }
        buffer.writeStaticString(" id=")
        Self.writeDecimal(message.id, into: &buffer)
        buffer.writeStaticString(" v=")
        Self.writeDecimal(message.val, into: &buffer)
    }

    private static func writeDecimal(_ value: UInt64, into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { bytes in
            var digits = 0
            var rest = value
            repeat {
                digits += 1
                rest /= 10
            } while rest != 0
            rest = value
            for index in stride(from: digits - 1, through: 0, by: -1) {
                bytes[index] = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
                rest /= 10
            }
            return digits
        }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) -> BenchMessage? {
        var message = BenchMessage(op: .data, id: 0, val: 0)
        var seen = 0
        var index = 0
        let end = bytes.count
        while index < end {
            var fieldEnd = index
            while fieldEnd < end, bytes[fieldEnd] != UInt8(ascii: " ") { fieldEnd += 1 }
            var equals = index
            while equals < fieldEnd, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
            guard equals < fieldEnd else { return nil }
            let key = UnsafeRawBufferPointer(rebasing: bytes[index..<equals])
            let value = UnsafeRawBufferPointer(rebasing: bytes[(equals + 1)..<fieldEnd])
            if key.elementsEqual("op".utf8) {
                guard let op = Self.parseOp(value) else { return nil }
                message.op = op
                seen |= 1
            } else if key.elementsEqual("id".utf8) {
                guard let id = Self.parseDecimal(value) else { return nil }
                message.id = id
                seen |= 2
            } else if key.elementsEqual("v".utf8) {
                guard let val = Self.parseDecimal(value) else { return nil }
                message.val = val
                seen |= 4
            } else {
                return nil
            }
            index = fieldEnd + 1
        }
        return seen == 7 ? message : nil
    }

    private static func parseOp(_ bytes: UnsafeRawBufferPointer) -> BenchMessage.Op? {
        if bytes.elementsEqual("data".utf8) { return .data }
        if bytes.elementsEqual("ping".utf8) { return .ping }
        if bytes.elementsEqual("pong".utf8) { return .pong }
        if bytes.elementsEqual("end".utf8) { return .end }
        if bytes.elementsEqual("ack".utf8) { return .ack }
        return nil
    }

    private static func parseDecimal(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 19 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            value = value &* 10 &+ UInt64(digit)
        }
        return value
    }
}

/// A 4-byte big-endian length (24), then `[op u8][flags u8][pad u16][id u64 BE][val u64 BE][tag u32 BE = 0xC0FFEE]`.
struct BenchBinarySerializer: MessageSerializer {
    static let tag: UInt32 = 0xC0_FFEE

    var framing: Framing { .lengthPrefixed }

    func decode(_ frame: inout ByteBuffer) throws -> BenchMessage {
        guard frame.readableBytes == 24,
            let (rawOp, _, _, id, val, tag) = frame.readMultipleIntegers(
                as: (UInt8, UInt8, UInt16, UInt64, UInt64, UInt32).self
            ),
            tag == Self.tag,
            let op = BenchMessage.Op(rawValue: rawOp)
        else {
            throw ReactiveMessagingError(code: .malformedMessage, message: "not a benchmark frame")
        }
        return BenchMessage(op: op, id: id, val: val)
    }

    func encode(_ message: BenchMessage, into buffer: inout ByteBuffer) throws {
        buffer.writeMultipleIntegers(message.op.rawValue, UInt8(0), UInt16(0), message.id, message.val, Self.tag)
    }
}
