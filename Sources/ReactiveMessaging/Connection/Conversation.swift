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

/// What runs on a connection: a processor with its serializer and bad-input policy, or a composite protocol.
///
/// A `Server` runs one conversation on every connection it accepts, a `Client` on its connection, and the test
/// kit in memory; the same value works for all three, over every transport.
///
/// ```swift
/// enum Greeting: Codable, Sendable { case hello }
/// enum Answer: Codable, Sendable { case world }
///
/// // Answers with a sequence of replies: each is sent back, batched per read.
/// let greeter = Conversation.replying(serializer: TextualSerializer<Greeting, Answer>()) { inbound, _ in
///     inbound.map { _ in Answer.world }
/// }
///
/// // Sends through its context, whenever it likes.
/// let talker = Conversation.processor(serializer: TextualSerializer<Answer, Greeting>()) { inbound, context in
///     try await context.send(.hello)
///     for try await _ in inbound { break }
/// }
/// ```
public struct Conversation: Sendable {
    /// Runs the connections; built in the `@inlinable` factories, so the processor is specialised for its types.
    @usableFromInline
    package let driver: ConnectionDriver

    @usableFromInline
    init(driver: ConnectionDriver) {
        self.driver = driver
    }

    /// A conversation whose processor sends through its context.
    ///
    /// The processor is called once per connection with the connection's messages; it sends with
    /// `ConnectionContext/send(_:)` or the context's peer. When it returns, the connection is closed after what it
    /// sent is flushed; when it throws, only its connection is closed.
    ///
    /// - Parameters:
    ///   - serializer: Decodes what the other end sends and encodes what this end sends.
    ///   - badInput: What to do with a frame that does not decode. Defaults to closing the connection.
    ///   - processor: Handles a connection.
    /// - Returns: The conversation.
    @inlinable
    public static func processor<Serializer: MessageSerializer>(
        serializer: Serializer,
        badInput: BadInputPolicy<Serializer.Outbound> = .close,
        _ processor: @escaping ConnectionProcessor<Serializer.Inbound, Serializer.Outbound, Void>
    ) -> Self {
        Self(driver: ConnectionDriver(serializer: serializer, badInput: badInput, processor: processor))
    }

    /// A conversation whose processor answers with a sequence of replies.
    ///
    /// The processor is called once per connection with the connection's messages; every element of the sequence
    /// it returns is sent back. When the sequence ends, the connection is closed after the replies are flushed.
    ///
    /// - Parameters:
    ///   - serializer: Decodes what the other end sends and encodes the replies.
    ///   - badInput: What to do with a frame that does not decode. Defaults to closing the connection.
    ///   - processor: Turns a connection's messages into replies.
    /// - Returns: The conversation.
    @inlinable
    public static func replying<Serializer: MessageSerializer, Replies: AsyncSequence & SendableMetatype>(
        serializer: Serializer,
        badInput: BadInputPolicy<Serializer.Outbound> = .close,
        _ processor: @escaping ConnectionProcessor<Serializer.Inbound, Serializer.Outbound, Replies>
    ) -> Self where Replies.Element == Serializer.Outbound {
        Self(driver: ConnectionDriver(serializer: serializer, badInput: badInput, replying: processor))
    }

    /// A conversation that moves through the states of a composite protocol.
    ///
    /// Each connection starts in the protocol's initial state with a new session, moves from state to state as
    /// the processors say, and releases its session exactly once when it ends. State graphs may cycle. A server
    /// or client checks its connection settings against every state's framing.
    ///
    /// - Parameter composite: The states, their serializers and processors, and the sessions.
    /// - Returns: The conversation.
    public static func composite<State, Session>(_ composite: CompositeProtocol<State, Session>) -> Self {
        Self(driver: ConnectionDriver(composite: composite))
    }
}
