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

/// A strict parser that checks one binary message and turns it into a flat tape of `BinaryTapeEntry` values in a
/// single pass.
///
/// Like `JSONParser` it does not recurse: the open containers live on a stack of at most `maximumDepth` slots
/// in temporary (normally stack) memory, so hostile nesting cannot overflow the call stack. It validates
/// everything a later read relies on: tags, the shortest-form and range rules of varints, UTF-8 of strings and
/// keys, and that exactly the input's bytes are used. Every length and count is checked against the bytes that
/// remain before it is used, and nothing is allocated in proportion to a count: the tape grows only as entries
/// are actually read, and every entry consumes at least one input byte.
///
/// The steps of the parser report a problem by recording it and returning `false` rather than by throwing, and
/// `parse` throws it once: a rejected message costs a single throw, however deep in the parser it was found, and
/// the hot path tests a `Bool` instead of an optional `DecodingError` (a resilient type, tested through its value
/// witnesses).
struct BinaryParser: ~Copyable {
    /// The largest input the tape's 32-bit offsets can describe.
    static let maximumInputSize = Int(UInt32.max) - 1

    /// An open, non-empty container on the parser's stack: the container that encloses it and how many values
    /// that one still holds after it.
    private struct OpenContainer {
        /// The enclosing container's tape index plus one; 0 for the top level.
        var enclosing: UInt32
        var remaining: UInt32
    }

    private let bytes: UnsafeRawBufferPointer
    private let maximumDepth: Int
    private var index = 0
    private var tape: BinaryTapeEntries
    /// The description of the first problem found, with its byte offset.
    private var failure = ""

    /// Parses `bytes`, which must hold exactly one value.
    ///
    /// - Parameter trailer: An entry to append after the message's entries.
    /// - Returns: The tape, with the root value at index 0 and `trailer` last.
    /// - Throws: `DecodingError.dataCorrupted` describing the first problem and its byte offset.
    static func parse(
        _ bytes: UnsafeRawBufferPointer,
        maximumDepth: Int,
        trailer: BinaryTapeEntry
    ) throws -> BinaryTapeEntries {
        guard bytes.count <= Self.maximumInputSize else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [],
                    debugDescription:
                        "The given data was not a valid binary message: input of \(bytes.count) bytes is too large."
                )
            )
        }
        // Every entry consumes at least one input byte (a tag or a key's length), so `bytes.count + 1` entries
        // always suffice; a large input starts smaller and grows only as entries are actually read.
        var parser = BinaryParser(
            bytes: bytes,
            maximumDepth: max(maximumDepth, 0),
            capacity: min(bytes.count + 1, max(64, bytes.count / 4))
        )
        // An open non-empty container takes at least two bytes (its tag and its count), so the stack never needs
        // more slots than that allows, whatever `maximumDepth` is.
        let stackCapacity = min(parser.maximumDepth, bytes.count / 2) + 1
        let isValid = withUnsafeTemporaryAllocation(of: OpenContainer.self, capacity: stackCapacity) { stack in
            parser.parseMessage(stack: stack)
        }
        guard isValid else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: parser.failure))
        }
        return parser.finish(appending: trailer)
    }

    private init(bytes: UnsafeRawBufferPointer, maximumDepth: Int, capacity: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.tape = BinaryTapeEntries(capacity: capacity)
    }

    /// Appends the trailer and hands over the tape.
    private consuming func finish(appending trailer: BinaryTapeEntry) -> BinaryTapeEntries {
        self.tape.append(trailer)
        return self.tape
    }

    /// Parses the whole input.
    ///
    /// - Returns: Whether the input is one valid value; if not, `failure` describes the first problem.
    private mutating func parseMessage(stack: UnsafeMutableBufferPointer<OpenContainer>) -> Bool {
        // The open non-empty containers are `stack[0..<depth]` plus `container`, the innermost one (-1 at the
        // top level, which holds exactly one value).
        var depth = 0
        var container = -1
        var isMap = false
        var remaining = 1

        while true {
            guard !isMap || self.parseString(what: "key") else {
                return false
            }
            guard self.index < self.bytes.count else {
                return self.fail("Unexpected end of input, expected a value")
            }
            let tagOffset = self.index
            let tagByte = self.bytes[tagOffset]
            self.index += 1
            switch BinaryTag(rawValue: tagByte) {
            case .null?:
                self.tape.append(BinaryTapeEntry(literal: .null))
            case .false?:
                self.tape.append(BinaryTapeEntry(literal: .false))
            case .true?:
                self.tape.append(BinaryTapeEntry(literal: .true))
            case .unsignedInteger?:
                guard self.parseInteger(narrow: .unsigned, wide: .wideUnsigned) else {
                    return false
                }
            case .negativeInteger?:
                guard self.parseInteger(narrow: .negative, wide: .wideNegative) else {
                    return false
                }
            case .float32?:
                guard self.bytes.count - self.index >= 4 else {
                    return self.fail("Unexpected end of input in a 32-bit floating-point number")
                }
                // `index + 4 <= bytes.count` by the guard above.
                let bits = UInt32(littleEndian: self.bytes.loadUnaligned(fromByteOffset: self.index, as: UInt32.self))
                self.tape.append(BinaryTapeEntry(kind: .float32, payload: UInt64(bits)))
                self.index += 4
            case .float64?:
                guard self.bytes.count - self.index >= 8 else {
                    return self.fail("Unexpected end of input in a 64-bit floating-point number")
                }
                // `index + 8 <= bytes.count` by the guard above.
                let bits = UInt64(littleEndian: self.bytes.loadUnaligned(fromByteOffset: self.index, as: UInt64.self))
                self.tape.append(BinaryTapeEntry(kind: .float64, payload: bits))
                self.index += 8
            case .string?:
                guard self.parseString(what: "string") else {
                    return false
                }
            case .array?, .map?:
                let opensMap = tagByte == BinaryTag.map.rawValue
                guard depth < self.maximumDepth else {
                    self.index = tagOffset
                    return self.fail("Nesting is deeper than the maximum depth of \(self.maximumDepth)")
                }
                var count: UInt64 = 0
                guard self.readCount(of: opensMap ? "a map" : "an array", into: &count) else {
                    return false
                }
                // Every element takes at least one byte (its tag), every pair at least two (the key's length and
                // the value's tag): a count the remaining bytes cannot hold is rejected before it is used.
                let available = UInt64(self.bytes.count - self.index) / (opensMap ? 2 : 1)
                guard count <= available else {
                    return self.fail(
                        "\(opensMap ? "Map" : "Array") count \(count) exceeds what the remaining "
                            + "\(self.bytes.count - self.index) bytes can hold"
                    )
                }
                // `count <= bytes.count <= UInt32.max`.
                let elementCount = Int(count)
                self.tape.append(
                    BinaryTapeEntry(
                        containerKind: opensMap ? .map : .array,
                        count: elementCount,
                        endIndex: self.tape.count + 1
                    )
                )
                if elementCount > 0 {
                    guard depth < stack.count else {
                        // Cannot happen: `depth < maximumDepth` and `depth < bytes.count / 2` (every open container
                        // took two bytes). Never write out of bounds regardless.
                        return self.fail("Nesting exceeds the parser's stack")
                    }
                    stack[depth] = OpenContainer(
                        enclosing: UInt32(truncatingIfNeeded: container + 1),
                        remaining: UInt32(truncatingIfNeeded: remaining - 1)
                    )
                    depth += 1
                    container = self.tape.count - 1
                    remaining = elementCount
                    isMap = opensMap
                    continue
                }
            case nil:
                self.index = tagOffset
                return self.fail("Invalid tag 0x\(String(tagByte, radix: 16))")
            }

            // A complete value: close every container it completes.
            remaining -= 1
            while remaining == 0 {
                guard depth > 0 else {
                    guard self.index == self.bytes.count else {
                        return self.fail("\(self.bytes.count - self.index) unexpected bytes after the value")
                    }
                    return true
                }
                self.tape[container].endIndex = self.tape.count
                depth -= 1
                let enclosing = stack[depth]
                container = Int(enclosing.enclosing) - 1
                remaining = Int(enclosing.remaining)
                isMap = container >= 0 && self.tape[container].kind == .map
            }
        }
    }

    /// Parses an integer's varint (after its tag), storing values below 2^64 inline.
    @inline(__always)
    private mutating func parseInteger(narrow: BinaryTapeEntry.Kind, wide: BinaryTapeEntry.Kind) -> Bool {
        guard self.index < self.bytes.count else {
            return self.fail("Unexpected end of input in an integer")
        }
        switch BinaryVarint.read64(from: self.bytes, at: self.index) {
        case .value(let value, let length):
            self.tape.append(BinaryTapeEntry(kind: narrow, payload: value))
            self.index += length
        case .failure(.overflow):
            switch BinaryVarint.read128(from: self.bytes, at: self.index) {
            case .value(_, let length):
                self.tape.append(BinaryTapeEntry(kind: wide, byteOffset: self.index, byteCount: length))
                self.index += length
            case .failure(let failure):
                return self.fail(failure, in: "an integer")
            }
        case .failure(let failure):
            return self.fail(failure, in: "an integer")
        }
        return true
    }

    /// Reads the varint count of an array or map at `index` into `count` and steps over it.
    @inline(__always)
    private mutating func readCount(of what: String, into count: inout UInt64) -> Bool {
        guard self.index < self.bytes.count else {
            return self.fail("Unexpected end of input in the count of \(what)")
        }
        switch BinaryVarint.read64(from: self.bytes, at: self.index) {
        case .value(let value, let length):
            self.index += length
            count = value
            return true
        case .failure(let failure):
            return self.fail(failure, in: "the count of \(what)")
        }
    }

    /// Parses a varint byte count and that many bytes of UTF-8, and appends a string entry: a string's value
    /// (after its tag) or a map key (which has no tag).
    @inline(__always)
    private mutating func parseString(what: StaticString) -> Bool {
        let lengthOffset = self.index
        guard self.index < self.bytes.count else {
            return self.fail("Unexpected end of input, expected the length of a \(what)")
        }
        let length: UInt64
        switch BinaryVarint.read64(from: self.bytes, at: self.index) {
        case .value(let value, let varintLength):
            self.index += varintLength
            length = value
        case .failure(let failure):
            return self.fail(failure, in: "the length of a \(what)")
        }
        guard length <= UInt64(self.bytes.count - self.index) else {
            let remainingBytes = self.bytes.count - self.index
            self.index = lengthOffset
            return self.fail("A \(what) of \(length) bytes exceeds the \(remainingBytes) bytes that remain")
        }
        // `index + byteCount <= bytes.count` by the guard above.
        let byteCount = Int(length)
        let utf8 = UnsafeRawBufferPointer(rebasing: self.bytes[self.index..<(self.index + byteCount)])
        if let invalid = UTF8Validator.firstInvalidOffset(in: utf8) {
            self.index += invalid
            return self.fail("Invalid UTF-8 in a \(what)")
        }
        self.tape.append(BinaryTapeEntry(kind: .string, byteOffset: self.index, byteCount: byteCount))
        self.index += byteCount
        return true
    }

    /// Records why a varint is invalid.
    ///
    /// - Returns: `false`, for the caller to return.
    private mutating func fail(_ failure: BinaryVarint.Failure, in what: String) -> Bool {
        switch failure {
        case .truncated: self.fail("Unexpected end of input in \(what)")
        case .overlong: self.fail("Varint of \(what) is longer than its shortest form")
        case .overflow: self.fail("Varint of \(what) is out of range")
        }
    }

    /// Records the problem `message` at the current byte offset.
    ///
    /// - Returns: `false`, for the caller to return.
    @inline(never)
    private mutating func fail(_ message: String) -> Bool {
        self.failure = "The given data was not a valid binary message: \(message) (at byte offset \(self.index))."
        return false
    }
}
