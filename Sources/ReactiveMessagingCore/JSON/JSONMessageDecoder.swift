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

/// Decodes `Decodable` values from JSON text held in a `ByteBuffer`, without Foundation.
///
/// The decoder parses the buffer's readable bytes once, with a strict RFC 8259 parser, into a flat tape of
/// entries that point back into the buffer; `Decodable` types then read their values from that tape, and strings
/// and numbers are converted only when asked for. It accepts exactly the JSON that Foundation's `JSONDecoder`
/// with default options accepts for the same type, with these differences:
///
/// - Parsing is strict: a trailing comma (`[1,]`), which Foundation tolerates, is an error.
/// - Member names are matched byte for byte against `CodingKey.stringValue` (Foundation compares `String`s,
///   which treats canonically equivalent Unicode spellings as equal).
/// - The coding path of a nested value is rebuilt from the document, so its keys carry the member names but not
///   the `intValue` of the original `CodingKey` type; array positions read `Index 0`, `Index 1`, … as in Foundation.
/// - Nesting is limited to `maximumDepth` levels (Foundation allows 512).
///
/// Like Foundation, the decoder rejects lone UTF-16 surrogate escapes (`"\ud800"`), invalid UTF-8, numbers that
/// overflow or underflow the requested type, and accepts integers written in exact fraction or exponent form
/// (`1.0`, `1e2`). If an object repeats a member name, the first occurrence wins.
///
/// ```swift
/// struct Order: Codable {
///     var id: Int
///     var symbol: String
/// }
///
/// let decoder = JSONMessageDecoder()
/// let buffer = ByteBuffer(string: #"{"id":42,"symbol":"ACME"}"#)
/// let order = try decoder.decode(Order.self, from: buffer)
/// ```
public struct JSONMessageDecoder: Sendable {
    /// The deepest nesting of arrays and objects the decoder accepts; a scalar at the top level has depth 0.
    public let maximumDepth: Int

    /// Creates a decoder.
    ///
    /// - Parameter maximumDepth: The deepest nesting of arrays and objects to accept (a bare `[]` has depth 1).
    ///   Deeper input is rejected before any value is decoded, so hostile input cannot exhaust the stack.
    public init(maximumDepth: Int = 64) {
        self.maximumDepth = maximumDepth
    }

    /// Decodes one value of type `Value` from JSON text that occupies exactly the readable bytes of `buffer`.
    ///
    /// JSON whitespace may surround the value; anything else before or after it is an error. The buffer's reader
    /// index is not moved.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - buffer: The JSON text, UTF-8 encoded.
    /// - Returns: The decoded value.
    /// - Throws: `DecodingError.dataCorrupted` for malformed JSON, invalid UTF-8, nesting deeper than
    ///   `maximumDepth` or a number that does not fit the requested type; `DecodingError.typeMismatch`,
    ///   `.keyNotFound` or `.valueNotFound` when the JSON does not have the shape `Value` expects.
    public func decode<Value: Decodable>(_ type: Value.Type, from buffer: ByteBuffer) throws -> Value {
        let tape = try JSONTape(buffer: buffer, maximumDepth: self.maximumDepth)
        return try tape.decode(type, at: 0)
    }
}
