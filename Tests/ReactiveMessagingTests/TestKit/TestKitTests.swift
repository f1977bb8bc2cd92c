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

import NIOConcurrencyHelpers
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

@Suite("The test kit runs processors and composite protocols in memory", .timeLimit(.minutes(1 * TestTiming.scale)))
struct TestKitTests {
    struct Question: Codable, Equatable, Sendable {
        var number: Int
    }

    struct Answer: Codable, Equatable, Sendable {
        var double: Int
    }

    @Test("a responsive processor answers, through the real serializer, with no socket")
    func replyingProcessor() async throws {
        let endpoint = Conversation.replying(serializer: TextualSerializer<Question, Answer>()) { inbound, _ in
            inbound.map { Answer(double: $0.number * 2) }
        }
        // The peer speaks the mirror of the endpoint's serializer.
        let mirror = TextualSerializer<Answer, Question>()
        let run = try await endpoint.run { peer in
            try await peer.send([Question(number: 1), Question(number: 21)], using: mirror)
            return try await peer.receive(2, using: mirror)
        }
        #expect(run.result == [Answer(double: 2), Answer(double: 42)])
        #expect(run.reason == .peerClosed)
        #expect(run.events.map(\.kind) == [.connected, .disconnected])
    }

    @Test("malformed input follows the endpoint's bad-input policy")
    func badInput() async throws {
        let endpoint = Conversation.replying(serializer: TextualSerializer<Question, Answer>()) { inbound, _ in
            inbound.map { Answer(double: $0.number * 2) }
        }
        let run = try await endpoint.run { peer in
            await peer.send(bytes: "{\"number\": \"seven\"}\n".utf8)
            return await peer.receiveUntilClosed()
        }
        #expect(run.result.isEmpty)
        #expect(run.reason.error?.code == .malformedMessage)
    }

    @Test("a composite protocol switches serializer in memory; the peer follows the switch and the session is released")
    func compositeWithPeer() async throws {
        let releases = SessionReleases()
        let endpoint = Conversation.composite(CompositeProtocolTests.game(releases: releases))
        let tokens = (0..<1_000).map { Token(value: UInt64($0), isLast: $0 == 999) }
        let run = try await endpoint.run { peer in
            await peer.send(bytes: Array("hello ada\n".utf8) + (try Serde.fixed.wire(tokens)))
            let welcome = try await peer.receive(using: LineSerializer())
            let replies = try await peer.receive(tokens.count, using: FixedSizeSerializer<Token, Token>())
            let bye = try await peer.receive(using: LineSerializer())
            return (welcome, replies, bye)
        }
        #expect(run.result.0 == "welcome ada")
        #expect(run.result.1 == tokens.map { Token(value: $0.value + 1, isLast: $0.isLast) })
        #expect(run.result.2 == "bye ada")
        #expect(run.reason == .processorFinished)
        #expect(releases.ids.withLockedValue { $0.count } == 1)
        #expect(CompositeProtocolTests.summary(run.events) == CompositeProtocolTests.gameEvents)
    }

    @Test("a composite client plays a composite server in memory, cycling through its states")
    func endpointAgainstEndpoint() async throws {
        let released = SessionReleases()
        let rounds = 3
        let client = Conversation.composite(
            CompositeProtocolTests.rallyClient(rounds: rounds, tokens: 100, released: released)
        )
        let (clientRun, serverRun) = try await client.run(against: .composite(CompositeProtocolTests.rallyServer()))
        #expect(clientRun.reason == .processorFinished)
        #expect(serverRun.reason == .processorFinished)
        #expect(released.ids.withLockedValue { $0.count } == 1)
        let states = serverRun.events.filter { $0.kind == .enteredState }.compactMap(\.state)
        #expect(states == ["lobby"] + Array(repeating: ["rally", "lobby"], count: rounds).flatMap { $0 })
        #expect(clientRun.events.filter { $0.kind == .enteredState }.compactMap(\.state) == states)
    }

    @Test("receiving after the endpoint closed throws connectionClosed")
    func receiveAfterClose() async throws {
        let endpoint = Conversation.processor(serializer: LineSerializer()) { _, context in
            try await context.send("only")
        }
        let run = try await endpoint.run { peer in
            let only = try await peer.receive(using: LineSerializer())
            #expect(only == "only")
            let error = await #expect(throws: ReactiveMessagingError.self) {
                try await peer.receive(using: LineSerializer())
            }
            return error?.code
        }
        #expect(run.result == .connectionClosed)
    }

    @Test("a composite protocol without its initial state is refused before it runs")
    func missingInitialState() async throws {
        var broken = CompositeProtocol<GamePhase, Void>(initial: .handshake) { _ in }
        broken.add(.game, serializer: LineSerializer()) { _, _, _ in nil }
        let error = await #expect(throws: ReactiveMessagingError.self) {
            try await Conversation.composite(broken).run { _ in }
        }
        #expect(error?.code == .invalidArgument)
    }
}
