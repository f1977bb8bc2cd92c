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

private import NIOConcurrencyHelpers
internal import NIOCore

/// A place in memory where one server listens and clients connect, with no socket: ZeroMQ's `inproc`, or
/// grpc-swift's in-process transport.
///
/// ```swift
/// let endpoint = InMemoryEndpoint(name: "greeter")
/// let server = Server(transport: .inMemory(endpoint), conversation: greeter)
/// let client = Client(transport: .inMemory(endpoint), conversation: caller)
/// ```
///
/// Each connection is a pair of in-memory channels on the server's and the client's event loops: what one end
/// writes arrives at the other as one read per write, in order, with nothing copied. The same processors,
/// serializers, bad-input policies, idle timeouts, graceful drains and back-pressure apply as on a socket. A writer
/// turns unwritable once its peer has a megabyte unread (what a loopback socket's buffers hold), so a peer that stops
/// reading bounds memory as a socket does.
///
/// One server at a time listens on an endpoint: a second one throws `addressInUse` until the first has stopped.
/// A client that connects while no server listens fails that attempt as a refused TCP connection does, and
/// retries the same way. The endpoint is a reference: share the instance, not its name, which is only for logs.
public final class InMemoryEndpoint: Sendable, CustomStringConvertible {
    /// The endpoint's name, for logs and errors.
    public let name: String

    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba).
    private let acceptor = NIOLockedValueBox<InMemoryAcceptor?>(nil)

    /// Creates an endpoint no server listens on yet.
    ///
    /// - Parameter name: The name logs and errors give the endpoint (`memory:NAME`).
    public init(name: String = "in-memory") {
        self.name = name
    }

    /// The endpoint as logs show it: `memory:NAME`.
    public var description: String {
        "memory:\(self.name)"
    }

    /// The address of a server on this endpoint and of both ends of its connections: a Unix domain socket address
    /// whose path is the endpoint's description (cut to the longest path the system takes), for logs; no file
    /// exists.
    var pseudoAddress: SocketAddress? {
        var path = Substring(self.description)
        while path.utf8.count > TransportEndpoint.maximumUnixPathBytes {
            path = path.dropLast()
        }
        return try? SocketAddress(unixDomainSocketPath: String(path))
    }

    /// Starts accepting connections with `acceptor`.
    ///
    /// - Throws: `ReactiveMessagingError` with code `addressInUse` if a server listens here already.
    func listen(_ acceptor: InMemoryAcceptor) throws(ReactiveMessagingError) {
        let isTaken = self.acceptor.withLockedValue { current in
            guard current == nil else { return true }
            current = acceptor
            return false
        }
        if isTaken {
            throw ReactiveMessagingError(
                code: .addressInUse,
                message: "could not listen on \(self): a server listens there already"
            )
        }
    }

    /// Stops accepting with the acceptor of `token`; `false` if it had stopped already.
    @discardableResult
    func stopListening(_ token: InMemoryAcceptor.Token) -> Bool {
        self.acceptor.withLockedValue { current in
            guard current?.token == token else { return false }
            current = nil
            return true
        }
    }

    /// Connects a new channel on `eventLoop` to the server listening here.
    ///
    /// The server's end is set up first, on one of the server's event loops; then `initialize` sets up the client's
    /// end on `eventLoop`, and both become active.
    ///
    /// - Returns: What `initialize` returned.
    /// - Throws: `IOError` with `ECONNREFUSED` if no server listens or the server refuses the connection (it is
    ///   shutting down), or what `initialize` throws.
    func connect<Value: Sendable>(
        on eventLoop: any EventLoop,
        _ initialize: @escaping @Sendable (any Channel) throws -> Value
    ) async throws -> Value {
        guard let acceptor = self.acceptor.withLockedValue({ $0 }) else {
            throw IOError(errnoCode: SystemErrorNumber.connectionRefused, reason: "no server listens on \(self)")
        }
        let (client, server) = InMemoryChannel.makePair(
            eventLoop,
            acceptor.eventLoopGroup.next(),
            address: self.pseudoAddress
        )
        do {
            try await server.eventLoop.submit {
                try acceptor.accept(server)
                server.activate()
            }.get()
        } catch {
            server.close(promise: nil)
            throw IOError(
                errnoCode: SystemErrorNumber.connectionRefused,
                reason: "the server on \(self) refused the connection"
            )
        }
        do {
            return try await eventLoop.submit {
                let value = try initialize(client)
                client.activate()
                return value
            }.get()
        } catch {
            client.close(promise: nil)
            throw error
        }
    }
}

/// How the server listening on an `InMemoryEndpoint` takes a new connection.
struct InMemoryAcceptor: Sendable {
    /// Tells one listening apart from another on the same endpoint.
    final class Token: Sendable, Equatable {
        static func == (lhs: Token, rhs: Token) -> Bool { lhs === rhs }
    }

    let token = Token()

    /// The event loops the server's ends of connections run on.
    let eventLoopGroup: any EventLoopGroup

    /// Sets up the server's end of a new connection, on its event loop, as a bootstrap's child initializer does;
    /// throws to refuse it.
    let accept: @Sendable (any Channel) throws -> Void
}
