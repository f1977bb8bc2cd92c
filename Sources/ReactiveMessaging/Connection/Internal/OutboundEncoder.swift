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

/// A serializer's outbound half, framing and encoder, as one object shared by every connection that speaks it.
///
/// A `ConnectionPeer` encodes through it; a fan-out (`ConnectionGroups`) tells by its identity which members
/// speak the same serializer, and encodes a message once for all of them.
@usableFromInline
final class OutboundEncoder<Outbound: Sendable>: Sendable {
    @usableFromInline
    let framing: Framing

    @usableFromInline
    let encode: @Sendable (Outbound, inout ByteBuffer) throws -> Void

    @usableFromInline
    init(framing: Framing, encode: @escaping @Sendable (Outbound, inout ByteBuffer) throws -> Void) {
        self.framing = framing
        self.encode = encode
    }

    /// Encodes `messages` as frames into one buffer.
    ///
    /// - Returns: The frames and how many messages they are.
    /// - Throws: `encodingFailed` if a message cannot be encoded; then nothing is returned.
    @inlinable
    func encodeFrames(
        _ messages: some Sequence<Outbound>,
        allocator: ByteBufferAllocator
    ) throws -> (frames: ByteBuffer, count: Int) {
        var buffer = allocator.buffer(capacity: 128)
        var count = 0
        let encode = self.encode
        for message in messages {
            try self.framing.writeFrame(into: &buffer) { buffer in try encode(message, &buffer) }
            count += 1
        }
        return (buffer, count)
    }
}
