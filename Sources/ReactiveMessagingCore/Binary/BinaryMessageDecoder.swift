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

/// Decodes `Decodable` values from the compact binary format of `BinaryMessageEncoder`, held in a `ByteBuffer`.
///
/// The decoder checks the buffer's readable bytes once, with a strict parser that builds nothing; `Decodable` types
/// then read their values straight from the buffer, so keys are found in any order, `allKeys` and `contains` work,
/// and values the type does not ask for are skipped. Keys are compared byte for byte with `CodingKey.stringValue`,
/// without building a `String`. Decoding a struct of scalars allocates only the box of its keyed container.
///
/// The input is treated as hostile. Everything the format documentation forbids is rejected, before any value is
/// decoded, with a `DecodingError.dataCorrupted` naming the byte offset: a reserved tag, a truncated value, bytes
/// after the value, a varint longer than its shortest form or out of range, a count or length larger than the
/// bytes that remain could hold (checked before anything is allocated), invalid UTF-8 and nesting deeper than
/// `maximumDepth`. The parser does not recurse.
///
/// A value is read as the type asks, when it can be read exactly: an integer as any integer type whose range
/// holds it (otherwise `dataCorrupted`), a 32- or 64-bit floating-point number as a `Double`, and as a `Float`
/// a 32-bit one or a 64-bit one that a `Float` holds exactly. If a map repeats a key, the first pair wins.
///
/// ```swift
/// struct Order: Codable {
///     var id: Int
///     var symbol: String
/// }
///
/// var buffer = ByteBuffer()
/// try BinaryMessageEncoder().encode(Order(id: 42, symbol: "ACME"), into: &buffer)
/// let order = try BinaryMessageDecoder().decode(Order.self, from: buffer)
/// ```
public struct BinaryMessageDecoder: Sendable {
    /// The deepest nesting of arrays and maps the decoder accepts; a scalar at the top level has depth 0.
    public let maximumDepth: Int

    /// Creates a decoder.
    ///
    /// - Parameter maximumDepth: The deepest nesting of arrays and maps to accept (an empty array alone has
    ///   depth 1). Deeper input is rejected before any value is decoded.
    public init(maximumDepth: Int = 64) {
        self.maximumDepth = maximumDepth
    }

    /// Decodes one value of type `Value` from a binary message that occupies exactly the readable bytes of
    /// `buffer`.
    ///
    /// The buffer's reader index is not moved.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - buffer: The message, without the connection's length prefix.
    /// - Returns: The decoded value.
    /// - Throws: `DecodingError.dataCorrupted` for a malformed message, nesting deeper than `maximumDepth` or an
    ///   integer that does not fit the requested type; `DecodingError.typeMismatch`, `.keyNotFound` or
    ///   `.valueNotFound` when the message does not have the shape `Value` expects.
    public func decode<Value: Decodable>(_ type: Value.Type, from buffer: ByteBuffer) throws -> Value {
        let (bytes, storage) = buffer.withUnsafeReadableBytesWithStorageManagement { bytes, storage in
            (bytes, storage.takeUnretainedValue())
        }
        try BinaryParser.validate(bytes, maximumDepth: self.maximumDepth)
        guard let base = bytes.baseAddress else {
            // A valid message has at least one byte.
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [],
                    debugDescription: "The given data was not a valid binary message."
                )
            )
        }
        // The decoders retain `storage`, which keeps `base` valid even after `buffer` is gone.
        let value = try Value(from: BinaryValueDecoder(storage: storage, base: base, offset: 0, count: bytes.count))
        withExtendedLifetime(buffer) {}
        return value
    }
}
