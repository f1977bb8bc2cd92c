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

internal import NIOCore
public import ReactiveMessaging

/// One message of the benchmark protocol of `../shared/bench`: `{op, id, val}`, 17 bytes, no allocation.
///
/// It is `Codable` (for the textual and variable-size serializers) and a `FixedSizeMessage` whose 28-byte layout is
/// exactly a `len` frame of the shared protocol, length field included, so the C load generator drives the
/// fixed-size serializer too:
///
/// ```
/// | length UInt32 BE = 24 | op UInt8 | flags UInt8 = 0 | pad UInt16 = 0 | id UInt64 BE | val UInt64 BE | tag UInt32 BE = 0xC0FFEE |
/// ```
public struct BenchMessage: Sendable, Codable, FixedSizeMessage {
    /// What a message asks for.
    public enum Op: UInt8, Sendable, Codable {
        case data = 1
        case ping = 2
        case pong = 3
        case end = 4
        case ack = 5
    }

    public var op: Op
    public var id: UInt64
    public var val: UInt64

    public init(op: Op, id: UInt64, val: UInt64) {
        self.op = op
        self.id = id
        self.val = val
    }

    /// The tag that ends every binary frame of the shared protocol.
    public static let tag: UInt32 = 0xC0_FFEE

    public static var wireSize: Int { 28 }

    public init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
        let length = try reader.read(UInt32.self, endianness: .big)
        self.op = try reader.read(Op.self)
        _ = try reader.read(UInt8.self)  // flags
        try reader.skipPadding(2)
        self.id = try reader.read(UInt64.self, endianness: .big)
        self.val = try reader.read(UInt64.self, endianness: .big)
        let tag = try reader.read(UInt32.self, endianness: .big)
        guard length == 24, tag == Self.tag else {
            throw ReactiveMessagingError(code: .malformedMessage, message: "not a benchmark frame")
        }
    }

    public func write(to writer: inout FixedSizeWriter) {
        writer.write(UInt32(24), endianness: .big)
        writer.write(self.op)
        writer.write(UInt8(0))
        writer.skipPadding(2)
        writer.write(self.id, endianness: .big)
        writer.write(self.val, endianness: .big)
        writer.write(Self.tag, endianness: .big)
    }
}

/// Whether, and how, a flood goes through a composite protocol (`--composite` of BenchServer and BenchFlood).
public enum BenchComposite: String, Sendable, CustomStringConvertible {
    /// One serializer, no composite protocol.
    case none
    /// A composite protocol: one line in a handshake state, then the flood in the chosen serializer.
    case handshake
    /// A composite protocol whose every message switches state: a line, then a 28-byte frame, and so on.
    case alternate

    /// The name, as on the command line.
    public var description: String { self.rawValue }
}
