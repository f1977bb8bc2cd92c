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

extension ConnectionIO {
    /// Opens a connection's input and output, and tells the server or client it has started.
    ///
    /// Synchronous, so that none of what it builds stays in the connection task's frames: a connection's async
    /// call chain is its memory while it waits, 10,000 times over on a busy server.
    @usableFromInline
    static func open(_ channel: ConnectionChannel, setup: ConnectionSetup, framing: Framing) -> ConnectionIO {
        let shared = ConnectionShared(channel, closeTimeout: TimeAmount(setup.configuration.closeTimeout))
        let io = ConnectionIO(
            input: channel.handler,
            shared: shared,
            framing: framing,
            maximumMessageSize: setup.configuration.maximumMessageSize,
            logger: setup.logger
        )
        channel.handler.metrics.connectionOpened()
        setup.onStart(shared)
        return io
    }

    /// Closes the connection after its processor ended (gracefully: see `closeGracefully()`), and says why it
    /// ended.
    @usableFromInline
    func close(_ channel: ConnectionChannel, processorError: (any Error)?) async -> DisconnectReason {
        await self.closeGracefully()
        await channel.close()
        self.shared.endConversation()
        let reason = self.disconnectReason(processorError: processorError)
        self.reportTraffic()
        self.shared.handler.metrics.connectionClosed(reason)
        return reason
    }
}
