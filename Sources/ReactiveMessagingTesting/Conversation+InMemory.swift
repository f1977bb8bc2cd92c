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

/// How an in-memory connection went: what the test returned, why the conversation's connection ended, and its events.
public struct TestRun<Result> {
    /// What the test's body returned.
    public var result: Result

    /// Why the conversation's connection ended.
    public var reason: DisconnectReason

    /// The conversation's events, in order: `connected`, each `enteredState` and `leftState` of a composite
    /// protocol, then `disconnected` with `reason`.
    public var events: [ConnectionEvent]
}

extension TestRun: Sendable where Result: Sendable {}

/// Runs conversations in memory, with no socket: the same processors and serializers a `Server` or `Client` runs,
/// so a test exercises the real decoding, batching, bad-input policies and state switches.
///
/// Play the other end yourself with a `TestPeer`:
///
/// ```swift
/// let run = try await Conversation.replying(serializer: TextualSerializer<Greeting, Answer>()) { inbound, _ in
///     inbound.map { _ in Answer.world }
/// }.run { peer in
///     try await peer.send(Greeting.hello, using: TextualSerializer<Answer, Greeting>())
///     return try await peer.receive(using: TextualSerializer<Answer, Greeting>())
/// }
/// #expect(run.result == .world)
/// ```
///
/// or run two conversations against each other with `run(against:configuration:logger:)`.
///
/// The connection is the in-memory transport's pair of channels (see `InMemoryEndpoint`), on one of NIO's shared
/// event loops, so the conversation runs as it would on a socket: idle timeouts fire, back-pressure applies, and
/// each `TestPeer` send arrives as exactly one read.
extension Conversation {
    /// Runs this conversation over an in-memory connection while `body` plays the other end.
    ///
    /// When `body` returns, the peer half-closes (unless it already did) and the conversation is run to its end. If
    /// `body` throws, the connection is closed and the error is rethrown.
    ///
    /// - Parameters:
    ///   - configuration: The connection settings (message size limit, batching, idle timeout).
    ///   - logger: Where the conversation logs. Defaults to swift-log's `Logger.current`: the logger bound with
    ///     `withLogger`, else the process's default.
    ///   - body: The other end of the conversation.
    /// - Returns: What `body` returned, why the conversation's connection ended, and its events.
    /// - Throws: What `body` throws, or `ReactiveMessagingError` with code `invalidArgument` if the conversation cannot
    ///   run (a composite protocol without its initial state).
    public func run<Result>(
        configuration: ConnectionConfiguration = .defaults,
        logger: Logger = .current,
        _ body: (TestPeer) async throws -> Result
    ) async throws -> TestRun<Result> {
        if let problem = self.driver.problem { throw problem }
        let (connection, end) = try await InMemoryConnection.withPeer(configuration: configuration)
        let events = EventRecorder()
        return try await withThrowingTaskGroup(of: DisconnectReason.self) { group in
            group.addTask {
                await connection.run(self.driver, id: 1, configuration: configuration, logger: logger, events: events)
            }
            let peer = TestPeer(end)
            let result: Result
            do {
                result = try await body(peer)
            } catch {
                connection.closeNow()
                _ = try await group.next()
                throw error
            }
            peer.finish()
            let reason = try await group.next() ?? .processorFinished
            return TestRun(result: result, reason: reason, events: events.events)
        }
    }

    /// Runs this conversation against `other` over an in-memory connection, until both have ended.
    ///
    /// What one end writes arrives at the other as one read; when one end closes, the other sees the end of
    /// its input.
    ///
    /// - Parameters:
    ///   - other: The other end (a client against a server, say).
    ///   - configuration: The connection settings of both ends.
    ///   - logger: Where both ends log. Defaults to swift-log's `Logger.current`: the logger bound with `withLogger`,
    ///     else the process's default.
    /// - Returns: How this end's connection went, then how the other's did.
    /// - Throws: `ReactiveMessagingError` with code `invalidArgument` if a conversation cannot run.
    public func run(
        against other: Conversation,
        configuration: ConnectionConfiguration = .defaults,
        logger: Logger = .current
    ) async throws -> (TestRun<Void>, TestRun<Void>) {
        for problem in [self.driver.problem, other.driver.problem] {
            if let problem { throw problem }
        }
        let (first, second) = try await InMemoryConnection.pair(configuration: configuration)
        let (firstEvents, secondEvents) = (EventRecorder(), EventRecorder())
        async let firstReason = first.run(
            self.driver,
            id: 1,
            configuration: configuration,
            logger: logger,
            events: firstEvents
        )
        async let secondReason = second.run(
            other.driver,
            id: 2,
            configuration: configuration,
            logger: logger,
            events: secondEvents
        )
        let reasons = await (firstReason, secondReason)
        return (
            TestRun(result: (), reason: reasons.0, events: firstEvents.events),
            TestRun(result: (), reason: reasons.1, events: secondEvents.events)
        )
    }
}
