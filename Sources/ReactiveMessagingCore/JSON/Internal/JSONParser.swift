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

/// A strict RFC 8259 parser that turns one JSON text into a flat tape of `JSONTapeEntry` values in a single pass.
///
/// The parser is iterative (open containers are chained through their tape entries rather than through the call
/// stack), so hostile nesting cannot overflow the stack; `maximumDepth` bounds it anyway. It validates everything
/// a later read relies on: number grammar, string escapes including surrogate pairs, UTF-8 well-formedness and
/// that nothing but whitespace follows the value. Every byte read is preceded by a check against the input's end.
struct JSONParser: ~Copyable {
    /// The largest input the tape's 32-bit offsets can describe.
    static let maximumInputSize = Int(UInt32.max) - 2

    /// Thrown when the tape's capacity is exhausted; the caller parses again with room for every entry.
    private struct TapeFull: Error {}

    private let bytes: UnsafeRawBufferPointer
    private let maximumDepth: Int
    private var index = 0
    /// The tape being written. One slot is kept free for a trailing entry.
    private var tape: JSONTapeEntries

    /// The number of entries written.
    private var count: Int {
        self.tape.count
    }

    /// Parses `bytes`, which must hold exactly one JSON value, optionally surrounded by whitespace.
    ///
    /// - Parameter trailer: An entry to append after the document's entries.
    /// - Returns: The tape, with the root value at index 0 and `trailer` last.
    /// - Throws: `DecodingError.dataCorrupted` describing the first problem and its byte offset.
    static func parse(
        _ bytes: UnsafeRawBufferPointer,
        maximumDepth: Int,
        trailer: JSONTapeEntry
    ) throws -> JSONTapeEntries {
        guard bytes.count <= Self.maximumInputSize else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [],
                    debugDescription: "The given data was not valid JSON: input of \(bytes.count) bytes is too large."
                )
            )
        }
        // Every entry starts at a different input byte, so `bytes.count` entries (plus the trailer) always
        // suffice. Most JSON needs far fewer, so start smaller and parse again in the rare case that is too few.
        let upperBound = bytes.count + 1
        var capacity = min(upperBound, max(64, bytes.count / 4))
        while true {
            var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth, capacity: capacity)
            do {
                try parser.parseDocument()
                // `parseDocument` leaves one slot free.
                return parser.finish(appending: trailer)
            } catch is TapeFull {
                // Cannot happen with `upperBound` entries; never loop on it regardless.
                guard capacity < upperBound else {
                    throw DecodingError.dataCorrupted(
                        DecodingError.Context(codingPath: [], debugDescription: "The given data could not be parsed.")
                    )
                }
                capacity = upperBound
            }
        }
    }

    private init(bytes: UnsafeRawBufferPointer, maximumDepth: Int, capacity: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.tape = JSONTapeEntries(capacity: capacity)
    }

    /// Appends the trailer in the slot kept free and hands over the tape.
    private consuming func finish(appending trailer: JSONTapeEntry) -> JSONTapeEntries {
        self.tape.append(trailer)
        return self.tape
    }

    /// Appends an entry to the tape.
    ///
    /// - Throws: `TapeFull` if only the slot reserved for the trailer is left.
    @inline(__always)
    private mutating func append(_ entry: JSONTapeEntry) throws {
        guard self.tape.freeCapacity > 1 else {
            throw TapeFull()
        }
        self.tape.append(entry)
    }

    private mutating func parseDocument() throws {
        var openContainer = -1
        var depth = 0
        self.skipWhitespace()

        parsing: while true {
            // Parse one value at `index`.
            guard self.index < self.bytes.count else {
                throw self.error("Unexpected end of input, expected a value")
            }
            let byte = self.bytes[self.index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < self.maximumDepth else {
                    throw self.error("Nesting is deeper than the maximum depth of \(self.maximumDepth)")
                }
                depth += 1
                let isObject = byte == UInt8(ascii: "{")
                try self.append(JSONTapeEntry(containerKind: isObject ? .object : .array, parentIndex: openContainer))
                openContainer = self.count - 1
                self.index += 1
                self.skipWhitespace()
                let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if self.index < self.bytes.count && self.bytes[self.index] == closing {
                    self.index += 1
                    self.closeContainer(&openContainer)
                    depth -= 1
                } else {
                    self.tape[openContainer].memberCount = 1
                    if isObject {
                        try self.parseMemberName()
                    }
                    continue parsing
                }
            case UInt8(ascii: "\""):
                try self.parseString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try self.parseNumber()
            case UInt8(ascii: "t"):
                try self.parseLiteral("true", kind: .true)
            case UInt8(ascii: "f"):
                try self.parseLiteral("false", kind: .false)
            case UInt8(ascii: "n"):
                try self.parseLiteral("null", kind: .null)
            default:
                throw self.error("Unexpected character '\(Self.describe(byte))', expected a value")
            }

            // After a value: a separator, the end of the enclosing container(s) or the end of the input.
            while true {
                self.skipWhitespace()
                guard openContainer >= 0 else {
                    guard self.index == self.bytes.count else {
                        throw self.error(
                            "Unexpected character '\(Self.describe(self.bytes[self.index]))' after the top-level value"
                        )
                    }
                    return
                }
                guard self.index < self.bytes.count else {
                    throw self.error("Unexpected end of input inside a container")
                }
                let separator = self.bytes[self.index]
                let isObject = self.tape[openContainer].kind == .object
                if separator == UInt8(ascii: ",") {
                    self.index += 1
                    self.skipWhitespace()
                    self.tape[openContainer].memberCount += 1
                    if isObject {
                        try self.parseMemberName()
                    }
                    continue parsing
                }
                guard separator == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw self.error(
                        "Unexpected character '\(Self.describe(separator))', expected ',' or '\(isObject ? "}" : "]")'"
                    )
                }
                self.index += 1
                self.closeContainer(&openContainer)
                depth -= 1
            }
        }
    }

    /// Records where the open container ends and makes its parent the open container.
    @inline(__always)
    private mutating func closeContainer(_ openContainer: inout Int) {
        let parent = self.tape[openContainer].endIndex
        self.tape[openContainer].endIndex = self.count
        // The root container stored -1 (as UInt32.max) for "no parent".
        openContainer = parent == Int(UInt32.max) ? -1 : parent
    }

    /// Parses `"name"` `:` and the whitespace around the colon, leaving `index` at the member's value.
    @inline(__always)
    private mutating func parseMemberName() throws {
        guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "\"") else {
            throw self.error("Expected a member name in double quotes")
        }
        try self.parseString()
        self.skipWhitespace()
        guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ":") else {
            throw self.error("Expected ':' after a member name")
        }
        self.index += 1
        self.skipWhitespace()
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                self.index += 1
            default:
                return
            }
        }
    }

    private mutating func parseLiteral(_ literal: StaticString, kind: JSONTapeEntry.Kind) throws {
        let count = literal.utf8CodeUnitCount
        guard self.bytes.count - self.index >= count else {
            throw self.error("Unexpected end of input in a literal")
        }
        let matches = literal.withUTF8Buffer { expected in
            var offset = 0
            while offset < count {
                // `index + offset < bytes.count` by the guard above.
                guard self.bytes[self.index + offset] == expected[offset] else {
                    return false
                }
                offset += 1
            }
            return true
        }
        guard matches else {
            throw self.error("Invalid literal, expected '\(literal)'")
        }
        self.index += count
        try self.append(JSONTapeEntry(literal: kind))
    }

    /// Parses a number, checking the RFC 8259 grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    @inline(__always)
    private mutating func parseNumber() throws {
        let start = self.index
        var isIntegral = true
        if self.bytes[self.index] == UInt8(ascii: "-") {
            self.index += 1
        }
        guard self.index < self.bytes.count, Self.isDigit(self.bytes[self.index]) else {
            throw self.error("Invalid number, expected a digit")
        }
        if self.bytes[self.index] == UInt8(ascii: "0") {
            self.index += 1
        } else {
            self.skipDigits()
        }
        if self.index < self.bytes.count && self.bytes[self.index] == UInt8(ascii: ".") {
            isIntegral = false
            self.index += 1
            guard self.index < self.bytes.count, Self.isDigit(self.bytes[self.index]) else {
                throw self.error("Invalid number, expected a digit after the decimal point")
            }
            self.skipDigits()
        }
        if self.index < self.bytes.count
            && (self.bytes[self.index] == UInt8(ascii: "e") || self.bytes[self.index] == UInt8(ascii: "E"))
        {
            isIntegral = false
            self.index += 1
            if self.index < self.bytes.count
                && (self.bytes[self.index] == UInt8(ascii: "+") || self.bytes[self.index] == UInt8(ascii: "-"))
            {
                self.index += 1
            }
            guard self.index < self.bytes.count, Self.isDigit(self.bytes[self.index]) else {
                throw self.error("Invalid number, expected a digit in the exponent")
            }
            self.skipDigits()
        }
        try self.append(
            JSONTapeEntry(kind: .number, flag: !isIntegral, byteOffset: start, byteCount: self.index - start)
        )
    }

    @inline(__always)
    private mutating func skipDigits() {
        while self.index < self.bytes.count && Self.isDigit(self.bytes[self.index]) {
            self.index += 1
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Parses a string starting at its opening quote, validating escapes and UTF-8.
    @inline(__always)
    private mutating func parseString() throws {
        let start = self.index + 1
        var position = start
        var hasEscapes = false
        while true {
            // Fast path: printable ASCII other than the quote and the backslash.
            while position < self.bytes.count {
                let byte = self.bytes[position]
                guard byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") else {
                    break
                }
                position += 1
            }
            self.index = position
            guard position < self.bytes.count else {
                throw self.error("Unterminated string")
            }
            let byte = self.bytes[position]
            if byte == UInt8(ascii: "\"") {
                break
            } else if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                try self.validateEscape()
            } else if byte < 0x20 {
                throw self.error("Unescaped control character 0x\(String(byte, radix: 16)) in a string")
            } else {
                try self.validateMultiByteScalar()
            }
            position = self.index
        }
        try self.append(JSONTapeEntry(kind: .string, flag: hasEscapes, byteOffset: start, byteCount: position - start))
        self.index = position + 1
    }

    /// Validates the escape sequence at `index` (which holds the backslash) and steps over it.
    private mutating func validateEscape() throws {
        guard self.index + 1 < self.bytes.count else {
            throw self.error("Unterminated escape sequence")
        }
        switch self.bytes[self.index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            self.index += 2
        case UInt8(ascii: "u"):
            guard let unit = JSONUnescaper.hexCodeUnit(in: self.bytes, at: self.index + 2) else {
                throw self.error("Invalid \\u escape, expected four hexadecimal digits")
            }
            self.index += 6
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard self.index + 1 < self.bytes.count,
                    self.bytes[self.index] == UInt8(ascii: "\\"),
                    self.bytes[self.index + 1] == UInt8(ascii: "u"),
                    let low = JSONUnescaper.hexCodeUnit(in: self.bytes, at: self.index + 2),
                    low >= 0xDC00 && low <= 0xDFFF
                else {
                    throw self.error("High surrogate escape not followed by a low surrogate escape")
                }
                self.index += 6
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw self.error("Low surrogate escape without a preceding high surrogate")
            }
        default:
            throw self.error("Invalid escape sequence")
        }
    }

    /// Validates the multi-byte UTF-8 sequence starting at `index` (RFC 3629: no overlong forms, no surrogates,
    /// nothing above U+10FFFF) and steps over it.
    private mutating func validateMultiByteScalar() throws {
        switch UTF8Validator.multiByteScalar(in: self.bytes, at: self.index) {
        case .valid(let length):
            self.index += length
        case .invalidLeadByte(let lead):
            throw self.error("Invalid UTF-8 lead byte 0x\(String(lead, radix: 16))")
        case .truncated:
            throw self.error("Truncated UTF-8 sequence")
        case .invalidContinuationByte(let byte):
            throw self.error("Invalid UTF-8 continuation byte 0x\(String(byte, radix: 16))")
        }
    }

    private func error(_ message: String) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: [],
                debugDescription: "The given data was not valid JSON: \(message) (at byte offset \(self.index))."
            )
        )
    }

    /// A printable rendering of an unexpected byte.
    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F {
            return String(UnicodeScalar(byte))
        }
        return "0x" + String(byte, radix: 16)
    }
}
