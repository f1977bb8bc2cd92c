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

/// Fixed-size binary messages: every frame is exactly as long as the larger of the two message types.
///
/// Both directions use frames of `max(Inbound.wireSize, Outbound.wireSize)` bytes, so a client and its server (whose
/// serializers swap the two types) agree on the size. A message shorter than the frame is followed by zero padding.
/// There is no length prefix and no delimiter:
///
/// ```
/// | message (wireSize bytes, its fields as FixedSizeMessage.write lays them out) | zeros up to the frame size |
/// ```
///
/// Decoding validates everything: the fields (through `FixedSizeReader`), and that every byte the message leaves
/// unread is zero. It allocates nothing, and reads the frame in place.
///
/// ```swift
/// let serverSide = FixedSizeSerializer<ClientEvent, ServerEvent>()
/// let clientSide = FixedSizeSerializer<ServerEvent, ClientEvent>()
/// ```
public struct FixedSizeSerializer<Inbound: FixedSizeMessage, Outbound: FixedSizeMessage>: MessageSerializer {
    /// Creates the serializer.
    ///
    /// - Precondition: Both message types have a `FixedSizeMessage/wireSize` of at least 1.
    public init() {
        precondition(Inbound.wireSize >= 1 && Outbound.wireSize >= 1, "fixed-size messages take at least one byte")
    }

    /// The size of every frame: the larger of the two messages' sizes.
    @inlinable
    public static var frameSize: Int {
        max(Inbound.wireSize, Outbound.wireSize)
    }

    /// Frames of `frameSize` bytes.
    @inlinable
    public var framing: Framing { .fixedSize(Self.frameSize) }

    /// Reads one message from its frame, in place.
    ///
    /// - Throws: `ReactiveMessagingError` with code `malformedMessage` when the bytes are not a valid `Inbound`,
    ///   or a byte it leaves unread is not zero.
    @inlinable
    public func decode(_ frame: inout ByteBuffer) throws -> Inbound {
        try frame.withUnsafeReadableBytes { bytes throws(ReactiveMessagingError) in
            var reader = FixedSizeReader(bytes)
            let message = try Inbound(reading: &reader)
            try reader.expectZeros(to: bytes.count)
            return message
        }
    }

    /// Writes one message and its zero padding.
    @inlinable
    public func encode(_ message: Outbound, into buffer: inout ByteBuffer) throws {
        let size = Self.frameSize
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { bytes in
            let frame = UnsafeMutableRawBufferPointer(rebasing: bytes[..<size])
            frame.initializeMemory(as: UInt8.self, repeating: 0)
            var writer = FixedSizeWriter(frame)
            message.write(to: &writer)
            return size
        }
    }
}
