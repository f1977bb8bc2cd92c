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

public import Logging
public import ReactiveMessaging
public import ServiceLifecycle
internal import UnixSignals

/// Reloads a TLS server's certificate and key files each time the process gets SIGHUP (`kill -HUP PID`), as
/// daemons do: what a certificate manager that replaced the files asks for. Connections already open keep the
/// certificate they began with; a reload that cannot load the files is logged, and the server keeps the one in use.
///
/// A `Service`: run it beside the server in the same `ServiceGroup`; it ends at the group's graceful shutdown.
public struct TLSReloadOnHangUp: Service {
    private let server: Server
    private let logger: Logger

    /// A service that reloads `server`'s TLS files on SIGHUP, logging each reload to `logger`.
    public init(_ server: Server, logger: Logger) {
        self.server = server
        self.logger = logger
    }

    /// Waits for SIGHUP and reloads, until the graceful shutdown.
    public func run() async throws {
        let hangUps = await UnixSignalsSequence(trapping: .sighup)
        self.logger.info("SIGHUP reloads the TLS certificate and key files")
        for await _ in hangUps.cancelOnGracefulShutdown() {
            do {
                try self.server.reloadTLS()
            } catch {
                self.logger.error("kept the TLS certificate in use", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension TransportOptions {
    /// The services an example server runs: the server, and over TLS `TLSReloadOnHangUp` for it.
    public func services(for server: Server, logger: Logger) -> [any Service] {
        self.tlsCertificate == nil ? [server] : [server, TLSReloadOnHangUp(server, logger: logger)]
    }
}
