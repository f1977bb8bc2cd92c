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

/// Variable-size binary messages: a 4-byte big-endian length, then a compact binary encoding of the message.
///
/// Any `Codable` message travels, with nothing to write but the conformance: integers, floating-point numbers,
/// `Bool`, strings, optionals, arrays, dictionaries, nested structs and enums with associated values. The payload is
/// `BinaryMessageEncoder`'s self-describing format (documented there, byte by byte):
///
/// ```
/// | length: UInt32, big endian | payload: BinaryMessageEncoder's encoding of the message (length bytes) |
/// ```
///
/// The connection checks the length against its maximum message size before it buffers the payload; the decoder
/// checks every count and length inside the payload against the bytes that remain before it allocates, so truncated
/// or garbage payloads are a `malformedMessage` error, never a crash or an allocation the bytes do not back.
///
/// ```swift
/// let serverSide = VariableSizeSerializer<Request, Response>()
/// let clientSide = VariableSizeSerializer<Response, Request>()
/// ```
public struct VariableSizeSerializer<Inbound: Decodable & Sendable, Outbound: Encodable & Sendable>: MessageSerializer {
    @usableFromInline
    let encoder: BinaryMessageEncoder

    @usableFromInline
    let decoder: BinaryMessageDecoder

    /// Creates a variable-size serializer.
    ///
    /// - Parameter maximumDepth: How deeply containers may nest in a received message; deeper input is malformed.
    public init(maximumDepth: Int = 64) {
        self.encoder = BinaryMessageEncoder()
        self.decoder = BinaryMessageDecoder(maximumDepth: maximumDepth)
    }

    /// Length-prefixed: a 4-byte big-endian length, then the payload.
    @inlinable
    public var framing: Framing { .lengthPrefixed }

    /// Decodes one payload.
    ///
    /// - Throws: `ReactiveMessagingError` with code `malformedMessage`, with the `DecodingError` as the cause, when
    ///   the payload is not the binary encoding of an `Inbound`.
    @inlinable
    public func decode(_ frame: inout ByteBuffer) throws -> Inbound {
        do {
            return try self.decoder.decode(Inbound.self, from: frame)
        } catch {
            throw ReactiveMessagingError(
                code: .malformedMessage,
                message: "a payload of \(frame.readableBytes) bytes does not decode as \(Inbound.self)",
                cause: error
            )
        }
    }

    /// Encodes one message.
    ///
    /// - Throws: `ReactiveMessagingError` with code `encodingFailed`, with the `EncodingError` as the cause.
    @inlinable
    public func encode(_ message: Outbound, into buffer: inout ByteBuffer) throws {
        do {
            try self.encoder.encode(message, into: &buffer)
        } catch {
            throw ReactiveMessagingError(
                code: .encodingFailed,
                message: "a value of type \(Outbound.self) could not be encoded",
                cause: error
            )
        }
    }
}
