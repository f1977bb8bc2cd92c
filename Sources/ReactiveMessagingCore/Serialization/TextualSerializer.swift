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

/// Messages as JSON text, one message per line.
///
/// Each message is the compact JSON that Swift's synthesized `Codable` gives, in UTF-8, terminated by `\n`
/// (`\r\n` is accepted on input). Newlines inside strings are escaped, so a message never spans lines. That makes
/// the wire readable and writable by hand or from any language:
///
/// ```
/// $ printf '{"hello":{}}\n' | nc 127.0.0.1 9000
/// {"world":{}}
/// ```
///
/// The JSON is produced and parsed by ``JSONMessageEncoder`` and ``JSONMessageDecoder``, which work on the
/// `ByteBuffer` directly, without Foundation.
///
/// ```swift
/// enum Greeting: Codable, Sendable { case hello }
/// enum Answer: Codable, Sendable { case world }
///
/// let serverSide = TextualSerializer<Greeting, Answer>()   // receives Greeting, sends Answer
/// let clientSide = TextualSerializer<Answer, Greeting>()   // receives Answer, sends Greeting
/// ```
public struct TextualSerializer<Inbound: Decodable & Sendable, Outbound: Encodable & Sendable>: MessageSerializer {
    @usableFromInline
    let encoder: JSONMessageEncoder

    @usableFromInline
    let decoder: JSONMessageDecoder

    /// Creates a textual serializer.
    ///
    /// - Parameter maximumDepth: How deeply arrays and objects may nest in a received message; deeper input is
    ///   malformed. Bounds the stack a hostile peer can make the decoder use.
    public init(maximumDepth: Int = 64) {
        self.encoder = JSONMessageEncoder()
        self.decoder = JSONMessageDecoder(maximumDepth: maximumDepth)
    }

    /// Newline-delimited: one JSON text per line.
    @inlinable
    public var framing: Framing { .newlineDelimited }

    /// Decodes one line of JSON.
    ///
    /// - Throws: ``ReactiveMessagingError/Code/malformedMessage``, with the `DecodingError` as the cause, when
    ///   the line is not JSON or not the JSON of an `Inbound`.
    @inlinable
    public func decode(_ frame: inout ByteBuffer) throws -> Inbound {
        do {
            return try self.decoder.decode(Inbound.self, from: frame)
        } catch {
            throw ReactiveMessagingError(
                code: .malformedMessage,
                message: "a line of \(frame.readableBytes) bytes does not decode as JSON to \(Inbound.self)",
                cause: error
            )
        }
    }

    /// Encodes one message as compact JSON.
    ///
    /// - Throws: ``ReactiveMessagingError/Code/encodingFailed``, with the `EncodingError` as the cause, for
    ///   values JSON cannot hold (a non-finite floating-point number).
    @inlinable
    public func encode(_ message: Outbound, into buffer: inout ByteBuffer) throws {
        do {
            try self.encoder.encode(message, into: &buffer)
        } catch {
            throw ReactiveMessagingError(
                code: .encodingFailed,
                message: "a value of type \(Outbound.self) could not be encoded as JSON",
                cause: error
            )
        }
    }
}
