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

package import NIOCore

/// A connection's channel and the `ConnectionHandler` that takes its reads. Servers, clients and the test kit
/// build it the same way.
@usableFromInline
package struct ConnectionChannel: Sendable {
    /// The NIO channel.
    let channel: any Channel

    /// The reads, and waiting for writability, from the pipeline's `ConnectionHandler`.
    let handler: ConnectionHandler

    /// Builds a connection's pipeline and wraps it; called in the bootstrap's initializer, so no read can be lost
    /// before the handlers are in place.
    ///
    /// The channel reads into buffers of `initialReadBufferSize` at first. The pipeline: the idle-timeout handlers (if configured), then the `ConnectionHandler`. The handler is kept
    /// here rather than looked up in the pipeline later: a connection closed before its task starts (an idle
    /// timeout under load) has its handlers removed, and its handler must still tell why it ended.
    package static func wrap(_ channel: any Channel, configuration: ConnectionConfiguration) throws -> Self {
        let pipeline = channel.pipeline.syncOperations
        try channel.syncOptions?.setOption(
            .recvAllocator,
            value: AdaptiveRecvByteBufferAllocator(
                minimum: ConnectionConfiguration.readBufferSizes.lowerBound,
                initial: configuration.initialReadBufferSize,
                maximum: ConnectionConfiguration.readBufferSizes.upperBound
            )
        )
        if let idleTimeout = configuration.idleTimeout {
            try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(idleTimeout)))
            try pipeline.addHandler(IdleTimeoutHandler(timeout: idleTimeout))
        }
        let handler = ConnectionHandler(channel: channel)
        try pipeline.addHandler(handler)
        return Self(channel: channel, handler: handler)
    }

    /// Closes the channel, if it is not closed already.
    func close() async {
        try? await self.channel.close()
    }
}
