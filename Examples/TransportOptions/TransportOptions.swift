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
///     --host 127.0.0.1 --port 9001     TCP (the default; each example has its own port)
///     --unix /tmp/example.sock         a Unix domain socket instead of host and port
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

    /// Creates the options with their defaults.
    public init() {}

    /// Checks that a Unix socket is not given together with a host or port.
    public func validate() throws {
        if self.unixPath != nil, self.port != nil {
            throw ValidationError("--unix replaces --host and --port; give one or the other")
        }
    }

    /// Where a server listens.
    ///
    /// - Parameter defaultPort: The example's port, used when `--port` is not given.
    /// - Returns: The server's transport.
    public func serverTransport(defaultPort: Int) -> Server.Transport {
        if let unixPath = self.unixPath {
            return .unixDomainSocket(path: unixPath)
        }
        return .tcp(host: self.host, port: self.port ?? defaultPort)
    }

    /// Where a client connects.
    ///
    /// - Parameter defaultPort: The example's port, used when `--port` is not given.
    /// - Returns: The client's transport.
    public func clientTransport(defaultPort: Int) -> Client.Transport {
        if let unixPath = self.unixPath {
            return .unixDomainSocket(path: unixPath)
        }
        return .tcp(host: self.host, port: self.port ?? defaultPort)
    }
}
