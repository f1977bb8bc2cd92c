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
internal import TransportOptions

/// TLS on the flood client's own sockets, from the same options as the library's clients (`--tls`, `--tls-ca`,
/// `--tls-client-cert`, `--tls-client-key`, `--tls-server-name`), with NIOSSL's handler in front of each.
struct FloodTLS: Sendable {
    /// The context every connection's handler shares.
    let context: NIOSSLContext

    /// The name sent as SNI and checked against the server's certificate; `nil` checks the server's address.
    let serverHostname: String?

    /// The TLS the command line asks for, or `nil` for plaintext.
    init?(_ options: TransportOptions) throws {
        guard
            options.tls || options.tlsCA != nil || options.tlsClientCertificate != nil
                || options.tlsServerName != nil
        else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let ca = options.tlsCA {
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
        }
        if let certificate = options.tlsClientCertificate, let key = options.tlsClientKey {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        }
        self.context = try NIOSSLContext(configuration: configuration)
        if let name = options.tlsServerName {
            self.serverHostname = name
        } else if options.unixPath == nil, (try? SocketAddress(ipAddress: options.host, port: 0)) == nil {
            self.serverHostname = options.host
        } else {
            self.serverHostname = nil
        }
    }

    /// Puts NIOSSL's client handler at the front of a new connection's pipeline.
    func addHandler(to channel: any Channel) throws {
        try channel.pipeline.syncOperations.addHandler(
            NIOSSLClientHandler(context: self.context, serverHostname: self.serverHostname)
        )
    }
}
