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
private import NIOConcurrencyHelpers
public import NIOCore
public import NIOPosix
public import ServiceLifecycle

/// A client that connects to a server, with retries, and runs a conversation on the connection.
///
/// A client runs the same `Conversation` as a `Server`: its processor gets the connection's `ConnectionInbound`
/// messages and a `ConnectionContext`, and either returns an `AsyncSequence` of replies or sends through the
/// context. Connecting retries with exponential backoff and jitter (`Configuration/backoff`); when every attempt
/// fails the client throws `ReactiveMessagingError` with code `connectionFailed`.
///
/// For a conversation with a result, use the scoped
/// withConnection(transport:configuration:serializer:badInput:eventLoopGroup:logger:_:):
///
/// ```swift
/// let answer = try await Client.withConnection(
///     transport: .tcp(host: "127.0.0.1", port: 9000),
///     serializer: TextualSerializer<Answer, Greeting>()
/// ) { inbound, context in
///     try await context.send(.hello)
///     return try await inbound.first { _ in true }
/// }
/// ```
///
/// For a long-lived connection, create a `Client` with a conversation and run it as a `Service`: `run()` connects,
/// runs the processor until the connection ends, and returns. A graceful shutdown hands the processor what was
/// already read, ends its inbound sequence, and closes the connection once the processor is done.
public final class Client: Service, Sendable {
    /// Where the client connects, and over what.
    public let transport: Transport

    /// How the client connects and retries, and how it treats its connection.
    public let configuration: Configuration

    private let driver: ConnectionDriver
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onEvent: (@Sendable (ConnectionEvent) async -> Void)?
    private let metrics: ConnectionMetrics
    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba; the same flood either way).
    private let state: NIOLockedValueBox<ClientStateMachine<ConnectionShared>>

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - transport: Where to connect, and over what.
    ///   - configuration: How to connect and retry, and the connection settings.
    ///   - conversation: What runs on the connection: a processor with its serializer, or a composite protocol.
    ///   - eventLoopGroup: The event loops for the socket. Defaults to NIO's shared singleton.
    ///   - logger: Where the client logs; a composite protocol's state changes are logged at debug level.
    ///     Defaults to swift-log's `Logger.current`: the logger bound with `withLogger`, else the process's default.
    ///   - onEvent: Called when the connection opens, enters and leaves each state of a composite protocol, and
    ///     closes.
    public init(
        transport: Transport,
        configuration: Configuration = .defaults,
        conversation: Conversation,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = .current,
        onEvent: (@Sendable (ConnectionEvent) async -> Void)? = nil
    ) {
        self.transport = transport
        self.configuration = configuration
        self.driver = conversation.driver
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onEvent = onEvent
        self.metrics = ConnectionMetrics(configuration.metrics)
        self.state = NIOLockedValueBox(ClientStateMachine(reconnects: configuration.reconnects))
    }

    /// Connects, then runs the processor until the connection ends.
    ///
    /// - Throws: `ReactiveMessagingError`: `connectionFailed` when every connection attempt failed;
    ///   `tlsHandshakeFailed`, `certificateRejected` or `handshakeTimeout` when the TLS handshake failed (not
    ///   retried);
    ///   `invalidArgument` for a bad configuration or a second call, or the error that ended the connection
    ///   (bad input, idle timeout, a network failure, `processorFailed`). Returns normally when the connection
    ///   ended without error, or on shutdown.
    public func run() async throws {
        if let problem = self.driver.problem {
            throw problem
        }
        try Self.validate(self.transport, self.configuration, framings: self.driver.framings)
        guard self.state.withLockedValue({ $0.start() }) else {
            throw ReactiveMessagingError(code: .invalidArgument, message: "a client runs only once")
        }
        defer { self.state.withLockedValue { $0.stop() } }

        let reason = try await withGracefulShutdownHandler {
            var id = ConnectionID(rawValue: 1)
            while true {
                let connected = try await Self.connect(
                    transport: self.transport,
                    configuration: self.configuration,
                    eventLoopGroup: self.eventLoopGroup,
                    logger: self.logger,
                    metrics: self.metrics
                ) { self.isShutdownRequested }
                guard let (channel, peerCertificate) = connected else { return DisconnectReason.shutdown }
                let reason = await withTaskExecutorPreference(EventLoopTaskExecutor(channel.channel.eventLoop)) {
                    await self.serve(channel, id: id, peerCertificate: peerCertificate)
                }
                guard self.state.withLockedValue({ $0.shouldReconnect(after: reason) }) else {
                    return reason
                }
                let delay = self.configuration.backoff.jitteredDelay(afterAttempt: 1)
                self.logger.debug(
                    "connection lost; reconnecting",
                    metadata: ["rm.reason": "\(reason)", "rm.delay": "\(delay)"]
                )
                try? await Task.sleep(for: delay)
                if Task.isCancelled || self.isShutdownRequested { return DisconnectReason.shutdown }
                id = ConnectionID(rawValue: id.rawValue &+ 1)
            }
        } onGracefulShutdown: {
            self.beginGracefulShutdown()
        }
        if let error = reason.error {
            throw error
        }
    }

    /// Starts a graceful shutdown: stop retrying, or hand the processor what was already read, end its inbound
    /// sequence and close the connection once the processor is done. Safe to call from any task, any number of
    /// times.
    public func beginGracefulShutdown() {
        self.state.withLockedValue { $0.beginGracefulShutdown() }?.beginDraining()
    }

    /// Connects, runs `body` on the connection, then closes it.
    ///
    /// `body` is the processor of the connection: it gets the messages the server sends and a context to send
    /// with. When it returns or throws, what it sent is flushed and the connection is closed.
    ///
    /// - Parameters:
    ///   - transport: Where to connect, and over what.
    ///   - configuration: How to connect and retry, and the connection settings.
    ///   - serializer: Decodes what the server sends and encodes what the client sends.
    ///   - badInput: What to do with a frame that does not decode. Defaults to closing the connection.
    ///   - eventLoopGroup: The event loops for the socket. Defaults to NIO's shared singleton.
    ///   - logger: Where the client logs. Defaults to swift-log's `Logger.current`: the logger bound with `withLogger`,
    ///     else the process's default.
    ///   - body: The conversation. It runs as the connection's processor, on the connection's event loop, not on
    ///     the caller's actor: hop to it (`await MainActor.run { ... }`) for what needs it, or return the result.
    /// - Returns: What `body` returns.
    /// - Throws: `ReactiveMessagingError` with code `connectionFailed` if every connection attempt failed, or
    ///   what `body` throws.
    @inlinable
    public static func withConnection<Serializer: MessageSerializer, Result>(
        transport: Transport,
        configuration: Configuration = .defaults,
        serializer: Serializer,
        badInput: BadInputPolicy<Serializer.Outbound> = .close,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = .current,
        _ body:
            sending (ConnectionInbound<Serializer.Inbound>, ConnectionContext<Serializer.Outbound>) async throws
            -> sending Result
    ) async throws -> sending Result {
        try await self.withConnection(
            transport: transport,
            configuration: configuration,
            coding: MessageCoding(serializer),
            badInput: badInput,
            eventLoopGroup: eventLoopGroup,
            logger: logger,
            body
        )
    }

    @usableFromInline
    static func withConnection<Inbound, Outbound, Result>(
        transport: Transport,
        configuration: Configuration,
        coding: MessageCoding<Inbound, Outbound>,
        badInput: BadInputPolicy<Outbound>,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        _ body: sending (ConnectionInbound<Inbound>, ConnectionContext<Outbound>) async throws -> sending Result
    ) async throws -> sending Result {
        try Self.validate(transport, configuration, framings: [coding.framing])
        let connected = try await Self.connect(
            transport: transport,
            configuration: configuration,
            eventLoopGroup: eventLoopGroup,
            logger: logger,
            metrics: ConnectionMetrics(configuration.metrics)
        ) { false }
        guard let (channel, peerCertificate) = connected else {
            throw ReactiveMessagingError(code: .connectionFailed, message: "the connection attempt was abandoned")
        }
        let id = ConnectionID(rawValue: 1)
        let setup = ConnectionSetup(
            id: id,
            logger: Self.connectionLogger(logger, id: id, channel: channel.channel),
            configuration: configuration.connection,
            remoteAddress: channel.channel.remoteAddress,
            peerCertificate: peerCertificate,
            onEvent: nil
        ) { _ in }
        let outcome = await withTaskExecutorPreference(EventLoopTaskExecutor(channel.channel.eventLoop)) {
            var outcome: Swift.Result<Result, any Error> = .failure(ConnectionIO.closedError(cause: nil))
            _ = await runConnection(channel, setup: setup, coding: coding, badInput: badInput) { inbound, context in
                do {
                    outcome = .success(try await body(inbound, context))
                } catch {
                    outcome = .failure(error)
                    throw error
                }
            }
            return outcome
        }
        return try outcome.get()
    }

    // MARK: Internals

    /// Checks what `run()` and `withConnection` connect with: the configuration for each framing the conversation
    /// uses, and the transport (a port from 1 to 65,535, a Unix socket path that fits).
    private static func validate(
        _ transport: Transport,
        _ configuration: Configuration,
        framings: [Framing]
    ) throws(ReactiveMessagingError) {
        for framing in framings {
            try configuration.validate(for: framing)
        }
        try transport.endpoint.validate(ports: 1...65_535)
    }

    private var isShutdownRequested: Bool {
        self.state.withLockedValue { $0.isShutdownRequested }
    }

    private func serve(
        _ channel: ConnectionChannel,
        id: ConnectionID,
        peerCertificate: TLSPeerCertificate?
    ) async -> DisconnectReason {
        let remoteAddress = channel.channel.remoteAddress
        let logger = Self.connectionLogger(self.logger, id: id, channel: channel.channel)
        logger.debug("connection opened")
        await self.onEvent?(ConnectionEvent(kind: .connected, connectionID: id, remoteAddress: remoteAddress))
        let setup = ConnectionSetup(
            id: id,
            logger: logger,
            configuration: self.configuration.connection,
            remoteAddress: remoteAddress,
            peerCertificate: peerCertificate,
            onEvent: self.onEvent
        ) { shared in
            if self.state.withLockedValue({ $0.connected(shared) }) {
                shared.beginDraining()
            }
        }
        let reason = await self.driver.run(channel, setup)
        self.state.withLockedValue { $0.disconnected() }
        logger.debug("connection closed", metadata: ["rm.reason": "\(reason)"])
        await self.onEvent?(
            ConnectionEvent(kind: .disconnected, connectionID: id, remoteAddress: remoteAddress, reason: reason)
        )
        return reason
    }

    private static func connectionLogger(_ logger: Logger, id: ConnectionID, channel: any Channel) -> Logger {
        var logger = logger
        logger[metadataKey: "rm.connection.id"] = .stringConvertible(id)
        if let remoteAddress = channel.remoteAddress {
            logger[metadataKey: "rm.remote.address"] = .stringConvertible(HostAndPort(remoteAddress))
        }
        return logger
    }

    /// Connects, retrying with backoff.
    ///
    /// Over TLS the handshake follows; it is not retried if it fails.
    ///
    /// - Returns: The connection and, over TLS, the server's verified certificate; or `nil` if `isStopRequested`
    ///   said to stop between attempts.
    /// - Throws: `connectionFailed` once every attempt failed; `tlsHandshakeFailed`, `certificateRejected` or
    ///   `handshakeTimeout` if the TLS handshake failed.
    private static func connect(
        transport: Transport,
        configuration: Configuration,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger,
        metrics: ConnectionMetrics,
        isStopRequested: () -> Bool
    ) async throws -> (channel: ConnectionChannel, peerCertificate: TLSPeerCertificate?)? {
        let tls = try transport.tls.map { tls throws(ReactiveMessagingError) in
            try TLSChannelSetup.client(tls, endpoint: transport.endpoint)
        }
        var bootstrap = ClientBootstrap(group: eventLoopGroup)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
        switch transport.endpoint {
        case .hostAndPort:
            bootstrap = bootstrap.channelOption(
                .socketOption(.tcp_nodelay),
                value: configuration.connection.tcpNoDelay ? 1 : 0
            )
        case .unixDomainSocket(_, let sendBufferSize):
            bootstrap = bootstrap.channelOption(.socketOption(.so_sndbuf), value: sendBufferSize)
        case .inMemory:
            break
        }
        let connectionConfiguration = configuration.connection
        let initializer: @Sendable (any Channel) -> EventLoopFuture<ConnectionChannel> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try ConnectionChannel.wrap(channel, configuration: connectionConfiguration, tls: tls, metrics: metrics)
            }
        }
        var attempt = 1
        while true {
            let channel: ConnectionChannel
            do {
                switch transport.endpoint {
                case .hostAndPort(let host, let port):
                    channel = try await bootstrap.connect(host: host, port: port, channelInitializer: initializer)
                case .unixDomainSocket(let path, _):
                    channel = try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: initializer)
                case .inMemory(let endpoint):
                    channel = try await endpoint.connect(on: eventLoopGroup.next()) { channel in
                        try ConnectionChannel.wrap(
                            channel,
                            configuration: connectionConfiguration,
                            tls: tls,
                            metrics: metrics
                        )
                    }
                }
            } catch {
                guard attempt < configuration.backoff.maximumAttempts else {
                    throw ReactiveMessagingError(
                        code: .connectionFailed,
                        message: "could not connect to \(transport) in \(attempt) attempt\(attempt == 1 ? "" : "s")",
                        cause: error
                    )
                }
                let delay = configuration.backoff.jitteredDelay(afterAttempt: attempt)
                logger.debug(
                    "connection attempt failed; retrying",
                    metadata: [
                        "rm.target": "\(transport)", "rm.attempt": "\(attempt)", "rm.delay": "\(delay)",
                        "rm.error": "\(error)",
                    ]
                )
                try await Task.sleep(for: delay)
                if isStopRequested() { return nil }
                attempt += 1
                continue
            }
            // A failed handshake is not retried: a certificate refused now is refused again.
            switch await channel.completeHandshake() {
            case .success(let peerCertificate):
                return (channel, peerCertificate)
            case .failure(let error):
                metrics.tlsHandshakeFailed()
                await channel.close()
                throw error
            }
        }
    }
}
