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

extension Server {
    /// How bytes reach a server: where it listens, and over what.
    ///
    /// ```swift
    /// let overTCP = Server.Transport.tcp(host: "0.0.0.0", port: 9000)
    /// let local = Server.Transport.unixDomainSocket(path: "/tmp/greeter.sock")
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

        /// TCP on a host and port.
        ///
        /// - Parameters:
        ///   - host: The host name or address to listen on; `"0.0.0.0"` or `"::"` for every interface.
        ///   - port: The port to listen on; `0` picks a free one (read it back with `Server/listeningAddress`).
        /// - Returns: The transport.
        public static func tcp(host: String, port: Int) -> Self {
            Self(endpoint: .hostAndPort(host: host, port: port))
        }

        /// A Unix domain socket: a file in the file system that local clients connect to.
        ///
        /// The server creates the socket file when it starts and removes it when it stops. A socket file left at
        /// `path` by a server that stopped without removing it (it crashed) is stale: no server answers on it, and
        /// it is removed. A path where a server answers, or a file that is not a socket, is left alone and the
        /// server throws `addressInUse`. The path is at most 107 bytes on Linux (103 on macOS); a longer one
        /// throws `invalidArgument`.
        ///
        /// Who may connect is decided by the file system: a client needs write permission on the socket file,
        /// which is created with the process's umask (`0o777 & ~umask`), and search permission on every directory
        /// of the path. Put the socket in a directory only its users can enter (such as `/run/<service>/`) to
        /// restrict it.
        ///
        /// Each connection asks for a send buffer (`SO_SNDBUF`) of `sendBufferSize` bytes, 1 MiB by default: the
        /// system's default for Unix sockets (208 KiB on Linux) held a one-way flood to 0.59x of loopback TCP's
        /// rate. The system caps it (`net.core.wmem_max` on Linux).
        ///
        /// - Parameters:
        ///   - path: The socket file's path.
        ///   - sendBufferSize: The send buffer each connection asks for, in bytes, from 4,096.
        /// - Returns: The transport.
        public static func unixDomainSocket(
            path: String,
            sendBufferSize: Int = 1_048_576
        ) -> Self {
            Self(endpoint: .unixDomainSocket(path: path, sendBufferSize: sendBufferSize))
        }

        /// An endpoint in this process, with no socket: clients connect with `Client/Transport/inMemory(_:)` on the
        /// same `InMemoryEndpoint`.
        ///
        /// One server at a time listens on an endpoint; a second throws `addressInUse`. The server's
        /// `Server/listeningAddress`, and both addresses of each connection, are a Unix domain socket address whose
        /// path is the endpoint's description (`memory:NAME`), for logs; no file exists.
        ///
        /// - Parameter endpoint: Where the server listens.
        /// - Returns: The transport.
        public static func inMemory(_ endpoint: InMemoryEndpoint) -> Self {
            Self(endpoint: .inMemory(endpoint))
        }

        /// The same transport with TLS: every connection begins with a handshake, and its processor starts once the
        /// handshake has succeeded.
        ///
        /// ```swift
        /// let transport = Server.Transport.tcp(host: "0.0.0.0", port: 9443).tls(
        ///     Server.TLS(identity: TLSIdentity(certificateChain: [.pemFile("s.pem")], privateKey: .pemFile("s.key")))
        /// )
        /// ```
        ///
        /// A connection whose handshake fails (a plaintext client, an untrusted or missing client certificate under
        /// mutual TLS) or takes longer than `TLS/handshakeTimeout` ends with `tlsHandshakeFailed`,
        /// `certificateRejected` or `handshakeTimeout`, reported by `onEvent` and logged once at debug level, and
        /// its processor never runs.
        ///
        /// - Parameter tls: The server's certificate and key, and whether clients must present theirs.
        /// - Returns: The transport, with TLS.
        public func tls(_ tls: TLS) -> Self {
            Self(endpoint: self.endpoint, tls: tls)
        }

        /// Where the server listens: `127.0.0.1:9000`, `unix:/tmp/greeter.sock` or `memory:NAME`, followed by
        /// ` over TLS` with TLS.
        public var description: String {
            self.tls == nil ? self.endpoint.description : "\(self.endpoint.description) over TLS"
        }
    }
}
