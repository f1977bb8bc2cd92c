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
internal import NIOSSL

/// TLS for a transport's connections: the NIOSSL context made once from the user's settings when the server or
/// client starts, and what each connection's pipeline needs.
struct TLSChannelSetup: Sendable {
    enum Role: Sendable {
        case server
        /// The name sent as SNI and checked against the server's certificate; `nil` checks the server's address.
        case client(serverHostname: String?)
    }

    let context: NIOSSLContext
    let role: Role
    let handshakeTimeout: Duration

    /// A server's TLS, with its certificates and key loaded.
    ///
    /// - Throws: `invalidArgument` if a certificate or key cannot be read or parsed, or the settings are out of
    ///   range.
    static func server(_ tls: Server.TLS) throws(ReactiveMessagingError) -> Self {
        try Self.validate(handshakeTimeout: tls.handshakeTimeout)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try Self.certificates(tls.identity.certificateChain).map { .certificate($0) },
            privateKey: .privateKey(try Self.privateKey(tls.identity.privateKey))
        )
        configuration.minimumTLSVersion = .tlsv12
        switch tls.clientAuthentication.storage {
        case .none:
            configuration.certificateVerification = .none
        case .required(let roots):
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = try Self.trustRoots(roots)
            configuration.sendCANameList = true
        }
        return Self(context: try Self.context(configuration), role: .server, handshakeTimeout: tls.handshakeTimeout)
    }

    /// A client's TLS to `endpoint`, with its certificates and key loaded.
    ///
    /// - Throws: `invalidArgument` if a certificate or key cannot be read or parsed, the settings are out of
    ///   range, or the server's name cannot be known (a Unix socket or in-memory endpoint without `serverHostname`).
    static func client(_ tls: Client.TLS, endpoint: TransportEndpoint) throws(ReactiveMessagingError) -> Self {
        try Self.validate(handshakeTimeout: tls.handshakeTimeout)
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.trustRoots = try Self.trustRoots(tls.trustRoots)
        configuration.certificateVerification = tls.verifiesHostname ? .fullVerification : .noHostnameVerification
        if let identity = tls.identity {
            configuration.certificateChain = try Self.certificates(identity.certificateChain).map { .certificate($0) }
            configuration.privateKey = .privateKey(try Self.privateKey(identity.privateKey))
        }
        var serverHostname = tls.serverHostname
        if serverHostname == nil, case .hostAndPort(let host, _) = endpoint,
            (try? SocketAddress(ipAddress: host, port: 0)) == nil
        {
            serverHostname = host
        }
        if serverHostname == nil, tls.verifiesHostname, !endpoint.hasHostName {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "TLS over \(endpoint.kind) needs Client.TLS.serverHostname, the name the server's"
                    + " certificate carries (or verifiesHostname false)"
            )
        }
        return Self(
            context: try Self.context(configuration),
            role: .client(serverHostname: serverHostname),
            handshakeTimeout: tls.handshakeTimeout
        )
    }

    /// Adds NIOSSL's handler and a `TLSHandshakeHandler` at the front of a new connection's pipeline.
    ///
    /// - Returns: The handshake's outcome: the peer's certificate, or a typed error.
    func addHandlers(to channel: any Channel) throws -> EventLoopFuture<TLSPeerCertificate?> {
        let tlsHandler: NIOSSLHandler
        let peer: String
        switch self.role {
        case .server:
            tlsHandler = NIOSSLServerHandler(context: self.context)
            peer = "client"
        case .client(let serverHostname):
            tlsHandler = try NIOSSLClientHandler(context: self.context, serverHostname: serverHostname)
            peer = "server"
        }
        let handshakeHandler = TLSHandshakeHandler(
            tlsHandler: tlsHandler,
            timeout: self.handshakeTimeout,
            peer: peer,
            eventLoop: channel.eventLoop
        )
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(tlsHandler)
        try pipeline.addHandler(handshakeHandler)
        return handshakeHandler.handshake.futureResult
    }

    // MARK: Loading

    private static func validate(handshakeTimeout: Duration) throws(ReactiveMessagingError) {
        guard handshakeTimeout >= .milliseconds(1) else {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "a TLS handshakeTimeout must be at least 1 ms"
            )
        }
    }

    private static func context(_ configuration: TLSConfiguration) throws(ReactiveMessagingError) -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "the TLS settings were refused (does the private key match the certificate?)",
                cause: error
            )
        }
    }

    private static func certificates(
        _ sources: [TLSCertificateSource]
    ) throws(ReactiveMessagingError) -> [NIOSSLCertificate] {
        var certificates: [NIOSSLCertificate] = []
        for source in sources {
            let loaded: [NIOSSLCertificate]
            do {
                switch source.storage {
                case .pemFile(let path): loaded = try NIOSSLCertificate.fromPEMFile(path)
                case .pem(let text): loaded = try NIOSSLCertificate.fromPEMBytes(Array(text.utf8))
                case .der(let bytes): loaded = [try NIOSSLCertificate(bytes: bytes, format: .der)]
                }
            } catch {
                throw ReactiveMessagingError(
                    code: .invalidArgument,
                    message: "could not read a certificate from \(Self.describe(source))",
                    cause: error
                )
            }
            guard !loaded.isEmpty else {
                throw ReactiveMessagingError(
                    code: .invalidArgument,
                    message: "\(Self.describe(source)) holds no certificate"
                )
            }
            certificates += loaded
        }
        guard !certificates.isEmpty else {
            throw ReactiveMessagingError(code: .invalidArgument, message: "a TLS certificate list is empty")
        }
        return certificates
    }

    private static func privateKey(_ source: TLSPrivateKeySource) throws(ReactiveMessagingError) -> NIOSSLPrivateKey {
        do {
            switch source.storage {
            case .pemFile(let path):
                return try NIOSSLPrivateKey(file: path, format: .pem)
            case .pem(let text):
                return try NIOSSLPrivateKey(bytes: Array(text.utf8), format: .pem)
            }
        } catch {
            let origin =
                switch source.storage {
                case .pemFile(let path): Self.describe(.pemFile(path))
                case .pem: "the PEM text"
                }
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "could not read a private key from \(origin)",
                cause: error
            )
        }
    }

    private static func trustRoots(_ roots: TLSTrustRoots) throws(ReactiveMessagingError) -> NIOSSLTrustRoots {
        switch roots.storage {
        case .systemDefault: .default
        case .certificates(let sources): .certificates(try Self.certificates(sources))
        }
    }

    private static func describe(_ source: TLSCertificateSource) -> String {
        switch source.storage {
        case .pemFile(let path): "the PEM file '\(path)'"
        case .pem: "the PEM text"
        case .der: "the DER bytes"
        }
    }
}
