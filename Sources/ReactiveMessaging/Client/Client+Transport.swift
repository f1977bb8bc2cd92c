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

extension Client {
    /// How bytes reach the server from a client: where it connects, and over what.
    ///
    /// ```swift
    /// let overTCP = Client.Transport.tcp(host: "127.0.0.1", port: 9000)
    /// let local = Client.Transport.unixDomainSocket(path: "/tmp/greeter.sock")
    /// ```
    ///
    /// The same `Conversation` runs unchanged over every transport.
    public struct Transport: Sendable, CustomStringConvertible {
        let endpoint: TransportEndpoint

        /// TLS over the endpoint, if any.
        let tls: TLS?

        private init(endpoint: TransportEndpoint, tls: TLS? = nil) {
            self.endpoint = endpoint
            self.tls = tls
        }

        /// TCP to a host and port.
        ///
        /// - Parameters:
        ///   - host: The host name or address of the server.
        ///   - port: The server's port, from 1 to 65,535.
        /// - Returns: The transport.
        public static func tcp(host: String, port: Int) -> Self {
            Self(endpoint: .hostAndPort(host: host, port: port))
        }

        /// A Unix domain socket, by the path of its file.
        ///
        /// Connecting needs write permission on the socket file and search permission on its directories; a path
        /// where no server listens fails the attempt as a refused TCP connection does, and is retried the same way.
        ///
        /// Each connection asks for a send buffer (`SO_SNDBUF`) of `sendBufferSize` bytes, 1 MiB by default: the
        /// system's default for Unix sockets (208 KiB on Linux) held a one-way flood to 0.59x of loopback TCP's
        /// rate. The system caps it (`net.core.wmem_max` on Linux).
        ///
        /// - Parameters:
        ///   - path: The socket file's path, at most 107 bytes on Linux (103 on macOS).
        ///   - sendBufferSize: The send buffer the connection asks for, in bytes, from 4,096.
        /// - Returns: The transport.
        public static func unixDomainSocket(
            path: String,
            sendBufferSize: Int = 1_048_576
        ) -> Self {
            Self(endpoint: .unixDomainSocket(path: path, sendBufferSize: sendBufferSize))
        }

        /// An endpoint in this process, with no socket, where a server listens with `Server/Transport/inMemory(_:)`.
        ///
        /// An attempt while no server listens on the endpoint fails as a refused TCP connection does, and is retried
        /// the same way. With TLS, give `TLS/serverHostname`: the endpoint has no host name to check.
        ///
        /// - Parameter endpoint: Where the server listens.
        /// - Returns: The transport.
        public static func inMemory(_ endpoint: InMemoryEndpoint) -> Self {
            Self(endpoint: .inMemory(endpoint))
        }

        /// The same transport with TLS: the client connects, then completes a handshake before its processor
        /// starts.
        ///
        /// ```swift
        /// let transport = Client.Transport.tcp(host: "greeter.example.com", port: 9443).tls()
        /// ```
        ///
        /// - Parameter tls: Whom the client trusts, and its own certificate under mutual TLS. Defaults to the
        ///   system's trust roots and no client certificate.
        /// - Returns: The transport, with TLS.
        public func tls(_ tls: TLS = TLS()) -> Self {
            Self(endpoint: self.endpoint, tls: tls)
        }

        /// Where the client connects: `127.0.0.1:9000`, `unix:/tmp/greeter.sock` or `memory:NAME`, followed by
        /// ` over TLS` with TLS.
        public var description: String {
            self.tls == nil ? self.endpoint.description : "\(self.endpoint.description) over TLS"
        }
    }
}
