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

/// A message with a fixed binary layout: every message of the type takes exactly `wireSize` bytes.
///
/// A fixed-size message reads and writes its fields one by one, in an order and with widths it chooses, through a
/// `FixedSizeReader` and a `FixedSizeWriter`. That order is the wire layout, so document it next to the type: a
/// C or Python peer implements the same reads and writes. Integers and floating-point numbers are little-endian;
/// a `Bool` is one byte, 0 or 1; an enum is its integer raw value (a *tag*); bytes a message does not write are
/// zero (padding). A reader validates as it goes, so any bytes from the network become either a valid message or a
/// `ReactiveMessagingError` with code `malformedMessage`, never undefined behaviour; reading allocates nothing.
///
/// ```swift
/// /// 16 bytes: kind (UInt8 tag), 3 zero bytes, player (UInt32), score (Int64).
/// struct Point: FixedSizeMessage {
///     enum Kind: UInt8 { case serve = 1, rally = 2, fault = 3 }
///     var kind: Kind
///     var player: UInt32
///     var score: Int64
///
///     static var wireSize: Int { 16 }
///
///     init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
///         self.kind = try reader.read(Kind.self)
///         try reader.skipPadding(3)
///         self.player = try reader.read(UInt32.self)
///         self.score = try reader.read(Int64.self)
///     }
///
///     func write(to writer: inout FixedSizeWriter) {
///         writer.write(self.kind)
///         writer.skipPadding(3)
///         writer.write(self.player)
///         writer.write(self.score)
///     }
/// }
/// ```
///
/// An enum whose raw value is an integer is a fixed-size message with no more code than the conformance: it travels
/// as its tag.
public protocol FixedSizeMessage: Sendable {
    /// How many bytes every message of this type takes on the wire.
    static var wireSize: Int { get }

    /// Reads a message from the front of `reader`.
    ///
    /// - Parameter reader: The message's bytes. Valid only during this call: do not keep it.
    /// - Throws: `ReactiveMessagingError` with code `malformedMessage` when the bytes are not a valid message:
    ///   what the reader's methods throw, or your own checks.
    init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError)

    /// Writes the message at the front of `writer`; at most `wireSize` bytes.
    ///
    /// - Parameter writer: Where to write. Its bytes start zeroed, so padding needs no writing. Valid only during
    ///   this call: do not keep it.
    func write(to writer: inout FixedSizeWriter)
}

extension FixedSizeMessage where Self: RawRepresentable, RawValue: FixedWidthInteger {
    /// The size of the raw value.
    @inlinable
    public static var wireSize: Int { MemoryLayout<RawValue>.size }

    /// Reads the raw value, and refuses one that names no case.
    @inlinable
    public init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
        self = try reader.read(Self.self)
    }

    /// Writes the raw value.
    @inlinable
    public func write(to writer: inout FixedSizeWriter) {
        writer.write(self)
    }
}
