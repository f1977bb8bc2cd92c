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

/// The code that handles one connection: it gets the connection's messages and context, and returns its replies.
///
/// A server or client calls its processor once per connection, in that connection's own task. `Result` is either
/// an `AsyncSequence` of outgoing messages, each of which is sent (a *responsive* processor), or `Void` for a
/// processor that sends with `ConnectionContext/send(_:)` itself. When the processor returns (and its replies,
/// if any, end), the connection is closed after what was sent is flushed; when it throws, its connection alone is
/// closed.
///
/// ```swift
/// let imperative: ConnectionProcessor<Request, Response, Void> = { inbound, context in
///     for try await request in inbound {
///         try await context.send(Response(answering: request))
///     }
/// }
/// // Responsive, written in place: .replying(serializer: s) { inbound, _ in inbound.map(answer) }
/// ```
public typealias ConnectionProcessor<Inbound: Sendable, Outbound: Sendable, Result> =
    @Sendable (ConnectionInbound<Inbound>, ConnectionContext<Outbound>) async throws -> Result
