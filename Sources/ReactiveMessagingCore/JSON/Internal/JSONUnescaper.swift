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

/// Decodes the backslash escapes of JSON string text that `JSONParser` has already validated.
///
/// The functions still check every index against the end of the input; text that would fail validation
/// (which the parser never lets through) yields `nil` rather than a trap.
enum JSONUnescaper {
    /// Reads the four hexadecimal digits at `offset` as a UTF-16 code unit.
    ///
    /// - Returns: `nil` if fewer than four bytes remain or one of them is not a hexadecimal digit.
    static func hexCodeUnit(in bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32? {
        guard offset >= 0, bytes.count - offset >= 4 else {
            return nil
        }
        var value: UInt32 = 0
        var position = offset
        while position < offset + 4 {
            // `position < offset + 4 <= bytes.count` by the guard above.
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"):
                digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"):
                digit = byte &- UInt8(ascii: "A") &+ 10
            default:
                return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Decodes the escaped string text `text` (without quotes) into a `String`.
    ///
    /// - Returns: `nil` if the text holds an invalid escape sequence.
    static func string(from text: UnsafeRawBufferPointer) -> String? {
        var valid = true
        // Unescaping never makes text longer: every escape is at least as long as the UTF-8 it stands for.
        let string = String(unsafeUninitializedCapacity: text.count) { output in
            guard let written = self.unescape(text, into: output) else {
                valid = false
                return 0
            }
            return written
        }
        return valid ? string : nil
    }

    /// Decodes the escaped string text `text` (without quotes) into its UTF-8 bytes.
    ///
    /// - Returns: `nil` if the text holds an invalid escape sequence.
    static func bytes(from text: UnsafeRawBufferPointer) -> [UInt8]? {
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count) { output, initializedCount in
            guard let written = self.unescape(text, into: output) else {
                valid = false
                initializedCount = 0
                return
            }
            initializedCount = written
        }
        return valid ? bytes : nil
    }

    /// Writes the unescaped UTF-8 of `text` into `output`.
    ///
    /// - Returns: The number of bytes written, or `nil` for an invalid escape or if `output` is too small.
    private static func unescape(_ text: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int?
    {
        var read = 0
        var written = 0
        while read < text.count {
            let byte = text[read]
            guard byte == UInt8(ascii: "\\") else {
                guard written < output.count else {
                    return nil
                }
                output[written] = byte
                written += 1
                read += 1
                continue
            }
            guard read + 1 < text.count else {
                return nil
            }
            let escaped = text[read + 1]
            read += 2
            let scalar: UInt32
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                scalar = UInt32(escaped)
            case UInt8(ascii: "b"):
                scalar = 0x08
            case UInt8(ascii: "f"):
                scalar = 0x0C
            case UInt8(ascii: "n"):
                scalar = 0x0A
            case UInt8(ascii: "r"):
                scalar = 0x0D
            case UInt8(ascii: "t"):
                scalar = 0x09
            case UInt8(ascii: "u"):
                guard let unit = self.hexCodeUnit(in: text, at: read) else {
                    return nil
                }
                read += 4
                if unit >= 0xD800 && unit <= 0xDBFF {
                    guard read + 1 < text.count,
                        text[read] == UInt8(ascii: "\\"),
                        text[read + 1] == UInt8(ascii: "u"),
                        let low = self.hexCodeUnit(in: text, at: read + 2),
                        low >= 0xDC00 && low <= 0xDFFF
                    else {
                        return nil
                    }
                    read += 6
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else if unit >= 0xDC00 && unit <= 0xDFFF {
                    return nil
                } else {
                    scalar = unit
                }
            default:
                return nil
            }
            guard let count = self.encodeUTF8(scalar, into: output, at: written) else {
                return nil
            }
            written += count
        }
        return written
    }

    /// Writes the UTF-8 encoding of `scalar` (at most U+10FFFF, not a surrogate) at `offset`.
    ///
    /// - Returns: The number of bytes written, or `nil` if they do not fit.
    private static func encodeUTF8(
        _ scalar: UInt32,
        into output: UnsafeMutableBufferPointer<UInt8>,
        at offset: Int
    ) -> Int? {
        let count: Int
        switch scalar {
        case 0..<0x80: count = 1
        case 0x80..<0x800: count = 2
        case 0x800..<0x10000: count = 3
        default: count = 4
        }
        guard output.count - offset >= count else {
            return nil
        }
        // Every store below is at `offset ..< offset + count`, in bounds by the guard above.
        switch count {
        case 1:
            output[offset] = UInt8(truncatingIfNeeded: scalar)
        case 2:
            output[offset] = 0xC0 | UInt8(truncatingIfNeeded: scalar >> 6)
            output[offset + 1] = 0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F)
        case 3:
            output[offset] = 0xE0 | UInt8(truncatingIfNeeded: scalar >> 12)
            output[offset + 1] = 0x80 | UInt8(truncatingIfNeeded: (scalar >> 6) & 0x3F)
            output[offset + 2] = 0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F)
        default:
            output[offset] = 0xF0 | UInt8(truncatingIfNeeded: scalar >> 18)
            output[offset + 1] = 0x80 | UInt8(truncatingIfNeeded: (scalar >> 12) & 0x3F)
            output[offset + 2] = 0x80 | UInt8(truncatingIfNeeded: (scalar >> 6) & 0x3F)
            output[offset + 3] = 0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F)
        }
        return count
    }
}
