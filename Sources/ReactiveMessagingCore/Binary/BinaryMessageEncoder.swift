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

/// Encodes `Encodable` values in a compact, self-describing binary format into a `ByteBuffer`.
///
/// Every value starts with a one-byte tag that says what follows, so a decoder needs no schema: it can find keys in
/// any order, list them, skip values it does not know and reject malformed input precisely. Unlike JSON, the
/// format holds infinite and NaN floating-point values, bit for bit.
///
/// ## Format
///
/// A message is exactly one value; the connection adds its 4-byte big-endian length prefix in front. A value is a
/// tag byte followed by what its row lists:
///
/// | Tag    | Value                     | Followed by                                                    |
/// |--------|---------------------------|----------------------------------------------------------------|
/// | `0x00` | nil                       | nothing                                                        |
/// | `0x01` | false                     | nothing                                                        |
/// | `0x02` | true                      | nothing                                                        |
/// | `0x03` | integer n ≥ 0             | varint n                                                       |
/// | `0x04` | integer v < 0             | varint of -1 - v (-1 is `04 00`, -300 is `04 AB 02`)           |
/// | `0x05` | 32-bit float (`Float`)    | 4 bytes: the IEEE 754 binary32 bit pattern, little-endian      |
/// | `0x06` | 64-bit float (`Double`)   | 8 bytes: the IEEE 754 binary64 bit pattern, little-endian      |
/// | `0x07` | string                    | varint byte count n, then n bytes of UTF-8                     |
/// | `0x08` | array (unkeyed container) | varint element count n, then n values                          |
/// | `0x09` | map (keyed container)     | varint pair count n, then n pairs, each a key and a value      |
///
/// A map key is a varint byte count and that many bytes of UTF-8, with no tag; the value after it is a tagged
/// value. Tags `0x0A` to `0xFF` are reserved. A *varint* is unsigned LEB128: seven bits per byte, least
/// significant group first, the high bit (`0x80`) set on every byte but the last (300 is `AC 02`). It is always in
/// its shortest form, so every value has exactly one encoding. Integers of every width share tags `0x03` and
/// `0x04`; their varint has at most 10 bytes below 2^64 and at most 19 bytes for 128-bit integers. Counts and
/// lengths are at most 64 bits.
///
/// A decoder (this package's `BinaryMessageDecoder`) rejects: a reserved tag; a varint that is not in its
/// shortest form (more than one byte, the last `0x00`), or that exceeds 64 bits for a count or length or 128 bits
/// for an integer; a string, key or count that the remaining bytes cannot hold (a string or key of n bytes needs
/// n bytes, an array of n elements at least n, a map of n pairs at least 2n); invalid UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF); input that ends inside a value; bytes after the value;
/// and arrays and maps nested deeper than its maximum depth. If a map repeats a key, the first pair wins.
///
/// ## Codable mapping
///
/// A keyed container becomes a map whose keys are the `CodingKey`s' `stringValue`s, in the order they were
/// encoded; an unkeyed container an array; a single value container its scalar; a value that asks for no
/// container an empty map (`09 00`). So, as with Foundation's JSON coders, `enum Greeting: Codable { case hello }`
/// encodes `.hello` as the map `{"hello": {}}`, an enum case with associated values as
/// `{"case": {"label" or "_0": value, …}}`, `Optional.none` as nil (a synthesized keyed `encode(to:)` leaves the
/// key out instead), a dictionary with `String` or `Int` keys as a map (`Int` keys in decimal) and any other
/// dictionary as an array of alternating keys and values, and `superEncoder()` writes under the key `"super"`.
/// `Int`, `Int8` … `UInt128` all write the integer tags, so a value may be read back as any type whose range
/// holds it. `Float` writes tag `0x05` and `Double` tag `0x06`; a `Double` reads either, a `Float` reads a
/// `0x06` value only if it holds it exactly.
///
/// For example, `Greeting.hello` is the 10 bytes `09 01 05 68 65 6C 6C 6F 09 00`: a map of 1 pair, key "hello"
/// (5 bytes), value an empty map.
///
/// ## Encoding
///
/// The encoder writes the bytes as the `Encodable` type encodes, into a buffer of its own that it appends to the
/// `ByteBuffer` in one copy (measured faster than writing each piece through `ByteBuffer`'s API). Each array and
/// map gets a one-byte count placeholder that is filled in when the container is complete; a count of 128 or more
/// moves the container's bytes along to make room for the longer varint. Uses of the Codable API that a stream
/// cannot express (writing to a container after a later sibling was started, asking one encoder for a container
/// twice, catching an error thrown by a nested value and carrying on) are detected and the value is encoded again
/// by the slower tree-building encoder that `JSONMessageEncoder` also falls back to, with Foundation's semantics
/// (two containers from one encoder merge, and a repeated key keeps the last value). Otherwise a key encoded twice
/// into one keyed container is written twice, and decoders read the first value.
///
/// ```swift
/// enum Side: String, Codable { case buy, sell }
///
/// struct Order: Codable {
///     var id: Int
///     var symbol: String
///     var price: Double
///     var side: Side
/// }
///
/// let encoder = BinaryMessageEncoder()
/// var buffer = ByteBuffer()
/// try encoder.encode(Order(id: 42, symbol: "ACME", price: 187.25, side: .sell), into: &buffer)
/// // buffer holds 09 04 02 69 64 03 2A 06 73 79 6D 62 6F 6C 07 04 41 43 4D 45 …
/// ```
public struct BinaryMessageEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Appends the binary encoding of `value` to `buffer`.
    ///
    /// No length prefix is written. If encoding fails, `buffer` is left as it was.
    ///
    /// - Parameters:
    ///   - value: The value to encode.
    ///   - buffer: The buffer to append to.
    /// - Throws: `EncodingError.invalidValue` for misuse of the Codable API, such as encoding two values through
    ///   one single value container; any error `value`'s `encode(to:)` throws.
    public func encode<Value: Encodable>(_ value: Value, into buffer: inout ByteBuffer) throws {
        let state = StreamingEncoderState(format: .binary)
        do {
            try state.encodeRoot(value)
        } catch {
            guard state.needsFallback else {
                throw error
            }
        }
        if state.needsFallback {
            // The stream could not express the value: start over with the tree encoder.
            let tree = try JSONTreeEncoder.makeTree(value, allowsNonFiniteFloatingPoint: true)
            var output = JSONOutputBuffer(capacity: 256)
            BinaryWriter.writeTree(tree, into: &output)
            output.withBytes { bytes in
                _ = buffer.writeBytes(bytes)
            }
        } else {
            state.write(into: &buffer)
        }
    }
}
