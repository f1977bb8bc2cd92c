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

internal import Logging
internal import NIOCore

/// The processor of one state of a composite protocol.
///
/// It gets the state's messages, a context to send the state's replies, and the connection's session. It ends its
/// state by returning the next state (which may be the same one), or `nil` to end the connection. The context, and
/// its peer, belong to the state: once the connection has moved on, the old peer's sends throw `stateEnded`.
public typealias CompositeProcessor<Inbound: Sendable, Outbound: Sendable, State: Sendable, Session: Sendable> =
    @Sendable (ConnectionInbound<Inbound>, ConnectionContext<Outbound>, Session) async throws -> State?

/// A protocol whose connections move through states, each with its own message types, serializer and processor.
///
/// ```swift
/// enum Phase: Hashable, Sendable { case handshake, game }
///
/// var game = CompositeProtocol<Phase, Player>(initial: .handshake) { id in Player(id) }
/// game.add(.handshake, serializer: TextualSerializer<Hello, Welcome>()) { inbound, context, player in
///     for try await hello in inbound {
///         try await context.send(Welcome(for: hello))
///         return .game
///     }
///     return nil
/// }
/// game.add(.game, serializer: FixedSizeSerializer<Move, Move>()) { inbound, context, player in ... }
/// let server = Server(transport: .tcp(host: "0.0.0.0", port: 9002), conversation: .composite(game))
/// ```
///
/// A connection starts in `initial` with a new session. When a state's processor returns the next state, the same
/// connection continues in that state's processor with the same connection id and session. The bytes the peer
/// sent after the message that ended a state are decoded by the next state's serializer (none is read ahead), and
/// replies queued before the switch leave, in the old serializer, before the first reply in the new one. The
/// session is released exactly once when the connection ends, however it ends.
public struct CompositeProtocol<State: Hashable & Sendable, Session: Sendable>: Sendable {
    /// One state's name, framing and the specialised loop that runs its processor.
    @usableFromInline
    struct Stage: Sendable {
        /// The state as text, for events and logs: made once, because describing a value at every switch
        /// (reflection through `String(describing:)`) was 60% of a switch's cost.
        @usableFromInline
        let name: String

        @usableFromInline
        let framing: Framing

        @usableFromInline
        let run: @Sendable (ConnectionIO, ConnectionSetup, Session) async throws -> State?

        @inlinable
        init(
            name: String,
            framing: Framing,
            run: @escaping @Sendable (ConnectionIO, ConnectionSetup, Session) async throws -> State?
        ) {
            self.name = name
            self.framing = framing
            self.run = run
        }
    }

    /// The state every connection starts in.
    public let initial: State

    @usableFromInline
    var stages: [State: Stage] = [:]

    @usableFromInline
    let makeSession: @Sendable (ConnectionID) -> Session

    @usableFromInline
    let releaseSession: @Sendable (Session) -> Void

    /// Creates a protocol with no states yet; add them with `add(_:serializer:badInput:processor:)`.
    ///
    /// - Parameters:
    ///   - initial: The state every connection starts in.
    ///   - release: Called exactly once per connection with its session, when the connection has ended.
    ///   - session: Makes the session of a new connection.
    public init(
        initial: State,
        release: @escaping @Sendable (Session) -> Void = { _ in },
        session: @escaping @Sendable (ConnectionID) -> Session
    ) {
        self.initial = initial
        self.makeSession = session
        self.releaseSession = release
    }

    /// Adds a state, or replaces the one with the same name.
    ///
    /// - Parameters:
    ///   - state: The state's name.
    ///   - serializer: Decodes what the peer sends in this state and encodes what is sent to it.
    ///   - badInput: What to do with a frame that does not decode in this state. Defaults to closing the
    ///     connection.
    ///   - processor: Handles the state; returns the next state, or `nil` to end the connection.
    @inlinable
    public mutating func add<Serializer: MessageSerializer>(
        _ state: State,
        serializer: Serializer,
        badInput: BadInputPolicy<Serializer.Outbound> = .close,
        processor: @escaping CompositeProcessor<Serializer.Inbound, Serializer.Outbound, State, Session>
    ) {
        let coding = MessageCoding(serializer)
        self.stages[state] = Stage(name: String(describing: state), framing: coding.framing) { io, setup, session in
            try await runProcessor(io, setup: setup, coding: coding, badInput: badInput) { inbound, context in
                try await processor(inbound, context, session)
            }
        }
    }
}
