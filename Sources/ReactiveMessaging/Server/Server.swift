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
private import Synchronization

/// A server that turns each connection into a stream of typed messages for a processor.
///
/// A server listens on its transport (TCP, or a Unix domain socket), accepts connections, and runs its
/// conversation on each one in a child task of a discarding task group, on the connection's event loop. The
/// processor gets the connection's `ConnectionInbound` messages and a `ConnectionContext`, and either returns an
/// `AsyncSequence` of replies (each is sent back) or sends through the context itself.
///
/// ```swift
/// enum Greeting: Codable, Sendable { case hello }
/// enum Answer: Codable, Sendable { case world }
///
/// let server = Server(
///     transport: .tcp(host: "127.0.0.1", port: 9000),
///     conversation: .replying(serializer: TextualSerializer<Greeting, Answer>()) { inbound, context in
///         inbound.map { _ in Answer.world }
///     }
/// )
/// try await server.run()   // or add it to a ServiceGroup
/// ```
///
/// The server is a `Service`: `run()` returns when it has shut down. A graceful shutdown
/// (`beginGracefulShutdown()`, or the service group's) stops accepting, tells every connection to hand its
/// processor what it has already read and end its inbound sequence, waits up to `Configuration/drainTimeout` for
/// the connections to close, then closes the rest. One connection's failure never affects another.
public final class Server: Service, Sendable {
    /// Where the server listens, and over what.
    public let transport: Transport

    /// How the server treats its connections.
    public let configuration: Configuration

    private let driver: ConnectionDriver
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onEvent: (@Sendable (ConnectionEvent) async -> Void)?
    private let metrics: ConnectionMetrics
    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba; the same flood either way).
    private let state: NIOLockedValueBox<ServerStateMachine<ServerListener, ConnectionChannel, ConnectionShared>>
    private let boundAddress = AsyncPromise<SocketAddress>()
    /// The TLS settings of the connections accepted from now on, loaded: the transport's, read when `run()` starts,
    /// until `reloadTLS(_:)` replaces them; `nil` until then, and without TLS.
    private let currentTLS = NIOLockedValueBox<(settings: TLS, setup: TLSChannelSetup)?>(nil)
    private let nextConnectionID = Atomic<UInt64>(1)

    /// Creates a server.
    ///
    /// - Parameters:
    ///   - transport: Where to listen, and over what.
    ///   - configuration: The limits of the server and the settings of its connections.
    ///   - conversation: What runs on each connection: a processor with its serializer, or a composite protocol.
    ///   - eventLoopGroup: The event loops for the sockets. Defaults to NIO's shared singleton.
    ///   - logger: Where the server logs; per-connection events (and a composite protocol's state changes) are
    ///     logged at debug level. Defaults to swift-log's `Logger.current`: the logger bound with `withLogger`, else
    ///     the process's default.
    ///   - onEvent: Called, in the connection's task, when a connection opens or closes, when it enters or leaves
    ///     a state of a composite protocol, and when the server stops.
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
        self.state = NIOLockedValueBox(ServerStateMachine(maximumConnections: configuration.maximumConnections))
    }

    /// The address the server listens on, once it does.
    ///
    /// Waits until `run()` has bound the socket; with port 0 this is how to learn the port.
    ///
    /// - Throws: The error `run()` failed with if it could not listen, or `CancellationError`.
    public var listeningAddress: SocketAddress {
        get async throws {
            try await self.boundAddress.get()
        }
    }

    /// Listens and serves connections until a graceful shutdown completes or the task is cancelled.
    ///
    /// - Throws: `ReactiveMessagingError` with code `invalidArgument` for a bad configuration or a second
    ///   call, or `ioError` if the server cannot listen or its listening socket fails.
    public func run() async throws {
        do {
            if let problem = self.driver.problem {
                throw problem
            }
            for framing in self.driver.framings {
                try self.configuration.validate(for: framing)
            }
            try self.transport.endpoint.validate(ports: 0...65_535)
            if let tls = self.transport.tls, self.currentTLS.withLockedValue({ $0 == nil }) {
                let loaded = (tls, try TLSChannelSetup.server(tls))
                // A reload before `run()` wins.
                self.currentTLS.withLockedValue { $0 = $0 ?? loaded }
            }
            guard self.state.withLockedValue({ $0.startBinding() }) else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "a server runs only once")
            }
        } catch {
            self.boundAddress.complete(.failure(error))
            throw error
        }

        let executors = EventLoopTaskExecutor.forEach(of: self.eventLoopGroup)
        let listener: ServerListener
        do {
            listener = try await self.listen()
        } catch {
            let failure = Self.listenFailure(error, transport: self.transport)
            self.logger.error("could not listen", metadata: ["rm.error": "\(failure)"])
            self.state.withLockedValue { $0.bindingFailed() }
            self.boundAddress.complete(.failure(failure))
            throw failure
        }
        let stopAtOnce = self.state.withLockedValue { $0.listening(on: listener) }
        listener.closeFuture.whenComplete { _ in
            self.stopAccepting()
        }
        if let address = listener.address {
            self.boundAddress.complete(.success(address))
            self.logger.info("listening", metadata: ["rm.address": "\(listener.name)"])
        }
        if stopAtOnce {
            listener.close()
        }

        await withGracefulShutdownHandler {
            // The accept loop runs on the listener's event loop, where NIO accepts: a connection reaches it without
            // a thread hop, and with one event loop everything runs on one thread (measured: on the cooperative
            // pool, handing over each connection made the two threads contend the server's lock, 17% of the CPU
            // of connection churn).
            await withTaskExecutorPreference(executors.executor(for: listener.eventLoop)) {
                await withDiscardingTaskGroup { group in
                    // Ends when the listening socket has closed and every connection it accepted was handed over,
                    // or when the task is cancelled.
                    while let accepted = await self.nextAccepted() {
                        for (connection, id) in accepted {
                            group.addTask(
                                executorPreference: executors.executor(for: connection.channel.eventLoop)
                            ) {
                                if let id {
                                    await self.serve(connection, id: id)
                                } else {
                                    await self.refuse(connection)
                                }
                            }
                        }
                    }
                    // Connections accepted but not handed over (the task was cancelled) are closed, not dropped.
                    for connection in self.takeUnclaimedConnections() {
                        group.addTask(executorPreference: executors.executor(for: connection.channel.eventLoop)) {
                            await self.refuse(connection, because: "the server stopped before serving it")
                        }
                    }
                    // The listening socket closes before the drain begins, as in a graceful shutdown.
                    await listener.closeAndWait()
                    // Cancelled, there is no drain: every connection's task is cancelled with this one, and ends as
                    // `cancelled` (a drain that cannot wait would force them closed, as `shutdown`).
                    if !Task.isCancelled, await !self.drainConnections() {
                        self.closeAllConnections()
                        group.cancelAll()
                    }
                }
            }
        } onGracefulShutdown: {
            self.beginGracefulShutdown()
        }

        let listenerFailed = self.state.withLockedValue { $0.stop() }
        if case .unixDomainSocket(let path, _) = self.transport.endpoint {
            UnixSocketFile.remove(path)
        }
        self.logger.info("stopped")
        await self.onEvent?(ConnectionEvent(kind: .stopped))
        if listenerFailed {
            throw ReactiveMessagingError(code: .ioError, message: "the listening socket closed")
        }
    }

    /// Starts a graceful shutdown: stop accepting, let open connections finish, then `run()` returns.
    ///
    /// The listening socket closes first. Then every open connection hands its processor the messages it has
    /// already read, and its inbound sequence ends; connections still open after `Configuration/drainTimeout` are
    /// closed. A client whose connection ends in the drain, and that connects again at once, is refused by the
    /// system instead of landing in this server's accept queue as it closes. Safe to call from any task, any
    /// number of times, even before `run()`.
    public func beginGracefulShutdown() {
        let listener = self.state.withLockedValue { $0.beginGracefulShutdown() }
        // The drain begins in `stopAccepting()`, once the listening socket has closed.
        listener?.close()
    }

    /// Loads TLS settings for the connections the server accepts from now on: certificate rotation without a
    /// restart. Connections already open keep the settings they began with.
    ///
    /// ```swift
    /// // After the certificate files were replaced, on SIGHUP say:
    /// try server.reloadTLS()
    /// // Or with other files, or another client authentication:
    /// let identity = TLSIdentity(certificateChain: [.pemFile("new.pem")], privateKey: .pemFile("new.key"))
    /// try server.reloadTLS(Server.TLS(identity: identity))
    /// ```
    ///
    /// The settings are read and checked before they replace the ones in use: if a file cannot be read or parsed,
    /// or the key does not match the certificate, this throws and the server goes on with the settings it had.
    /// Safe to call from any task, at any time; before `run()`, the settings replace the transport's.
    ///
    /// - Parameter tls: The new settings. Defaults to those in use (the transport's, or the last reload's), read
    ///   again: for certificate files replaced in place.
    /// - Throws: `ReactiveMessagingError` with code `invalidArgument` if the server's transport has no TLS, or the
    ///   settings cannot be loaded.
    public func reloadTLS(_ tls: TLS? = nil) throws(ReactiveMessagingError) {
        guard let inUse = self.currentTLS.withLockedValue({ $0?.settings }) ?? self.transport.tls else {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "the server's transport has no TLS to reload: make it with tls(_:)"
            )
        }
        let settings = tls ?? inUse
        let setup = try TLSChannelSetup.server(settings)
        self.currentTLS.withLockedValue { $0 = (settings, setup) }
        self.logger.info("TLS settings reloaded")
    }

    /// Runs the server while `body` runs, then shuts it down gracefully and waits until it has stopped.
    ///
    /// ```swift
    /// try await server.withRunning { address in
    ///     logger.info("listening on port \(address.port ?? 0)")
    ///     try await runClients(port: address.port!)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - isolation: The actor `body` runs on; the caller's by default.
    ///   - body: Runs once the server listens; it gets the listening address.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or what `run()` throws.
    public func withRunning<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SocketAddress) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self, returning: Result.self, isolation: isolation) { group in
            group.addTask { try await self.run() }
            do {
                let result = try await body(try await self.listeningAddress)
                self.beginGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                self.beginGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    // MARK: Internals

    /// Listens, queueing each accepted connection for the accept loop (`ServerStateMachine/accepted(_:)`).
    ///
    /// Every accepted connection stays there until the accept loop takes it or the server closes it, under the
    /// same lock as the shutdown flag: no connection accepted as the server shuts down is dropped unclosed (with
    /// NIO's async `bind`, whose stream dropped what it held when it ended, such a connection trapped the process:
    /// apple/swift-nio#2637). One lock and one wake-up per batch of connections, where a stream between the two
    /// took its own lock and a wake-up per connection (3% of the CPU of connection churn).
    private func listen() async throws -> ServerListener {
        let configuration = self.configuration
        let usesTLS = self.transport.tls != nil
        let accept: @Sendable (any Channel) throws -> Void = { channel in
            // The lock only over TLS, where making the connection's BoringSSL state costs far more.
            try self.accept(channel, tls: usesTLS ? self.currentTLS.withLockedValue { $0?.setup } : nil)
        }
        var bootstrap = ServerBootstrap(group: self.eventLoopGroup)
            .serverChannelOption(.backlog, value: Int32(configuration.backlog))
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try accept(channel) }
            }
        switch self.transport.endpoint {
        case .hostAndPort(let host, let port):
            bootstrap =
                bootstrap
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: configuration.connection.tcpNoDelay ? 1 : 0)
            return .socket(try await bootstrap.bind(host: host, port: port).get())
        case .unixDomainSocket(let path, let sendBufferSize):
            bootstrap = bootstrap.childChannelOption(.socketOption(.so_sndbuf), value: sendBufferSize)
            if try await UnixSocketFile.claim(path, eventLoopGroup: self.eventLoopGroup) == .removedStale {
                self.logger.info("removed a stale Unix socket file", metadata: ["rm.path": "\(path)"])
            }
            return .socket(try await bootstrap.bind(unixDomainSocketPath: path).get())
        case .inMemory(let endpoint):
            return try ServerListener.inMemory(endpoint, eventLoopGroup: self.eventLoopGroup, accept: accept)
        }
    }

    /// Takes a new connection, on its event loop: builds its pipeline, then queues it for the accept loop.
    ///
    /// - Throws: To refuse the connection, once the server has stopped accepting.
    private func accept(_ channel: any Channel, tls: TLSChannelSetup?) throws {
        // The pipeline is built outside the lock: TLS's handlers make a BoringSSL connection each.
        let connection = try ConnectionChannel.wrap(
            channel,
            configuration: self.configuration.connection,
            tls: tls,
            metrics: self.metrics
        )
        switch self.state.withLockedValue({ $0.accepted(connection) }) {
        case .queued(let acceptLoop):
            acceptLoop?.resume(returning: false)
        case .refuse:
            // Once the server stops accepting, NIO closes the connection.
            throw ChannelError.ioOnClosedChannel
        }
    }

    /// The error `run()` throws when the server cannot listen.
    private static func listenFailure(_ error: any Error, transport: Transport) -> ReactiveMessagingError {
        if let error = error as? ReactiveMessagingError {
            return error
        }
        if let error = error as? IOError, error.errnoCode == SystemErrorNumber.addressInUse {
            return ReactiveMessagingError(
                code: .addressInUse,
                message: "could not listen on \(transport): the address is in use",
                cause: error
            )
        }
        return ReactiveMessagingError(code: .ioError, message: "could not listen on \(transport)", cause: error)
    }

    /// Tells the accept loop that no more connections will come, once the listening socket has closed, and starts
    /// draining the open connections if a graceful shutdown asked for it.
    private func stopAccepting() {
        let (acceptLoop, draining) = self.state.withLockedValue { $0.listenerClosed() }
        // Connections still unclaimed are taken first: the loop looks again before it ends.
        acceptLoop?.resume(returning: false)
        for connection in draining {
            connection.beginDraining()
        }
    }

    /// Waits for accepted connections and takes all of them, each counted in with its id, or with `nil` if the
    /// server is full; `nil` once the listening socket has closed and every connection was taken, or when the task
    /// is cancelled.
    private func nextAccepted() async -> [(ConnectionChannel, ConnectionID?)]? {
        while true {
            if let taken = self.state.withLockedValue({ $0.takeAccepted() }) {
                return taken.map { connection, isAdmitted in
                    (connection, isAdmitted ? self.nextID() : nil)
                }
            }
            // Woken when connections arrive or the listening socket closes; cancelled, the loop ends.
            let isListenerClosed: Bool
            do {
                isListenerClosed = try await self.state.wait(
                    in: \.acceptLoop,
                    ticket: WaitQueue<Bool>.soleWaiter
                ) { $0.acceptLoopOutcome }
            } catch {
                return nil
            }
            if isListenerClosed { return nil }
        }
    }

    /// Stops accepting and takes the connections the accept loop did not.
    private func takeUnclaimedConnections() -> [ConnectionChannel] {
        self.state.withLockedValue { $0.takeUnclaimed() }
    }

    /// The next connection id.
    private func nextID() -> ConnectionID {
        ConnectionID(rawValue: self.nextConnectionID.wrappingAdd(1, ordering: .relaxed).oldValue)
    }

    /// Closes a connection the server will not serve.
    @inline(never)
    private func refuse(
        _ connection: ConnectionChannel,
        because reason: Logger.Message = "the server serves its maximum number of connections"
    ) async {
        self.logRefusal(connection, because: reason)
        await connection.close()
    }

    @inline(never)
    private func logRefusal(_ connection: ConnectionChannel, because reason: Logger.Message) {
        self.logger.debug(
            "connection refused: \(reason)",
            metadata: ["rm.remote.address": "\(connection.channel.remoteAddress?.hostAndPort ?? "unknown")"]
        )
    }

    /// Serves a connection to its end.
    ///
    /// Everything that can be done synchronously is, in functions that are not inlined here: a connection's task
    /// keeps the frames of its async calls for as long as the connection lives, so what they hold is paid for by
    /// every idle connection (it was 1.7 KB of this function's frame alone).
    ///
    /// Over TLS, the processor starts once the handshake has succeeded; a connection whose handshake fails is
    /// reported (`connected`, then `disconnected` with the error) and closed without one.
    @inline(__always)
    private func serve(_ connection: ConnectionChannel, id: ConnectionID) async {
        let handshake = connection.handshake == nil ? .success(nil) : await connection.completeHandshake()
        let setup = self.setUp(connection, id: id, peerCertificate: try? handshake.get())
        if self.onEvent != nil {
            await self.report(.connected, setup, reason: nil)
        }
        let reason: DisconnectReason
        switch handshake {
        case .success:
            reason = await self.driver.run(connection, setup)
        case .failure(let error):
            self.metrics.tlsHandshakeFailed()
            await connection.close()
            reason = .error(error)
        }
        Self.logClosed(setup.logger, reason: reason)
        if self.onEvent != nil {
            await self.report(.disconnected, setup, reason: reason)
        }
        self.deregister(id)
    }

    @inline(never)
    private static func logClosed(_ logger: Logger, reason: DisconnectReason) {
        logger.debug("connection closed", metadata: ["rm.reason": "\(reason)"])
    }

    /// Reports a connection's `connected` or `disconnected` event.
    @inline(never)
    private func report(_ kind: ConnectionEvent.Kind, _ setup: ConnectionSetup, reason: DisconnectReason?) async {
        await self.onEvent?(
            ConnectionEvent(kind: kind, connectionID: setup.id, remoteAddress: setup.remoteAddress, reason: reason)
        )
    }

    /// The setup of a connection the server is about to serve.
    @inline(never)
    private func setUp(
        _ connection: ConnectionChannel,
        id: ConnectionID,
        peerCertificate: TLSPeerCertificate?
    ) -> ConnectionSetup {
        var logger = self.logger
        // Described only if something is logged: formatting the address cost 1% of the CPU of connection churn.
        logger[metadataKey: "rm.connection.id"] = .stringConvertible(id)
        if let remoteAddress = connection.channel.remoteAddress {
            logger[metadataKey: "rm.remote.address"] = .stringConvertible(HostAndPort(remoteAddress))
        }
        logger.debug("connection opened")
        return ConnectionSetup(
            id: id,
            logger: logger,
            configuration: self.configuration.connection,
            remoteAddress: connection.channel.remoteAddress,
            peerCertificate: peerCertificate,
            onEvent: self.onEvent
        ) { shared in
            self.register(shared, id: id)
        }
    }

    private func register(_ connection: ConnectionShared, id: ConnectionID) {
        if self.state.withLockedValue({ $0.register(connection, id: id) }) {
            connection.beginDraining()
        }
    }

    private func deregister(_ id: ConnectionID) {
        self.state.withLockedValue { $0.deregister(id) }?.complete(.success(()))
    }

    /// Tells every connection to finish and waits for them, up to the drain timeout.
    ///
    /// - Returns: `true` if every connection ended in time.
    private func drainConnections() async -> Bool {
        guard let (connections, drained) = self.state.withLockedValue({ $0.beginDrain() }) else { return true }
        for connection in connections {
            connection.beginDraining()
        }
        let drainTimeout = self.configuration.drainTimeout
        let start = ContinuousClock.now
        let inTime = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await drained.get()) != nil }
            group.addTask {
                try? await Task.sleep(for: drainTimeout)
                return false
            }
            let inTime = await group.next() ?? false
            group.cancelAll()
            return inTime
        }
        self.metrics.drained(inTime: inTime, duration: ContinuousClock.now - start)
        return inTime
    }

    private func closeAllConnections() {
        let connections = self.state.withLockedValue { $0.openConnections }
        if !connections.isEmpty {
            self.logger.debug(
                "closing the connections left after the drain",
                metadata: ["rm.count": "\(connections.count)"]
            )
        }
        for connection in connections {
            connection.closeNow(forced: true)
        }
    }
}
