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

/// Where a transport listens or connects: a host and port, a Unix domain socket's path, or an endpoint in memory.
enum TransportEndpoint: Sendable, CustomStringConvertible {
    case hostAndPort(host: String, port: Int)
    /// A Unix socket's path, and the send buffer (`SO_SNDBUF`) its connections ask for.
    ///
    /// Linux gives a Unix socket a send buffer of `net.core.wmem_default` (208 KiB), where loopback TCP grows its
    /// own up to `tcp_wmem`'s 4 MiB: a one-way flood of 16-byte fixed-size messages ran at 0.59x TCP's rate, and at
    /// 1.20x with a larger buffer (`Benchmarks/transport_ab.py`). The factories ask for 1 MiB by default; it is a
    /// limit, not an allocation, so an idle connection costs no more.
    case unixDomainSocket(path: String, sendBufferSize: Int)
    /// An endpoint in this process, with no socket.
    case inMemory(InMemoryEndpoint)

    /// The endpoint as people write it: `127.0.0.1:9000`, `unix:/run/app.sock`, or `memory:NAME`.
    var description: String {
        switch self {
        case .hostAndPort(let host, let port):
            host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unixDomainSocket(let path, _):
            "unix:\(path)"
        case .inMemory(let endpoint):
            endpoint.description
        }
    }

    /// What kind of endpoint it is, for messages: `TCP`, `a Unix socket`, `an in-memory endpoint`.
    var kind: String {
        switch self {
        case .hostAndPort: "TCP"
        case .unixDomainSocket: "a Unix socket"
        case .inMemory: "an in-memory endpoint"
        }
    }

    /// Whether the endpoint names a host, which TLS can take as the server's name.
    var hasHostName: Bool {
        if case .hostAndPort = self { true } else { false }
    }

    /// Checks the endpoint: a port in `ports`, or a Unix socket path the system can take.
    func validate(ports: ClosedRange<Int>) throws(ReactiveMessagingError) {
        switch self {
        case .inMemory:
            return
        case .hostAndPort(_, let port):
            guard ports.contains(port) else {
                throw ReactiveMessagingError(code: .invalidArgument, message: "port \(port) is out of range")
            }
        case .unixDomainSocket(let path, let sendBufferSize):
            guard (4_096...Int(Int32.max)).contains(sendBufferSize) else {
                throw ReactiveMessagingError(
                    code: .invalidArgument,
                    message: "a Unix socket's sendBufferSize must be from 4,096 to 2^31-1 bytes"
                )
            }
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
