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

public import Logging
public import NIOCore

/// What a processor knows about its connection, and how it replies on it.
///
/// A processor gets a context with its `ConnectionInbound`. Use send(_:) from the processor's own task: it
/// joins the replies to one read into one write. Hand peer to any other task that has to send on, or close,
/// the connection.
///
/// ```swift
/// let conversation = Conversation.processor(serializer: serializer) { inbound, context in
///     context.logger.debug("new player")
///     for try await move in inbound {
///         try await context.send(.accepted(move))
///     }
/// }
/// ```
///
/// - Important: Like the inbound sequence, the context is not `Sendable`: use it in the processor's task only.
public struct ConnectionContext<Outbound: Sendable> {
    /// The connection's id, unique within its server or client.
    public let connectionID: ConnectionID

    /// A handle on the connection that any task may use to send or to close it.
    public let peer: ConnectionPeer<Outbound>

    /// A logger whose metadata names the connection.
    public let logger: Logger

    /// The certificate the peer presented over TLS, verified: a client's under mutual TLS, or the server's on a
    /// client. `nil` without TLS, or when the peer presented none (a client that the server did not ask).
    public let peerCertificate: TLSPeerCertificate?

    @usableFromInline
    let io: ConnectionIO

    @usableFromInline
    let encode: @Sendable (Outbound, inout ByteBuffer) throws -> Void

    init(
        connectionID: ConnectionID,
        peer: ConnectionPeer<Outbound>,
        logger: Logger,
        peerCertificate: TLSPeerCertificate?,
        io: ConnectionIO,
        encode: @escaping @Sendable (Outbound, inout ByteBuffer) throws -> Void
    ) {
        self.connectionID = connectionID
        self.peer = peer
        self.logger = logger
        self.peerCertificate = peerCertificate
        self.io = io
        self.encode = encode
    }

    /// The address of the peer, if the socket knows it.
    public var remoteAddress: SocketAddress? {
        self.peer.remoteAddress
    }

    /// Whether the server or client began a graceful shutdown of this connection.
    ///
    /// A graceful shutdown hands the processor the messages already read, then ends its inbound sequence. After the
    /// sequence ends, this tells a shutdown from the peer's own end of input, so the processor can say goodbye
    /// (a "server shutting down" message, say) before the connection closes.
    public var isShuttingDown: Bool {
        self.io.shared.isDraining
    }

    /// Sends a message to the peer, batched with the other replies to the current read.
    ///
    /// The message is encoded at once. While more messages of the current read are waiting to be handed to the
    /// processor, it stays in the connection's reply buffer; the buffer is written in one write, and flushed, as
    /// soon as none is waiting or the processor asks for more input. Messages keep their order.
    ///
    /// - Parameter message: The message to send.
    /// - Throws: `ReactiveMessagingError` with code `connectionClosed` if the connection is closed or closing,
    ///   or `encodingFailed` if the message cannot be encoded (then nothing is sent).
    @inlinable
    public func send(_ message: Outbound) async throws {
        let encode = self.encode
        try await self.io.send { buffer in try encode(message, &buffer) }
    }
}

@available(*, unavailable)
extension ConnectionContext: Sendable {}
