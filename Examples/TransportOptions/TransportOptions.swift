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

public import ArgumentParser
public import ReactiveMessaging

/// The command-line options every example server and client shares: where to listen or connect, and over what.
///
///     --host 127.0.0.1 --port 9001           TCP (the default; each example has its own port)
///     --unix /tmp/example.sock               a Unix domain socket instead of host and port
///     --tls-cert s.pem --tls-key s.key       server: TLS, with this certificate chain and key
///     --tls-ca ca.pem                        client: trust this CA (TLS); server: require client certificates
///                                            that chain to it (mutual TLS)
///     --tls-client-cert c.pem --tls-client-key c.key   client: present this certificate (mutual TLS)
///     --tls-server-name NAME                 client: the name the server's certificate must carry
///     --tls                                  client: TLS, trusting the system's CAs
public struct TransportOptions: ParsableArguments {
    /// The server's address, for TCP.
    @Option(help: "The server's address (TCP).")
    public var host = "127.0.0.1"

    /// The server's port, for TCP; the example's own port when not given.
    @Option(help: "The server's port (TCP); the example's own port by default.")
    public var port: Int?

    /// The path of a Unix domain socket, instead of host and port.
    @Option(
        name: .customLong("unix"),
        help: ArgumentHelp("A Unix domain socket to use instead of TCP.", valueName: "path")
    )
    public var unixPath: String?

    /// The server's certificate chain, a PEM file: turns on TLS (with `tlsKey`).
    @Option(
        name: .customLong("tls-cert"),
        help: ArgumentHelp("Server: TLS with this certificate chain.", valueName: "pem")
    )
    public var tlsCertificate: String?

    /// The server's private key, a PEM file.
    @Option(name: .customLong("tls-key"), help: ArgumentHelp("Server: the key of --tls-cert.", valueName: "pem"))
    public var tlsKey: String?

    /// The CA a client trusts; on a server, the CA client certificates must chain to (mutual TLS).
    @Option(
        name: .customLong("tls-ca"),
        help: ArgumentHelp(
            "Client: TLS, trusting this CA. Server: require client certificates from this CA (mutual TLS).",
            valueName: "pem"
        )
    )
    public var tlsCA: String?

    /// The client's certificate chain, a PEM file, for mutual TLS.
    @Option(
        name: .customLong("tls-client-cert"),
        help: ArgumentHelp("Client: present this certificate (mutual TLS).", valueName: "pem")
    )
    public var tlsClientCertificate: String?

    /// The client's private key, a PEM file.
    @Option(
        name: .customLong("tls-client-key"),
        help: ArgumentHelp("Client: the key of --tls-client-cert.", valueName: "pem")
    )
    public var tlsClientKey: String?

    /// The name the server's certificate must carry, when it is not `--host` (a Unix socket, an IP address).
    @Option(
        name: .customLong("tls-server-name"),
        help: ArgumentHelp("Client: the name the server's certificate must carry.", valueName: "name")
    )
    public var tlsServerName: String?

    /// TLS on a client with the system's trust roots, when no other TLS option says so.
    @Flag(name: .customLong("tls"), help: "Client: TLS, trusting the system's CAs.")
    public var tls = false

    /// Creates the options with their defaults.
    public init() {}

    /// Checks that a Unix socket is not given together with a host or port, and that certificates come with their
    /// keys.
    public func validate() throws {
        if self.unixPath != nil, self.port != nil {
            throw ValidationError("--unix replaces --host and --port; give one or the other")
        }
        if (self.tlsCertificate == nil) != (self.tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        if (self.tlsClientCertificate == nil) != (self.tlsClientKey == nil) {
            throw ValidationError("--tls-client-cert and --tls-client-key go together")
        }
    }

    /// Where a server listens.
    ///
    /// - Parameter defaultPort: The example's port, used when `--port` is not given.
    /// - Returns: The server's transport, with TLS if `--tls-cert` was given.
    /// - Throws: `ValidationError` for a client's option on a server, or `--tls-ca` without `--tls-cert`.
    public func serverTransport(defaultPort: Int) throws -> Server.Transport {
        if self.tls || self.tlsClientCertificate != nil || self.tlsServerName != nil {
            throw ValidationError("--tls, --tls-client-cert and --tls-server-name are a client's options")
        }
        let transport: Server.Transport =
            if let unixPath = self.unixPath {
                .unixDomainSocket(path: unixPath)
            } else {
                .tcp(host: self.host, port: self.port ?? defaultPort)
            }
        guard let certificate = self.tlsCertificate, let key = self.tlsKey else {
            if self.tlsCA != nil {
                throw ValidationError("a server's --tls-ca (mutual TLS) needs --tls-cert and --tls-key")
            }
            return transport
        }
        return transport.tls(
            Server.TLS(
                identity: TLSIdentity(certificateChain: [.pemFile(certificate)], privateKey: .pemFile(key)),
                clientAuthentication: self.tlsCA.map { .required(trustRoots: .certificates([.pemFile($0)])) } ?? .none
            )
        )
    }

    /// Where a client connects.
    ///
    /// - Parameter defaultPort: The example's port, used when `--port` is not given.
    /// - Returns: The client's transport, with TLS if a TLS option of a client was given.
    /// - Throws: `ValidationError` for a server's option on a client.
    public func clientTransport(defaultPort: Int) throws -> Client.Transport {
        if self.tlsCertificate != nil {
            throw ValidationError("--tls-cert and --tls-key are a server's options; a client has --tls-client-cert")
        }
        let transport: Client.Transport =
            if let unixPath = self.unixPath {
                .unixDomainSocket(path: unixPath)
            } else {
                .tcp(host: self.host, port: self.port ?? defaultPort)
            }
        guard self.tls || self.tlsCA != nil || self.tlsClientCertificate != nil || self.tlsServerName != nil else {
            return transport
        }
        var identity: TLSIdentity?
        if let certificate = self.tlsClientCertificate, let key = self.tlsClientKey {
            identity = TLSIdentity(certificateChain: [.pemFile(certificate)], privateKey: .pemFile(key))
        }
        return transport.tls(
            Client.TLS(
                trustRoots: self.tlsCA.map { .certificates([.pemFile($0)]) } ?? .systemDefault,
                serverHostname: self.tlsServerName,
                identity: identity
            )
        )
    }
}
