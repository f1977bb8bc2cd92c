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

internal import TransportOptions

/// Where the flood client connects: the client opens its sockets with NIO itself (see `FloodConnection`), so it
/// needs the address rather than a `Client.Transport`.
enum FloodEndpoint: Sendable, CustomStringConvertible {
    /// TCP to a host and port.
    case tcp(host: String = "127.0.0.1", port: Int)
    /// A Unix domain socket, by its path.
    case unixDomainSocket(path: String)

    /// The endpoint the command line names.
    init(_ options: TransportOptions, defaultPort: Int) {
        if let path = options.unixPath {
            self = .unixDomainSocket(path: path)
        } else {
            self = .tcp(host: options.host, port: options.port ?? defaultPort)
        }
    }

    /// `127.0.0.1:9003`, or `unix:/tmp/flood.sock`.
    var description: String {
        switch self {
        case .tcp(let host, let port): "\(host):\(port)"
        case .unixDomainSocket(let path): "unix:\(path)"
        }
    }
}
