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

/// Encodes `Encodable` values as compact JSON text straight into a `ByteBuffer`, without Foundation.
///
/// The output has the shape Foundation's `JSONEncoder` produces with default options: keyed containers become
/// objects, unkeyed containers arrays, single values scalars and `nil` becomes `null`; a value that asks for no
/// container becomes `{}`, and a bare scalar at the top level is allowed. So `enum Greeting: Codable { case hello }`
/// encodes `.hello` as `{"hello":{}}`. Scalars are written exactly as Foundation writes them: strings escape `"`,
/// `\`, `/` and every control character (so the text never contains a raw line feed or carriage return), and
/// floating-point numbers use their shortest round-trip form without a trailing `.0`.
///
/// The encoder writes as the `Encodable` type encodes, without building an intermediate tree, and closes open
/// objects and arrays lazily (the Codable API has no "container finished" call). Uses of the API that a stream
/// cannot express the way Foundation does (writing to a container after a later sibling was started, asking one
/// encoder for a container twice, catching an error thrown by a nested value and carrying on) are detected and
/// the value is encoded again by a slower, tree-building encoder, so the output is always valid JSON.
///
/// Differences from Foundation's `JSONEncoder`:
///
/// - Object members appear in the order they were encoded (Foundation's order is unspecified).
/// - Encoding the same key twice into one keyed container writes the member twice; decoders, this package's and
///   Foundation's, then read the first value (Foundation's encoder keeps the last one).
/// - A top-level value that asks for no container encodes as `{}` (Foundation throws).
/// - Foundation's special cases for its own types are not applied: `Data` encodes as an array of bytes (not
///   Base64), `URL` and `Decimal` through their own `Codable` conformances.
///
/// ```swift
/// struct Order: Codable {
///     var id: Int
///     var symbol: String
/// }
///
/// let encoder = JSONMessageEncoder()
/// var buffer = ByteBuffer()
/// try encoder.encode(Order(id: 42, symbol: "ACME"), into: &buffer)
/// // buffer now holds {"id":42,"symbol":"ACME"}
/// ```
public struct JSONMessageEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Appends the compact JSON text of `value` to `buffer`, with no whitespace and no trailing newline.
    ///
    /// The text never contains a raw line feed (0x0A) or carriage return (0x0D): inside strings both are escaped,
    /// so the result can be framed as one line. If encoding fails, `buffer` is left as it was.
    ///
    /// - Parameters:
    ///   - value: The value to encode.
    ///   - buffer: The buffer to append to.
    /// - Throws: `EncodingError.invalidValue` for a floating-point value that is infinite or NaN, or for misuse of
    ///   the Codable API such as encoding two values through one single value container; any error `value`'s
    ///   `encode(to:)` throws.
    public func encode<Value: Encodable>(_ value: Value, into buffer: inout ByteBuffer) throws {
        let state = StreamingEncoderState(format: .json)
        do {
            try state.encodeRoot(value)
        } catch {
            guard state.needsFallback else {
                throw error
            }
        }
        if state.needsFallback {
            try JSONTreeEncoder.encode(value, into: &buffer)
        } else {
            state.write(into: &buffer)
        }
    }
}
