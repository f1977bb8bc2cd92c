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

extension SocketAddress {
    /// The address as people write it: `127.0.0.1:9000`, `[::1]:9000`, `unix:/run/app.sock`, `memory:NAME` for an
    /// in-memory endpoint, or `unix socket` for the unnamed end of a Unix socket connection (a client's, as its
    /// server sees it).
    ///
    /// NIO's own description, `[IPv4]127.0.0.1/127.0.0.1:9000`, repeats the host and names the family; logs and
    /// events use this form instead.
    var hostAndPort: String {
        switch self {
        case .v4:
            "\(self.ipAddress ?? "?"):\(self.port ?? 0)"
        case .v6:
            "[\(self.ipAddress ?? "?")]:\(self.port ?? 0)"
        case .unixDomainSocket:
            // An in-memory endpoint's pseudo-address names itself (`InMemoryEndpoint/description`).
            self.pathname.flatMap { path in
                path.isEmpty ? nil : path.hasPrefix("memory:") ? path : "unix:\(path)"
            } ?? "unix socket"
        }
    }
}

/// A socket address that describes itself as `SocketAddress/hostAndPort`, for log metadata: formatted only if the
/// message is logged (formatting an address for every connection cost 1% of the CPU of connection churn).
struct HostAndPort: CustomStringConvertible, Sendable {
    let address: SocketAddress

    init(_ address: SocketAddress) {
        self.address = address
    }

    var description: String { self.address.hostAndPort }
}
