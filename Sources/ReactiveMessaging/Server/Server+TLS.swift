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
    /// TLS on a server's transport: its identity, whether clients must present certificates, and the handshake's
    /// deadline.
    ///
    /// ```swift
    /// let transport = Server.Transport.tcp(host: "0.0.0.0", port: 9000).tls(
    ///     Server.TLS(
    ///         identity: TLSIdentity(certificateChain: [.pemFile("server.pem")], privateKey: .pemFile("server.key")),
    ///         clientAuthentication: .required(trustRoots: .certificates([.pemFile("clients-ca.pem")]))
    ///     )
    /// )
    /// ```
    ///
    /// TLS 1.2 and 1.3 are offered, with swift-nio-ssl's (BoringSSL's) default cipher suites. The certificates and
    /// key are read when `run()` starts: a file that cannot be read or parsed makes it throw `invalidArgument`.
    /// `Server/reloadTLS(_:)` reads them again, or loads new settings, for the connections accepted after it.
    public struct TLS: Sendable, Hashable {
        /// Whether a client must present a certificate.
        public struct ClientAuthentication: Sendable, Hashable {
            enum Storage: Hashable {
                case none
                case required(TLSTrustRoots)
            }

            let storage: Storage

            /// Clients are not asked for a certificate.
            public static let none = Self(storage: .none)

            /// Mutual TLS: every client must present a certificate that chains to `trustRoots`, or the handshake
            /// fails with `certificateRejected` on both sides. The verified certificate is the connection's
            /// `ConnectionContext/peerCertificate`.
            ///
            /// - Parameter trustRoots: The authorities client certificates must chain to.
            /// - Returns: The policy.
            public static func required(trustRoots: TLSTrustRoots) -> Self {
                Self(storage: .required(trustRoots))
            }
        }

        /// The server's certificate chain and private key.
        public var identity: TLSIdentity

        /// Whether clients must present a certificate (mutual TLS).
        public var clientAuthentication: ClientAuthentication

        /// How long a connection may take to finish its handshake before it is closed with `handshakeTimeout`;
        /// from 1 ms. A client that connects and never speaks holds a connection slot no longer than this.
        public var handshakeTimeout: Duration

        /// Creates a server's TLS settings.
        ///
        /// - Parameters:
        ///   - identity: The server's certificate chain and private key.
        ///   - clientAuthentication: Whether clients must present a certificate. Defaults to `none`.
        ///   - handshakeTimeout: The handshake's deadline. Defaults to 10 seconds.
        public init(
            identity: TLSIdentity,
            clientAuthentication: ClientAuthentication = .none,
            handshakeTimeout: Duration = .seconds(10)
        ) {
            self.identity = identity
            self.clientAuthentication = clientAuthentication
            self.handshakeTimeout = handshakeTimeout
        }
    }
}
