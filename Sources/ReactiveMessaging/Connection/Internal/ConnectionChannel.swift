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

/// A connection's channel: the async channel that carries its output and closes it, and the `ConnectionInput`
/// that takes its reads. Servers, clients and the test kit build it the same way.
@usableFromInline
package struct ConnectionChannel: Sendable {
    /// The async channel: the output, and the scoped close.
    let wrapped: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// The reads, from the pipeline's `ConnectionInput`.
    let input: ConnectionInput

    /// The NIO channel.
    var channel: any Channel { self.wrapped.channel }

    /// Builds a connection's pipeline and wraps it; called in the bootstrap's initializer, so no read can be lost
    /// before the handlers are in place.
    ///
    /// The pipeline: the idle-timeout handlers (if configured), the `ConnectionInput` that takes the reads, then the
    /// async channel's handlers, which carry the output. The input is kept here rather than looked up in the
    /// pipeline later: a connection closed before its task starts (an idle timeout under load) has its handlers
    /// removed, and its input must still tell why it ended.
    package static func wrap(_ channel: any Channel, configuration: ConnectionConfiguration) throws -> Self {
        let pipeline = channel.pipeline.syncOperations
        if let idleTimeout = configuration.idleTimeout {
            try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(idleTimeout)))
            try pipeline.addHandler(IdleTimeoutHandler(timeout: idleTimeout))
        }
        let input = ConnectionInput(channel: channel)
        try pipeline.addHandler(input)
        let wrapped = try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
            wrappingChannelSynchronously: channel,
            configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 8))
        )
        return Self(wrapped: wrapped, input: input)
    }

    /// Runs `body` with the output, then closes the channel.
    func executeThenClose<Result>(
        _ body: (NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> Result
    ) async throws -> Result {
        try await self.wrapped.executeThenClose { _, outbound in try await body(outbound) }
    }
}
