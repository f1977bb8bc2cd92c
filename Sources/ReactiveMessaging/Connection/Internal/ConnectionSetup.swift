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

package import Logging
package import NIOCore

/// What a server or client knows about a connection before it runs.
///
/// `package` so that the test kit can run connections in memory.
@usableFromInline
package struct ConnectionSetup: Sendable {
    let id: ConnectionID
    let logger: Logger
    let configuration: ConnectionConfiguration
    /// The peer's address, read once when the connection opened.
    let remoteAddress: SocketAddress?
    /// The certificate a TLS peer presented and this side verified.
    let peerCertificate: TLSPeerCertificate?
    /// Called once the connection's shared state exists, before its processor starts.
    let onStart: @Sendable (ConnectionShared) -> Void
    /// Reports the events that happen inside a connection (a composite protocol's state changes).
    let onEvent: (@Sendable (ConnectionEvent) async -> Void)?

    init(
        id: ConnectionID,
        logger: Logger,
        configuration: ConnectionConfiguration,
        remoteAddress: SocketAddress?,
        peerCertificate: TLSPeerCertificate? = nil,
        onEvent: (@Sendable (ConnectionEvent) async -> Void)?,
        onStart: @escaping @Sendable (ConnectionShared) -> Void
    ) {
        self.id = id
        self.logger = logger
        self.configuration = configuration
        self.remoteAddress = remoteAddress
        self.peerCertificate = peerCertificate
        self.onEvent = onEvent
        self.onStart = onStart
    }

    /// The setup of a connection that no server or client tracks, reporting its events to `onEvent`.
    package init(
        id: ConnectionID,
        logger: Logger,
        configuration: ConnectionConfiguration,
        remoteAddress: SocketAddress?,
        onEvent: @escaping @Sendable (ConnectionEvent) async -> Void
    ) {
        self.init(
            id: id,
            logger: logger,
            configuration: configuration,
            remoteAddress: remoteAddress,
            onEvent: onEvent
        ) { _ in }
    }
}
