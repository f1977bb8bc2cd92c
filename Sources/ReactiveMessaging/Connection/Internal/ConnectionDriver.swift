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

package import Logging
package import NIOCore

/// What a server or client knows about a connection before it runs.
///
/// `package` so that the test kit can run connections in memory.
@usableFromInline
package struct ConnectionSetup: Sendable {
    let id: ConnectionID
    let logger: Logger
    let configuration: ConnectionConfiguration
    /// The peer's address, read once when the connection opened.
    let remoteAddress: SocketAddress?
    /// Called once the connection's shared state exists, before its processor starts.
    let onStart: @Sendable (ConnectionShared) -> Void
    /// Reports the events that happen inside a connection (a composite protocol's state changes).
    let onEvent: (@Sendable (ConnectionEvent) async -> Void)?

    init(
        id: ConnectionID,
        logger: Logger,
        configuration: ConnectionConfiguration,
        remoteAddress: SocketAddress?,
        onEvent: (@Sendable (ConnectionEvent) async -> Void)?,
        onStart: @escaping @Sendable (ConnectionShared) -> Void
    ) {
        self.id = id
        self.logger = logger
        self.configuration = configuration
        self.remoteAddress = remoteAddress
        self.onEvent = onEvent
        self.onStart = onStart
    }

    /// The setup of a connection that no server or client tracks, reporting its events to `onEvent`.
    package init(
        id: ConnectionID,
        logger: Logger,
        configuration: ConnectionConfiguration,
        remoteAddress: SocketAddress?,
        onEvent: @escaping @Sendable (ConnectionEvent) async -> Void
    ) {
        self.init(
            id: id,
            logger: logger,
            configuration: configuration,
            remoteAddress: remoteAddress,
            onEvent: onEvent
        ) { _ in }
    }
}

/// Runs connections with one serializer and one processor, or a composite protocol; what a `Server` or `Client`
/// keeps of them.
///
/// Built in the `@inlinable` initialisers, so its closure, and the processor and coding closures it calls, are
/// specialised for the user's types. `package` so that the test kit can run one in memory.
@usableFromInline
package struct ConnectionDriver: Sendable {
    /// Every framing a connection may use, for checking the configuration against.
    @usableFromInline
    let framings: [Framing]

    /// What makes the driver unable to run connections, found when it was built; `run()` throws it.
    @usableFromInline
    package var problem: ReactiveMessagingError? = nil

    /// Runs one connection to its end, closes it, and says why it ended.
    @usableFromInline
    package let run: @Sendable (ConnectionChannel, ConnectionSetup) async -> DisconnectReason

    /// Runs a responsive processor: every reply it returns is sent, batched per read.
    @inlinable
    init<Inbound, Outbound, Replies: AsyncSequence & SendableMetatype>(
        coding: MessageCoding<Inbound, Outbound>,
        badInput: BadInputPolicy<Outbound>,
        replying processor: @escaping ConnectionProcessor<Inbound, Outbound, Replies>
    ) where Replies.Element == Outbound {
        self.init(coding: coding, badInput: badInput) { inbound, context in
            let replies = try await processor(inbound, context)
            for try await reply in replies {
                try await context.send(reply)
            }
        }
    }

    @inlinable
    init<Inbound, Outbound>(
        coding: MessageCoding<Inbound, Outbound>,
        badInput: BadInputPolicy<Outbound>,
        processor: @escaping ConnectionProcessor<Inbound, Outbound, Void>
    ) {
        self.framings = [coding.framing]
        self.run = { channel, setup in
            await runConnection(channel, setup: setup, coding: coding, badInput: badInput, body: processor)
        }
    }
}

extension ConnectionDriver {
    /// Runs a processor that sends through its context, with `serializer`.
    @inlinable
    package init<Serializer: MessageSerializer>(
        serializer: Serializer,
        badInput: BadInputPolicy<Serializer.Outbound>,
        processor: @escaping ConnectionProcessor<Serializer.Inbound, Serializer.Outbound, Void>
    ) {
        self.init(coding: MessageCoding(serializer), badInput: badInput, processor: processor)
    }

    /// Runs a responsive processor, with `serializer`.
    @inlinable
    package init<Serializer: MessageSerializer, Replies: AsyncSequence & SendableMetatype>(
        serializer: Serializer,
        badInput: BadInputPolicy<Serializer.Outbound>,
        replying processor: @escaping ConnectionProcessor<Serializer.Inbound, Serializer.Outbound, Replies>
    ) where Replies.Element == Serializer.Outbound {
        self.init(coding: MessageCoding(serializer), badInput: badInput, replying: processor)
    }
}

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

extension ConnectionIO {
    /// Opens a connection's input and output, and tells the server or client it has started.
    ///
    /// Synchronous, so that none of what it builds stays in the connection task's frames: a connection's async
    /// call chain is its memory while it waits, 10,000 times over on a busy server.
    @usableFromInline
    static func open(_ channel: ConnectionChannel, setup: ConnectionSetup, framing: Framing) -> ConnectionIO {
        let shared = ConnectionShared(channel, closeTimeout: TimeAmount(setup.configuration.closeTimeout))
        let io = ConnectionIO(
            input: channel.handler,
            shared: shared,
            framing: framing,
            maximumMessageSize: setup.configuration.maximumMessageSize,
            logger: setup.logger
        )
        setup.onStart(shared)
        return io
    }

    /// Closes the connection after its processor ended (gracefully: see `closeGracefully()`), and says why it
    /// ended.
    @usableFromInline
    func close(_ channel: ConnectionChannel, processorError: (any Error)?) async -> DisconnectReason {
        await self.closeGracefully()
        await channel.close()
        return self.disconnectReason(processorError: processorError)
    }
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
            framing: coding.framing,
            encode: coding.encode
        )
        let context = ConnectionContext(
            connectionID: setup.id,
            peer: peer,
            logger: setup.logger,
            io: self,
            encode: coding.encode
        )
        let inbound = ConnectionInbound(io: self, decode: coding.decode) { error, consecutive in
            try self.handleBadInput(error, consecutive: consecutive, policy: badInput, encode: coding.encode)
        }
        return (inbound, context)
    }
}

extension ConnectionIO {
    /// Applies the bad-input policy to a frame that did not decode, the `consecutive`th bad frame in a row.
    func handleBadInput<Outbound>(
        _ error: any Error,
        consecutive: Int,
        policy: BadInputPolicy<Outbound>,
        encode: (Outbound, inout ByteBuffer) throws -> Void
    ) throws {
        let malformed =
            error as? ReactiveMessagingError
            ?? ReactiveMessagingError(code: .malformedMessage, message: "a frame could not be decoded", cause: error)
        guard consecutive <= policy.maximumConsecutive else {
            // `close` tolerates none; `skip` and `reply` end a run of garbage at their bound.
            let failure =
                policy.maximumConsecutive == 0
                ? malformed
                : ReactiveMessagingError(
                    code: .malformedMessage,
                    message: "\(consecutive) malformed messages in a row; the bad-input policy tolerates "
                        + "\(policy.maximumConsecutive)",
                    cause: malformed
                )
            self.failInput(failure)
            throw failure
        }
        switch policy.kind {
        case .close:
            break  // unreachable: its bound is 0, so the guard above closed the connection
        case .skip:
            self.logger.debug("skipped a malformed message", metadata: ["rm.error": "\(malformed)"])
        case .reply(let makeReply):
            self.logger.debug("answered a malformed message", metadata: ["rm.error": "\(malformed)"])
            let reply = makeReply(malformed)
            try self.enqueue { buffer in try encode(reply, &buffer) }
        }
    }

    /// Why the connection ended, from how its input ended and how its processor did.
    func disconnectReason(processorError: (any Error)?) -> DisconnectReason {
        if self.shared.wasForced { return .shutdown }
        if case .failed(let error)? = self.inputEnd { return .error(error) }
        if let processorError {
            switch processorError {
            case let error as ReactiveMessagingError where error.code == .connectionClosed:
                // A send failed because the socket closed under it: closed on request, or because of what ended
                // the input (say the idle timeout, while the send waited for a peer that does not read), or by
                // the peer.
                if self.shared.isClosing { return .closed }
                if let failure = self.inputFailure { return .error(failure) }
                return .peerClosed
            case let error as ReactiveMessagingError:
                return .error(error)
            default:
                return .error(
                    ReactiveMessagingError(
                        code: .processorFailed,
                        message: "the processor threw",
                        cause: processorError
                    )
                )
            }
        }
        switch self.inputEnd {
        case .peerClosed?: return .peerClosed
        case .drained?: return .shutdown
        case .closed?: return .closed
        case .failed?, nil: return self.shared.isClosing ? .closed : .processorFinished
        }
    }
}
