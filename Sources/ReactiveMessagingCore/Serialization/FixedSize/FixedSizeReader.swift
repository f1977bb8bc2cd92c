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

/// Reads the fields of a `FixedSizeMessage` from its bytes, checking every read.
///
/// Every method throws `ReactiveMessagingError` with code `malformedMessage` rather than read past the message's
/// bytes or accept a value its type cannot hold (a `Bool` other than 0 or 1, an enum tag that names no case,
/// padding that is not zero). Multi-byte values are little-endian.
///
/// - Important: A reader is only valid inside `FixedSizeMessage/init(reading:)`; it points into the connection's
///   receive buffer.
public struct FixedSizeReader {
    @usableFromInline
    let bytes: UnsafeRawBufferPointer

    @usableFromInline
    var position: Int

    /// How many bytes were read so far.
    @inlinable
    public var offset: Int { self.position }

    @inlinable
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
    }

    /// How many bytes are left to read.
    @inlinable
    public var remaining: Int {
        self.bytes.count - self.offset
    }

    @inlinable
    @inline(__always)
    mutating func advance(by count: Int, reading what: Any.Type) throws(ReactiveMessagingError) -> Int {
        guard count <= self.bytes.count &- self.position else {
            throw Self.tooShort(what, count: count, at: self.position, remaining: self.remaining)
        }
        let start = self.position
        self.position &+= count
        return start
    }

    @usableFromInline
    static func tooShort(_ what: Any.Type, count: Int, at offset: Int, remaining: Int) -> ReactiveMessagingError {
        Self.malformed("\(what) needs \(count) bytes at offset \(offset), \(remaining) are left")
    }

    /// Reads an integer, little-endian unless you say otherwise.
    ///
    /// - Parameters:
    ///   - type: The integer's type.
    ///   - endianness: The byte order; little-endian by default. Big-endian is there for existing protocols.
    /// - Returns: The integer.
    /// - Throws: `malformedMessage` if fewer bytes than the integer's size are left.
    @inlinable
    @inline(__always)
    public mutating func read<Integer: FixedWidthInteger>(
        _ type: Integer.Type = Integer.self,
        endianness: Endianness = .little
    ) throws(ReactiveMessagingError) -> Integer {
        let start = try self.advance(by: MemoryLayout<Integer>.size, reading: Integer.self)
        let raw = self.bytes.loadUnaligned(fromByteOffset: start, as: Integer.self)
        return endianness == .little ? Integer(littleEndian: raw) : Integer(bigEndian: raw)
    }

    /// Reads a one-byte `Bool`: 0 is `false`, 1 is `true`.
    ///
    /// - Parameter type: `Bool.self`.
    /// - Returns: The value.
    /// - Throws: `malformedMessage` for any other byte, or if no byte is left.
    @inlinable
    public mutating func read(_ type: Bool.Type = Bool.self) throws(ReactiveMessagingError) -> Bool {
        let start = try self.advance(by: 1, reading: Bool.self)
        switch self.bytes[start] {
        case 0: return false
        case 1: return true
        case let byte: throw Self.malformed("byte \(byte) at offset \(start) is not a Bool (0 or 1)")
        }
    }

    /// Reads a little-endian IEEE 754 single-precision number.
    ///
    /// - Parameter type: `Float.self`.
    /// - Returns: The value; any bit pattern is a valid `Float`, NaN included.
    /// - Throws: `malformedMessage` if fewer than 4 bytes are left.
    @inlinable
    public mutating func read(_ type: Float.Type = Float.self) throws(ReactiveMessagingError) -> Float {
        Float(bitPattern: try self.read(UInt32.self))
    }

    /// Reads a little-endian IEEE 754 double-precision number.
    ///
    /// - Parameter type: `Double.self`.
    /// - Returns: The value; any bit pattern is a valid `Double`, NaN included.
    /// - Throws: `malformedMessage` if fewer than 8 bytes are left.
    @inlinable
    public mutating func read(_ type: Double.Type = Double.self) throws(ReactiveMessagingError) -> Double {
        Double(bitPattern: try self.read(UInt64.self))
    }

    /// Reads an enum's tag, its integer raw value, and returns the case it names.
    ///
    /// - Parameter type: The enum.
    /// - Returns: The case.
    /// - Throws: `malformedMessage` if the tag names no case, or if the tag's bytes are missing.
    @inlinable
    public mutating func read<Tagged: RawRepresentable>(
        _ type: Tagged.Type = Tagged.self
    ) throws(ReactiveMessagingError) -> Tagged where Tagged.RawValue: FixedWidthInteger {
        let tag = try self.read(Tagged.RawValue.self)
        guard let value = Tagged(rawValue: tag) else {
            throw Self.malformed(
                "\(tag) at offset \(self.offset - MemoryLayout<Tagged.RawValue>.size) names no \(Tagged.self)"
            )
        }
        return value
    }

    /// Reads a nested fixed-size message: exactly its `FixedSizeMessage/wireSize` bytes.
    ///
    /// - Parameter type: The nested message's type.
    /// - Returns: The nested message.
    /// - Throws: What the nested message's reads throw, or `malformedMessage` if it reads more than its size or
    ///   leaves non-zero bytes in it unread.
    @inlinable
    public mutating func readNested<Nested: FixedSizeMessage>(
        _ type: Nested.Type = Nested.self
    ) throws(ReactiveMessagingError) -> Nested {
        let start = try self.advance(by: Nested.wireSize, reading: Nested.self)
        var nested = FixedSizeReader(UnsafeRawBufferPointer(rebasing: self.bytes[start..<(start + Nested.wireSize)]))
        let value = try Nested(reading: &nested)
        try nested.expectZeros(to: Nested.wireSize)
        return value
    }

    /// Skips padding, checking that it is zero.
    ///
    /// - Parameter count: How many bytes of padding.
    /// - Throws: `malformedMessage` if a padding byte is not zero, or if the bytes are missing.
    @inlinable
    public mutating func skipPadding(_ count: Int) throws(ReactiveMessagingError) {
        let start = try self.advance(by: count, reading: Padding.self)
        try self.checkZeros(start..<(start + count))
    }

    /// Checks that the bytes from the current offset up to `end` are zero, and moves there.
    @inlinable
    @inline(__always)
    mutating func expectZeros(to end: Int) throws(ReactiveMessagingError) {
        let range = self.offset..<max(self.offset, min(end, self.bytes.count))
        try self.checkZeros(range)
        self.position = range.upperBound
    }

    @inlinable
    @inline(__always)
    func checkZeros(_ range: Range<Int>) throws(ReactiveMessagingError) {
        for index in range where self.bytes[index] != 0 {
            throw Self.notZero(self.bytes[index], at: index)
        }
    }

    @usableFromInline
    static func notZero(_ byte: UInt8, at offset: Int) -> ReactiveMessagingError {
        Self.malformed("byte \(byte) at offset \(offset) is not the zero of padding")
    }

    /// Names padding in error messages.
    @usableFromInline
    enum Padding {}

    @usableFromInline
    static func malformed(_ message: String) -> ReactiveMessagingError {
        ReactiveMessagingError(code: .malformedMessage, message: "fixed-size message: \(message)")
    }
}

@available(*, unavailable)
extension FixedSizeReader: Sendable {}
