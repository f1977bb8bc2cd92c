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

internal import NIOCore

/// Runs `body` as the processor of one connection, then closes the connection.
///
/// - Returns: Why the connection ended.
@inlinable
func runConnection<Inbound, Outbound>(
    _ channel: ConnectionChannel,
    setup: ConnectionSetup,
    coding: MessageCoding<Inbound, Outbound>,
    badInput: BadInputPolicy<Outbound>,
    body: (ConnectionInbound<Inbound>, ConnectionContext<Outbound>) async throws -> Void
) async -> DisconnectReason {
    // No closure between the connection and its processor, and nothing kept but the error: every async call level
    // keeps its frame in the task's memory for as long as the connection lives (see `ConnectionSetup`).
    let io = ConnectionIO.open(channel, setup: setup, framing: coding.framing)
    var processorError: (any Error)?
    do {
        try await runProcessor(io, setup: setup, coding: coding, badInput: badInput, body: body)
    } catch {
        processorError = error
    }
    return await io.close(channel, processorError: processorError)
}

/// Opens a connection's input and output, runs `body` over them, then closes the connection.
///
/// - Returns: Why the connection ended, and what `body` returned or threw.
@usableFromInline
func withConnectionIO<Result>(
    _ channel: ConnectionChannel,
    setup: ConnectionSetup,
    framing: Framing,
    body: (ConnectionIO) async throws -> Result
) async -> (reason: DisconnectReason, result: Swift.Result<Result, any Error>) {
    let io = ConnectionIO.open(channel, setup: setup, framing: framing)
    let outcome: Swift.Result<Result, any Error>
    var processorError: (any Error)?
    do {
        outcome = .success(try await body(io))
    } catch {
        processorError = error
        outcome = .failure(error)
    }
    return (await io.close(channel, processorError: processorError), outcome)
}

/// Runs `body` as a processor with one coding over an open connection: the whole connection, or one state of a
/// composite protocol.
@inlinable
func runProcessor<Inbound, Outbound, Result>(
    _ io: ConnectionIO,
    setup: ConnectionSetup,
    coding: MessageCoding<Inbound, Outbound>,
    badInput: BadInputPolicy<Outbound>,
    body: (ConnectionInbound<Inbound>, ConnectionContext<Outbound>) async throws -> Result
) async throws -> Result {
    let (inbound, context) = io.processorArguments(setup: setup, coding: coding, badInput: badInput)
    return try await body(inbound, context)
}

extension ConnectionIO {
    /// What a processor is called with: its inbound sequence and its context.
    ///
    /// Synchronous and not inlined, so that what it builds on the way (the peer's address, among others) takes no
    /// room in the frame of `runProcessor`, which every waiting connection keeps.
    @usableFromInline
    @inline(never)
    func processorArguments<Inbound, Outbound>(
        setup: ConnectionSetup,
        coding: MessageCoding<Inbound, Outbound>,
        badInput: BadInputPolicy<Outbound>
    ) -> (ConnectionInbound<Inbound>, ConnectionContext<Outbound>) {
        let peer = ConnectionPeer(
            connectionID: setup.id,
            remoteAddress: setup.remoteAddress ?? self.shared.channel.remoteAddress,
            shared: self.shared,
            encoder: coding.outbound
        )
        let context = ConnectionContext(
            connectionID: setup.id,
            peer: peer,
            logger: setup.logger,
            peerCertificate: setup.peerCertificate,
            io: self,
            encode: coding.encode
        )
        let inbound = ConnectionInbound(io: self, decode: coding.decode) { error, consecutive in
            try self.handleBadInput(error, consecutive: consecutive, policy: badInput, encode: coding.encode)
        }
        return (inbound, context)
    }
}
