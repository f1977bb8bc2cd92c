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

internal import ReactiveMessaging

/// One message of the flood protocol, the same type in all three serializers.
///
/// The client sends `data` (one-way) or `request`s, then one `end`; the server answers each `request` with a
/// `reply` that carries the request's `sequence` and `sentAt` back, and the `end` with an `ack` whose `sequence` is
/// the number of `data` and `request` messages it counted on the connection.
///
/// With the fixed-size serializer a message takes `24 + Payload.capacity` bytes, integers little-endian:
///
/// ```
/// | kind UInt8 | 7 zero bytes | sequence UInt64 | sentAt UInt64 | payload: capacity zero bytes |
/// ```
///
/// With the textual and variable-size serializers it is the `Codable` form of its four fields, the payload a string.
struct FloodMessage<Payload: FloodPayload>: Sendable {
    /// What a message is for.
    enum Kind: UInt8, Sendable, Codable {
        /// One-way data: counted, not answered.
        case data = 1
        /// Counted and answered with a `reply`.
        case request = 2
        /// The answer to a `request`.
        case reply = 3
        /// The client's last message: answered with an `ack`.
        case end = 4
        /// The answer to `end`: `sequence` is the count of `data` and `request` messages.
        case ack = 5
    }

    /// What the message is for.
    var kind: Kind

    /// The message's number on its connection, or the count in an `ack`.
    var sequence: UInt64

    /// When the client sent it, in nanoseconds since its run began; a `reply` carries the request's back.
    var sentAt: UInt64

    /// The bytes that make the message as large as asked.
    var payload: Payload
}

extension FloodMessage: Equatable where Payload: Equatable {}

extension FloodMessage: Codable where Payload: Codable {}

extension FloodMessage: FixedSizeMessage where Payload: FixedFloodPayload {
    /// The header's 24 bytes and the payload's capacity.
    static var wireSize: Int { 24 + Payload.capacity }

    /// Reads the header, then checks that the payload's bytes are zero; allocates nothing.
    init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
        self.kind = try reader.read(Kind.self)
        try reader.skipPadding(7)
        self.sequence = try reader.read(UInt64.self)
        self.sentAt = try reader.read(UInt64.self)
        try reader.skipPadding(Payload.capacity)
        self.payload = Payload()
    }

    /// Writes the header; the payload's bytes are the writer's zeros.
    func write(to writer: inout FixedSizeWriter) {
        writer.write(self.kind)
        writer.skipPadding(7)
        writer.write(self.sequence)
        writer.write(self.sentAt)
        writer.skipPadding(Payload.capacity)
    }
}
