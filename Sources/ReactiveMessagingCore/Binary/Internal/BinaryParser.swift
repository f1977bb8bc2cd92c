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

/// A strict parser that checks one binary message in a single pass, before any value of it is decoded.
///
/// Like `JSONParser` it does not recurse: the open containers live on a stack of at most `maximumDepth` slots
/// in temporary (normally stack) memory, so hostile nesting cannot overflow the call stack. It validates
/// everything a later read relies on: tags, the shortest-form and range rules of varints, UTF-8 of strings and
/// keys, and that exactly the input's bytes are used. Every length and count is checked against the bytes that
/// remain before it is used, and nothing is allocated in proportion to a count. It builds nothing: once it
/// accepts a message, `BinaryReader` reads the values straight from the bytes.
///
/// The steps of the parser report a problem by recording it and returning `false` rather than by throwing, and
/// `validate` throws it once: a rejected message costs a single throw, however deep in the parser it was found,
/// and the hot path tests a `Bool` instead of an optional `DecodingError` (a resilient type, tested through its
/// value witnesses).
struct BinaryParser: ~Copyable {
    /// The largest input whose offsets fit the 32-bit fields of the decoder.
    static let maximumInputSize = Int(UInt32.max) - 1

    /// An open, non-empty container on the parser's stack: how many values the container that encloses it still
    /// holds after it, and whether that one is a map.
    private struct OpenContainer {
        var remaining: UInt32
        var isMap: Bool
    }

    private let bytes: UnsafeRawBufferPointer
    private let maximumDepth: Int
    private var index = 0
    /// The description of the first problem found, with its byte offset.
    private var failure = ""

    /// Checks that `bytes` hold exactly one valid value.
    ///
    /// - Throws: `DecodingError.dataCorrupted` describing the first problem and its byte offset.
    static func validate(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int) throws {
        guard bytes.count <= Self.maximumInputSize else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [],
                    debugDescription:
                        "The given data was not a valid binary message: input of \(bytes.count) bytes is too large."
                )
            )
        }
        var parser = BinaryParser(bytes: bytes, maximumDepth: max(maximumDepth, 0))
        // An open non-empty container takes at least two bytes (its tag and its count), so the stack never needs
        // more slots than that allows, whatever `maximumDepth` is.
        let stackCapacity = min(parser.maximumDepth, bytes.count / 2) + 1
        let isValid = withUnsafeTemporaryAllocation(of: OpenContainer.self, capacity: stackCapacity) { stack in
            parser.parseMessage(stack: stack)
        }
        guard isValid else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: parser.failure))
        }
    }

    private init(bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// Parses the whole input.
    ///
    /// - Returns: Whether the input is one valid value; if not, `failure` describes the first problem.
    private mutating func parseMessage(stack: UnsafeMutableBufferPointer<OpenContainer>) -> Bool {
        // The open non-empty containers are `stack[0..<depth]` plus the innermost one, described by `isMap` and
        // `remaining` (at the top level, which holds exactly one value, `isMap` is false).
        var depth = 0
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
            case .null?, .false?, .true?:
                break
            case .unsignedInteger?, .negativeInteger?:
                guard self.parseInteger() else {
                    return false
                }
            case .float32?:
                guard self.bytes.count - self.index >= 4 else {
                    return self.fail("Unexpected end of input in a 32-bit floating-point number")
                }
                self.index += 4
            case .float64?:
                guard self.bytes.count - self.index >= 8 else {
                    return self.fail("Unexpected end of input in a 64-bit floating-point number")
                }
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
                if elementCount > 0 {
                    guard depth < stack.count else {
                        // Cannot happen: `depth < maximumDepth` and `depth < bytes.count / 2` (every open container
                        // took two bytes). Never write out of bounds regardless.
                        return self.fail("Nesting exceeds the parser's stack")
                    }
                    stack[depth] = OpenContainer(remaining: UInt32(truncatingIfNeeded: remaining - 1), isMap: isMap)
                    depth += 1
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
                depth -= 1
                let enclosing = stack[depth]
                remaining = Int(enclosing.remaining)
                isMap = enclosing.isMap
            }
        }
    }

    /// Parses an integer's varint (after its tag), of up to 128 bits.
    @inline(__always)
    private mutating func parseInteger() -> Bool {
        guard self.index < self.bytes.count else {
            return self.fail("Unexpected end of input in an integer")
        }
        switch BinaryVarint.read64(from: self.bytes, at: self.index) {
        case .value(_, let length):
            self.index += length
        case .failure(.overflow):
            switch BinaryVarint.read128(from: self.bytes, at: self.index) {
            case .value(_, let length):
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

    /// Parses a varint byte count and that many bytes of UTF-8: a string's value (after its tag) or a map key
    /// (which has no tag).
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
