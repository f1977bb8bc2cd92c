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
    /// TLS on a client's transport: whom it trusts, the name it checks, its own certificate under mutual TLS, and
    /// the handshake's deadline.
    ///
    /// ```swift
    /// let transport = Client.Transport.tcp(host: "greeter.example.com", port: 9000).tls(
    ///     Client.TLS(trustRoots: .certificates([.pemFile("ca.pem")]))
    /// )
    /// ```
    ///
    /// The server's certificate must chain to `trustRoots` and name the server: the host of a `.tcp` transport
    /// (a DNS name, or an IP address its certificate lists), or `serverHostname`. TLS 1.2 and 1.3 are offered.
    /// A handshake that fails is not retried: the client throws `certificateRejected`, `tlsHandshakeFailed` or
    /// `handshakeTimeout` at once.
    public struct TLS: Sendable, Hashable {
        /// The authorities the server's certificate must chain to.
        public var trustRoots: TLSTrustRoots

        /// The name the server's certificate must carry, also sent as the server name indication (SNI).
        ///
        /// `nil` uses the host of a `.tcp` transport. A Unix socket has no host: set this, or turn off
        /// `verifiesHostname`.
        public var serverHostname: String?

        /// Whether the server's certificate must name the server. Turning it off trusts any certificate that
        /// chains to `trustRoots`, whoever it was issued to.
        public var verifiesHostname: Bool

        /// The client's certificate chain and key, for a server that requires mutual TLS.
        public var identity: TLSIdentity?

        /// How long the handshake may take before the client gives up with `handshakeTimeout`; from 1 ms.
        public var handshakeTimeout: Duration

        /// Creates a client's TLS settings.
        ///
        /// - Parameters:
        ///   - trustRoots: The authorities the server's certificate must chain to. Defaults to the system's.
        ///   - serverHostname: The name the server's certificate must carry; `nil` uses the transport's host.
        ///   - verifiesHostname: Whether the server's certificate must name the server. Defaults to `true`.
        ///   - identity: The client's certificate and key, for mutual TLS. Defaults to none.
        ///   - handshakeTimeout: The handshake's deadline. Defaults to 10 seconds.
        public init(
            trustRoots: TLSTrustRoots = .systemDefault,
            serverHostname: String? = nil,
            verifiesHostname: Bool = true,
            identity: TLSIdentity? = nil,
            handshakeTimeout: Duration = .seconds(10)
        ) {
            self.trustRoots = trustRoots
            self.serverHostname = serverHostname
            self.verifiesHostname = verifiesHostname
            self.identity = identity
            self.handshakeTimeout = handshakeTimeout
        }
    }
}
