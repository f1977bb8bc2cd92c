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

/// The channel setup servers and clients share.
enum ConnectionChannel {
    /// Builds a connection's pipeline and wraps it as an async channel; called in the bootstrap's initializer, so
    /// no read can be lost before the wrapper is in place.
    static func wrap(
        _ channel: any Channel,
        configuration: ConnectionConfiguration
    ) throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let pipeline = channel.pipeline.syncOperations
        if let idleTimeout = configuration.idleTimeout {
            try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(idleTimeout)))
            try pipeline.addHandler(IdleTimeoutHandler(timeout: idleTimeout))
        }
        return try NIOAsyncChannel(
            wrappingChannelSynchronously: channel,
            configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 8))
        )
    }
}
