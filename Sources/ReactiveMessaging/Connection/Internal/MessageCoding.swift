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

/// A serializer's three parts as values: its framing, its decoder and its encoder.
///
/// Built where the serializer's concrete type is known (in the `@inlinable` initialisers of `Server` and
/// `Client`, so in the user's module), its closures are specialised for the user's message types. The connection
/// code then calls them without knowing the serializer's type, and without an existential call per message.
@usableFromInline
struct MessageCoding<Inbound: Sendable, Outbound: Sendable>: Sendable {
    @usableFromInline
    let framing: Framing

    @usableFromInline
    let decode: @Sendable (inout ByteBuffer) throws -> Inbound

    @usableFromInline
    let encode: @Sendable (Outbound, inout ByteBuffer) throws -> Void

    /// The outbound half again, as the one object every connection's `ConnectionPeer` shares.
    @usableFromInline
    let outbound: OutboundEncoder<Outbound>

    @inlinable
    init<Serializer: MessageSerializer<Inbound, Outbound>>(_ serializer: Serializer) {
        self.framing = serializer.framing
        self.decode = { frame in try serializer.decode(&frame) }
        self.encode = { message, buffer in try serializer.encode(message, into: &buffer) }
        self.outbound = OutboundEncoder(framing: self.framing, encode: self.encode)
    }
}
