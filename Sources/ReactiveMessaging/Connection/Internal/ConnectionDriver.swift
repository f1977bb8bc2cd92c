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

/// Runs connections with one serializer and one processor, or a composite protocol; what a `Server` or `Client`
/// keeps of them.
///
/// Built in the `@inlinable` initialisers, so its closure, and the processor and coding closures it calls, are
/// specialised for the user's types. `package` so that the test kit can run one in memory.
@usableFromInline
package struct ConnectionDriver: Sendable {
    /// Every framing a connection may use, for checking the configuration against.
    @usableFromInline
    let framings: [Framing]

    /// What makes the driver unable to run connections, found when it was built; `run()` throws it.
    @usableFromInline
    package var problem: ReactiveMessagingError? = nil

    /// Runs one connection to its end, closes it, and says why it ended.
    @usableFromInline
    package let run: @Sendable (ConnectionChannel, ConnectionSetup) async -> DisconnectReason

    /// Runs a responsive processor: every reply it returns is sent, batched per read.
    @inlinable
    init<Inbound, Outbound, Replies: AsyncSequence & SendableMetatype>(
        coding: MessageCoding<Inbound, Outbound>,
        badInput: BadInputPolicy<Outbound>,
        replying processor: @escaping ConnectionProcessor<Inbound, Outbound, Replies>
    ) where Replies.Element == Outbound {
        self.init(coding: coding, badInput: badInput) { inbound, context in
            let replies = try await processor(inbound, context)
            for try await reply in replies {
                try await context.send(reply)
            }
        }
    }

    @inlinable
    init<Inbound, Outbound>(
        coding: MessageCoding<Inbound, Outbound>,
        badInput: BadInputPolicy<Outbound>,
        processor: @escaping ConnectionProcessor<Inbound, Outbound, Void>
    ) {
        self.framings = [coding.framing]
        self.run = { channel, setup in
            await runConnection(channel, setup: setup, coding: coding, badInput: badInput, body: processor)
        }
    }
}

extension ConnectionDriver {
    /// Runs a processor that sends through its context, with `serializer`.
    @inlinable
    package init<Serializer: MessageSerializer>(
        serializer: Serializer,
        badInput: BadInputPolicy<Serializer.Outbound>,
        processor: @escaping ConnectionProcessor<Serializer.Inbound, Serializer.Outbound, Void>
    ) {
        self.init(coding: MessageCoding(serializer), badInput: badInput, processor: processor)
    }

    /// Runs a responsive processor, with `serializer`.
    @inlinable
    package init<Serializer: MessageSerializer, Replies: AsyncSequence & SendableMetatype>(
        serializer: Serializer,
        badInput: BadInputPolicy<Serializer.Outbound>,
        replying processor: @escaping ConnectionProcessor<Serializer.Inbound, Serializer.Outbound, Replies>
    ) where Replies.Element == Serializer.Outbound {
        self.init(coding: MessageCoding(serializer), badInput: badInput, replying: processor)
    }
}
