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

/// Reads values straight from the bytes of a binary message that `BinaryParser` has already validated.
///
/// Values are addressed by the byte offset of their tag; map keys by the offset of their length varint. Because
/// the message has been checked as a whole before any value is read, a value's shape never surprises the reader,
/// but every read still checks its offset against the bytes (a failed check reports `nil` or throws, and never
/// reads out of bounds), so even a reader handed bytes that were not validated cannot misbehave.
///
/// The reader is two words and trivial: decoders and containers make one from their own fields when they need
/// it. Nothing is allocated here except on error paths (messages and coding paths) and by `containerEnd` for
/// nesting deeper than 64 levels.
struct BinaryReader {
    /// The readable bytes of the message.
    let bytes: UnsafeRawBufferPointer

    /// The byte at `offset`, or `nil` if `offset` is outside the message.
    @inline(__always)
    func byte(at offset: Int) -> UInt8? {
        guard UInt(bitPattern: offset) < UInt(bitPattern: self.bytes.count) else {
            return nil
        }
        return self.bytes[offset]
    }

    /// The varint at `offset` read as a 64-bit value, and the offset just past it.
    @inline(__always)
    func varint(at offset: Int) -> (value: UInt64, end: Int)? {
        guard let first = self.byte(at: offset) else {
            return nil
        }
        if first < 0x80 {
            return (UInt64(first), offset + 1)
        }
        // `offset` is in bounds, as `read64` requires.
        guard case .value(let value, let length) = BinaryVarint.read64(from: self.bytes, at: offset) else {
            return nil
        }
        return (value, offset + length)
    }

    /// The length varint of a string or key at `offset`: the offset of its first UTF-8 byte and of the byte just
    /// past it, both inside the message.
    @inline(__always)
    func text(at offset: Int) -> (start: Int, end: Int)? {
        guard let (length, start) = self.varint(at: offset), length <= UInt64(self.bytes.count - start) else {
            return nil
        }
        return (start, start + Int(length))
    }

    /// The bytes `start..<end`, which must lie inside the message (as `text(at:)` guarantees).
    @inline(__always)
    func slice(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        guard start >= 0, start <= end, end <= self.bytes.count else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(rebasing: self.bytes[start..<end])
    }

    // MARK: Skipping

    /// The offset just past the value whose tag is at `offset`, or `nil` if the bytes do not hold a value there.
    @inline(__always)
    func valueEnd(at offset: Int) -> Int? {
        guard let tag = self.byte(at: offset) else {
            return nil
        }
        switch tag {
        case BinaryTag.null.rawValue, BinaryTag.false.rawValue, BinaryTag.true.rawValue:
            return offset + 1
        case BinaryTag.unsignedInteger.rawValue, BinaryTag.negativeInteger.rawValue:
            return self.integerEnd(at: offset + 1)
        case BinaryTag.float32.rawValue:
            return offset + 5 <= self.bytes.count ? offset + 5 : nil
        case BinaryTag.float64.rawValue:
            return offset + 9 <= self.bytes.count ? offset + 9 : nil
        case BinaryTag.string.rawValue:
            return self.text(at: offset + 1)?.end
        case BinaryTag.array.rawValue, BinaryTag.map.rawValue:
            return self.containerEnd(at: offset)
        default:
            return nil
        }
    }

    /// The offset just past an integer's varint (of up to 128 bits) that starts at `offset`.
    @inline(__always)
    private func integerEnd(at offset: Int) -> Int? {
        var position = offset
        while let byte = self.byte(at: position) {
            position += 1
            if byte < 0x80 {
                return position
            }
        }
        return nil
    }

    /// The offset just past the array or map whose tag is at `offset`.
    ///
    /// Walks the container without recursion, keeping the open containers on a stack of 64 slots in temporary
    /// memory (and an array beyond that depth, which only a decoder configured for deeper nesting accepts).
    @inline(never)
    func containerEnd(at offset: Int) -> Int? {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 64) { stack in
            self.containerEnd(at: offset, stack: stack)
        }
    }

    /// An open container while skipping: the values it still holds (times two) plus one if it is a map.
    private func containerEnd(at offset: Int, stack: UnsafeMutableBufferPointer<UInt64>) -> Int? {
        var overflow: [UInt64] = []
        var depth = 0
        var position = offset
        // The innermost open container: values still to skip, and whether a key precedes each.
        var remaining: UInt64 = 1
        var isMap = false
        while true {
            if isMap {
                guard let key = self.text(at: position) else {
                    return nil
                }
                position = key.end
            }
            guard let tag = self.byte(at: position) else {
                return nil
            }
            if tag == BinaryTag.array.rawValue || tag == BinaryTag.map.rawValue {
                guard let (count, contents) = self.varint(at: position + 1) else {
                    return nil
                }
                position = contents
                remaining -= 1
                if count > 0 {
                    // Counts were checked against the input, so they fit in 63 bits.
                    let saved = remaining << 1 | (isMap ? 1 : 0)
                    if depth < stack.count {
                        stack[depth] = saved
                    } else {
                        overflow.append(saved)
                    }
                    depth += 1
                    remaining = count
                    isMap = tag == BinaryTag.map.rawValue
                    continue
                }
            } else {
                guard let end = self.valueEnd(at: position) else {
                    return nil
                }
                position = end
                remaining -= 1
            }
            while remaining == 0 {
                guard depth > 0 else {
                    return position
                }
                depth -= 1
                let saved: UInt64
                if depth < stack.count {
                    saved = stack[depth]
                } else {
                    guard let last = overflow.popLast() else {
                        return nil
                    }
                    saved = last
                }
                remaining = saved >> 1
                isMap = saved & 1 == 1
            }
        }
    }

    // MARK: Coding paths

    /// The coding path from the root to the value whose tag is at `target`, with keys read back from the message
    /// and array positions as `Index N`. Computed only on demand, which is rare (errors, or a type asking).
    func codingPath(to target: Int) -> [any CodingKey] {
        var path: [any CodingKey] = []
        var node = 0
        while node < target {
            guard let tag = self.byte(at: node), tag == BinaryTag.array.rawValue || tag == BinaryTag.map.rawValue,
                let (count, contents) = self.varint(at: node + 1)
            else {
                return path
            }
            let isMap = tag == BinaryTag.map.rawValue
            var position = contents
            var index: UInt64 = 0
            var descended = false
            while index < count {
                var valueOffset = position
                var key: (start: Int, end: Int)?
                if isMap {
                    guard let text = self.text(at: position) else {
                        return path
                    }
                    key = text
                    valueOffset = text.end
                }
                guard let end = self.valueEnd(at: valueOffset) else {
                    return path
                }
                if target >= valueOffset && target < end {
                    if let key {
                        path.append(JSONCodingKey(stringValue: self.string(key.start, key.end)))
                    } else {
                        path.append(JSONCodingKey(index: Int(index)))
                    }
                    node = valueOffset
                    descended = true
                    break
                }
                position = end
                index += 1
            }
            guard descended else {
                return path
            }
        }
        return path
    }

    /// The UTF-8 text `start..<end` as a `String` (the parser has validated it, so decoding repairs nothing).
    @inline(__always)
    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: self.slice(start, end), as: UTF8.self)
    }

    // MARK: Scalars

    /// A short phrase naming the kind of value whose tag is `tag`, for error messages ("found a string instead").
    static func kindDescription(_ tag: UInt8?) -> String {
        switch tag.flatMap(BinaryTag.init(rawValue:)) {
        case .null?: "nil"
        case .false?, .true?: "a bool"
        case .unsignedInteger?, .negativeInteger?: "an integer"
        case .float32?: "a 32-bit floating-point number"
        case .float64?: "a 64-bit floating-point number"
        case .string?: "a string"
        case .array?: "an array"
        case .map?: "a map"
        case nil: "nothing"
        }
    }

    /// The error for a value of the wrong kind, worded like Foundation's.
    @inline(never)
    func typeMismatch(_ type: Any.Type, at offset: Int, codingPath: () -> [any CodingKey]) -> DecodingError {
        let tag = self.byte(at: offset)
        if tag == BinaryTag.null.rawValue {
            return DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: codingPath(),
                    debugDescription: "Cannot get value of type \(type) -- found nil value instead"
                )
            )
        }
        return DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: codingPath(),
                debugDescription: "Expected to decode \(type) but found \(Self.kindDescription(tag)) instead."
            )
        )
    }

    /// The error for bytes that do not hold what validation promised (which a validated message never has).
    @inline(never)
    func inconsistent(at offset: Int, codingPath: () -> [any CodingKey]) -> DecodingError {
        self.corrupted(
            "The given data was not a valid binary message (at byte offset \(offset)).",
            codingPath: codingPath()
        )
    }

    /// A `dataCorrupted` error.
    func corrupted(_ message: String, codingPath: [any CodingKey]) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: message))
    }

    /// Whether the value at `offset` is `nil`.
    @inline(__always)
    func isNull(at offset: Int) -> Bool {
        self.byte(at: offset) == BinaryTag.null.rawValue
    }

    /// Reads the bool at `offset`.
    func bool(at offset: Int, codingPath: () -> [any CodingKey]) throws -> Bool {
        switch self.byte(at: offset) {
        case BinaryTag.true.rawValue?: return true
        case BinaryTag.false.rawValue?: return false
        default: throw self.typeMismatch(Bool.self, at: offset, codingPath: codingPath)
        }
    }

    /// Reads the string at `offset`.
    func string(at offset: Int, codingPath: () -> [any CodingKey]) throws -> String {
        guard self.byte(at: offset) == BinaryTag.string.rawValue else {
            throw self.typeMismatch(String.self, at: offset, codingPath: codingPath)
        }
        guard let text = self.text(at: offset + 1) else {
            throw self.inconsistent(at: offset, codingPath: codingPath)
        }
        return self.string(text.start, text.end)
    }

    /// Reads an integer of any width as a `Value`, which it must fit.
    @inline(__always)
    func integer<Value: FixedWidthInteger>(
        _ type: Value.Type,
        at offset: Int,
        codingPath: () -> [any CodingKey]
    ) throws -> Value {
        let tag = self.byte(at: offset)
        let isNegative: Bool
        switch tag {
        case BinaryTag.unsignedInteger.rawValue?: isNegative = false
        case BinaryTag.negativeInteger.rawValue?: isNegative = true
        default: throw self.typeMismatch(type, at: offset, codingPath: codingPath)
        }
        if let (n, _) = self.varint(at: offset + 1) {
            if !isNegative {
                if let value = Value(exactly: n) {
                    return value
                }
            } else if Value.isSigned, let n = Value(exactly: n) {
                // The value is -1 - n, which is `~n` in two's complement; it fits if n fits.
                return ~n
            }
            throw self.doesNotFit(type, at: offset, codingPath: codingPath)
        }
        return try self.wideInteger(type, at: offset, isNegative: isNegative, codingPath: codingPath)
    }

    /// Reads an integer whose magnitude needs more than 64 bits.
    @inline(never)
    private func wideInteger<Value: FixedWidthInteger>(
        _ type: Value.Type,
        at offset: Int,
        isNegative: Bool,
        codingPath: () -> [any CodingKey]
    ) throws -> Value {
        guard let n = self.magnitude(at: offset) else {
            throw self.inconsistent(at: offset, codingPath: codingPath)
        }
        if !isNegative, let value = Value(exactly: n) {
            return value
        }
        if isNegative, Value.isSigned, let n = Value(exactly: n) {
            return ~n
        }
        throw self.doesNotFit(type, at: offset, codingPath: codingPath)
    }

    /// The varint of the integer whose tag is at `offset`, of up to 128 bits.
    private func magnitude(at offset: Int) -> UInt128? {
        guard self.byte(at: offset + 1) != nil,
            case .value(let value, _) = BinaryVarint.read128(from: self.bytes, at: offset + 1)
        else {
            return nil
        }
        return value
    }

    /// The error for an integer outside the range of the requested type.
    @inline(never)
    private func doesNotFit(_ type: Any.Type, at offset: Int, codingPath: () -> [any CodingKey]) -> DecodingError {
        let text: String
        if let n = self.magnitude(at: offset) {
            text =
                self.byte(at: offset) == BinaryTag.negativeInteger.rawValue ? "-" + Self.decimalPlusOne(n) : String(n)
        } else {
            text = "?"
        }
        return self.corrupted("Binary integer <\(text)> does not fit in \(type).", codingPath: codingPath())
    }

    /// The decimal text of `n + 1`, which may be 2^128.
    private static func decimalPlusOne(_ n: UInt128) -> String {
        n == .max ? "340282366920938463463374607431768211456" : String(n + 1)
    }

    /// The little-endian bits of the floating-point value whose tag is at `offset`.
    @inline(__always)
    private func bits<Bits: FixedWidthInteger>(_ type: Bits.Type, at offset: Int) -> Bits? {
        let start = offset + 1
        guard start > 0, start <= self.bytes.count - MemoryLayout<Bits>.size else {
            return nil
        }
        // `start + size <= bytes.count` by the guard above.
        return Bits(littleEndian: self.bytes.loadUnaligned(fromByteOffset: start, as: Bits.self))
    }

    /// Reads a 32- or 64-bit floating-point number as a `Double`.
    func double(at offset: Int, codingPath: () -> [any CodingKey]) throws -> Double {
        switch self.byte(at: offset) {
        case BinaryTag.float64.rawValue?:
            if let bits = self.bits(UInt64.self, at: offset) {
                return Double(bitPattern: bits)
            }
        case BinaryTag.float32.rawValue?:
            if let bits = self.bits(UInt32.self, at: offset) {
                return Double(Float(bitPattern: bits))
            }
        default:
            throw self.typeMismatch(Double.self, at: offset, codingPath: codingPath)
        }
        throw self.inconsistent(at: offset, codingPath: codingPath)
    }

    /// Reads a 32-bit floating-point number, or a 64-bit one that a `Float` holds exactly.
    func float(at offset: Int, codingPath: () -> [any CodingKey]) throws -> Float {
        switch self.byte(at: offset) {
        case BinaryTag.float32.rawValue?:
            if let bits = self.bits(UInt32.self, at: offset) {
                return Float(bitPattern: bits)
            }
        case BinaryTag.float64.rawValue?:
            if let bits = self.bits(UInt64.self, at: offset) {
                let double = Double(bitPattern: bits)
                let float = Float(double)
                guard double.isNaN || Double(float) == double else {
                    throw self.corrupted("Binary number \(double) does not fit in Float.", codingPath: codingPath())
                }
                return float
            }
        default:
            throw self.typeMismatch(Float.self, at: offset, codingPath: codingPath)
        }
        throw self.inconsistent(at: offset, codingPath: codingPath)
    }
}
