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

/// Turns the frames of one side of a conversation into messages and its messages into frames.
///
/// A connection has one serializer: it decodes what the peer sends (``Inbound``) and encodes what this side sends
/// (``Outbound``). A server of `Request`s answering `Response`s uses a `MessageSerializer<Request, Response>`; its
/// clients use one for `<Response, Request>`.
///
/// The serializer names its ``framing``; the connection loop cuts frames with it and hands ``decode(_:)`` one
/// frame's payload at a time, and it delimits whatever ``encode(_:into:)`` appends. Serializers are called on the
/// connection's hot path, once per message: decode straight from the `ByteBuffer` and encode straight into it.
///
/// ```swift
/// /// Messages are lines of text, `key=value`.
/// struct KeyValueSerializer: MessageSerializer {
///     var framing: Framing { .newlineDelimited }
///
///     func decode(_ frame: inout ByteBuffer) throws -> KeyValue {
///         guard let line = frame.readString(length: frame.readableBytes),
///               let equals = line.firstIndex(of: "=") else {
///             throw ReactiveMessagingError(code: .malformedMessage, message: "expected key=value")
///         }
///         return KeyValue(key: String(line[..<equals]), value: String(line[line.index(after: equals)...]))
///     }
///
///     func encode(_ message: KeyValue, into buffer: inout ByteBuffer) throws {
///         buffer.writeString("\(message.key)=\(message.value)")
///     }
/// }
/// ```
public protocol MessageSerializer<Inbound, Outbound>: Sendable {
    /// The messages this side receives.
    associatedtype Inbound: Sendable

    /// The messages this side sends.
    associatedtype Outbound: Sendable

    /// How frames are delimited on the wire.
    var framing: Framing { get }

    /// Decodes one message from one frame.
    ///
    /// - Parameter frame: Exactly one frame's payload: its readable bytes are the whole message, without
    ///   delimiter or length prefix. The bytes come from the network: treat them as hostile.
    /// - Returns: The message.
    /// - Throws: Any error when the bytes are not a valid message; the connection applies its bad-input policy.
    func decode(_ frame: inout ByteBuffer) throws -> Inbound

    /// Encodes one message, appending its payload to `buffer`.
    ///
    /// - Parameters:
    ///   - message: The message to encode.
    ///   - buffer: The buffer to append the payload to; the framing's delimiter or prefix is added for you.
    /// - Throws: Any error when the message cannot be encoded; nothing is sent then.
    func encode(_ message: Outbound, into buffer: inout ByteBuffer) throws
}
