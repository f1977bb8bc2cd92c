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

/// Writes JSON scalars (strings, numbers, literals) into a `JSONOutputBuffer`.
///
/// The output is compact and never contains a raw line feed or carriage return: both only ever appear escaped
/// inside strings. Strings are escaped like Foundation's `JSONEncoder` with default options does it (`"`, `\`, `/`
/// and every control character below 0x20), so the two encoders write the same bytes for the same scalar.
enum JSONWriter {
    /// Writes `string` as a quoted, escaped JSON string.
    static func writeString(_ string: String, into buffer: inout JSONOutputBuffer) {
        var string = string
        string.withUTF8 { utf8 in
            self.writeString(utf8: UnsafeRawBufferPointer(utf8), into: &buffer)
        }
    }

    /// Writes the UTF-8 bytes `utf8` as a quoted, escaped JSON string.
    static func writeString(utf8: UnsafeRawBufferPointer, into buffer: inout JSONOutputBuffer) {
        buffer.reserve(utf8.count + 2)
        buffer.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "/") {
                index += 1
                continue
            }
            if runStart < index {
                buffer.append(UnsafeRawBufferPointer(rebasing: utf8[runStart..<index]))
            }
            self.writeEscape(for: byte, into: &buffer)
            index += 1
            runStart = index
        }
        if runStart < utf8.count {
            buffer.append(UnsafeRawBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Writes the two- or six-byte escape sequence for `byte`, which is `"`, `\`, `/` or a control character.
    private static func writeEscape(for byte: UInt8, into buffer: inout JSONOutputBuffer) {
        switch byte {
        case UInt8(ascii: "\""):
            buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "\""))
        case UInt8(ascii: "\\"):
            buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "\\"))
        case UInt8(ascii: "/"):
            buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "/"))
        case 0x08:
            buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "b"))
        case 0x0C:
            buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "f"))
        case UInt8(ascii: "\n"):
            buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "n"))
        case UInt8(ascii: "\r"):
            buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "r"))
        case UInt8(ascii: "\t"):
            buffer.append(UInt8(ascii: "\\"), UInt8(ascii: "t"))
        default:
            buffer.append(#"\u00"#)
            buffer.append(self.hexDigit(byte >> 4), self.hexDigit(byte & 0x0F))
        }
    }

    /// The lowercase hexadecimal digit for a value below 16.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &+ (value &- 10)
    }

    /// Writes `value` in decimal.
    static func writeInteger<Value: FixedWidthInteger>(_ value: Value, into buffer: inout JSONOutputBuffer) {
        guard Value.bitWidth <= 64 else {
            // 128-bit integers are rare enough to go through the standard library's formatting.
            var text = String(value)
            text.withUTF8 { buffer.append(UnsafeRawBufferPointer($0)) }
            return
        }
        let negative = value < 0
        let magnitude = UInt64(truncatingIfNeeded: value.magnitude)
        var digitCount = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digitCount += 1
        }
        let byteCount = negative ? digitCount + 1 : digitCount
        buffer.write(upTo: byteCount) { output in
            // `output` holds at least `byteCount` bytes, and every store below is at an offset in `0..<byteCount`.
            var remaining = magnitude
            var offset = byteCount
            repeat {
                offset -= 1
                output.storeBytes(
                    of: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10),
                    toByteOffset: offset,
                    as: UInt8.self
                )
                remaining /= 10
            } while remaining != 0
            if negative {
                output.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 0, as: UInt8.self)
            }
            return byteCount
        }
    }

    /// Writes a finite `value` in its shortest round-trip form, without a trailing ".0" (as Foundation does).
    ///
    /// - Returns: `false`, writing nothing, if `value` is infinite or NaN, which JSON cannot represent.
    static func writeFloatingPoint<Value: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: Value,
        into buffer: inout JSONOutputBuffer
    ) -> Bool {
        guard value.isFinite else {
            return false
        }
        var text = value.description
        text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var count = bytes.count
            if count > 2 && bytes[count - 2] == UInt8(ascii: ".") && bytes[count - 1] == UInt8(ascii: "0") {
                count -= 2
            }
            buffer.append(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
        }
        return true
    }

    /// Writes `true` or `false`.
    static func writeBool(_ value: Bool, into buffer: inout JSONOutputBuffer) {
        if value {
            buffer.append("true")
        } else {
            buffer.append("false")
        }
    }

    /// Writes `null`.
    static func writeNull(into buffer: inout JSONOutputBuffer) {
        buffer.append("null")
    }

    /// The `EncodingError` for a floating-point value JSON cannot represent, worded like Foundation's.
    static func invalidFloatingPoint(_ value: Any, codingPath: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(
            value,
            EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "Unable to encode \(type(of: value)).\(value) directly in JSON."
            )
        )
    }
}
