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

/// What a server listens with, whatever the transport: a listening socket, or its place on an in-memory endpoint.
///
/// The server's accept loop and drain need only this much of it: where it listens, the event loop its accept
/// loop runs on, a way to stop listening, and word of when it has stopped.
struct ServerListener: Sendable {
    /// The event loop new connections are announced on: the server's accept loop runs there.
    let eventLoop: any EventLoop

    /// Where the server listens, as `Server/listeningAddress` reports it.
    let address: SocketAddress?

    /// Where the server listens, as logs show it: `127.0.0.1:9000`, `unix:/run/app.sock`, `memory:NAME`.
    let name: String

    /// Succeeds once the listener has stopped, for whatever reason.
    let closeFuture: EventLoopFuture<Void>

    private let stop: @Sendable () -> Void

    /// Stops listening; safe to call more than once. Connections already accepted are not touched.
    func close() {
        self.stop()
    }

    /// Stops listening and waits until the listener has stopped.
    func closeAndWait() async {
        self.stop()
        try? await self.closeFuture.get()
    }

    /// A listening socket.
    static func socket(_ channel: any Channel) -> Self {
        Self(
            eventLoop: channel.eventLoop,
            address: channel.localAddress,
            name: channel.localAddress?.hostAndPort ?? "an unknown address",
            closeFuture: channel.closeFuture
        ) {
            channel.close(promise: nil)
        }
    }

    /// A server's place on an in-memory endpoint: it listens until `close()` takes it off.
    static func inMemory(
        _ endpoint: InMemoryEndpoint,
        eventLoopGroup: any EventLoopGroup,
        accept: @escaping @Sendable (any Channel) throws -> Void
    ) throws(ReactiveMessagingError) -> Self {
        let acceptor = InMemoryAcceptor(eventLoopGroup: eventLoopGroup, accept: accept)
        try endpoint.listen(acceptor)
        let closed = eventLoopGroup.next().makePromise(of: Void.self)
        return Self(
            eventLoop: closed.futureResult.eventLoop,
            address: endpoint.pseudoAddress,
            name: endpoint.description,
            closeFuture: closed.futureResult
        ) {
            if endpoint.stopListening(acceptor.token) {
                closed.succeed()
            }
        }
    }
}
