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

/// Where a socket transport listens or connects: a host and port, or a Unix domain socket's path.
enum SocketEndpoint: Hashable, Sendable, CustomStringConvertible {
    case hostAndPort(host: String, port: Int)
    case unixDomainSocket(path: String)

    /// The endpoint as people write it: `127.0.0.1:9000`, or `unix:/run/app.sock`.
    var description: String {
        switch self {
        case .hostAndPort(let host, let port):
            host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unixDomainSocket(let path):
            "unix:\(path)"
        }
    }

    /// Checks the endpoint: a port in `ports`, or a Unix socket path the system can take.
    func validate(ports: ClosedRange<Int>) throws(ReactiveMessagingError) {
        switch self {
        case .hostAndPort(_, let port):
            guard ports.contains(port) else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "port \(port) is out of range")
            }
        case .unixDomainSocket(let path):
            guard !path.isEmpty else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "a Unix socket path must not be empty")
            }
            do {
                _ = try SocketAddress(unixDomainSocketPath: path)
            } catch {
                throw ReactiveMessagingError(
                    code: .invalidArgument,
                    message: "the Unix socket path '\(path)' is \(path.utf8.count) bytes, longer than the system takes"
                        + " (\(Self.maximumUnixPathBytes)); use a shorter or relative path",
                    cause: error
                )
            }
        }
    }

    /// The longest Unix socket path, in bytes, without its terminating zero (`sun_path` less one).
    static var maximumUnixPathBytes: Int {
        #if os(Linux) || os(Android)
        107
        #else
        103
        #endif
    }
}
