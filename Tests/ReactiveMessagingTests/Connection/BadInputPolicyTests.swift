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

import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

@Suite("Bad input: bounded skipping and replying, and empty lines", .timeLimit(.minutes(1 * TestTiming.scale)))
struct BadInputPolicyTests {
    enum Greeting: Codable, Equatable, Sendable { case hello }
    enum Answer: Codable, Equatable, Sendable {
        case world
        case error(String)
    }

    static let peerSerializer = TextualSerializer<Answer, Greeting>()

    /// A server that answers every greeting with `world`, under `policy`.
    static func server(_ policy: BadInputPolicy<Answer>) -> Conversation {
        Conversation.replying(serializer: TextualSerializer<Greeting, Answer>(), badInput: policy) { inbound, _ in
            inbound.map { _ in Answer.world }
        }
    }

    /// `count` lines that are not greetings, each its own read.
    static func garbage(_ count: Int, to peer: TestPeer) async {
        for index in 0..<count {
            await peer.send(bytes: Array("garbage \(index)\n".utf8))
        }
    }

    @Test("skip: up to its bound of bad lines in a row are skipped, and a good one starts the count again")
    func skipWithinBound() async throws {
        let run = try await Self.server(.skip(maximumConsecutive: 3)).run { peer in
            var answers: [Answer] = []
            for _ in 0..<3 {
                await Self.garbage(3, to: peer)
                try await peer.send(.hello, using: Self.peerSerializer)
                answers.append(try await peer.receive(using: Self.peerSerializer))
            }
            return answers
        }
        #expect(run.result == [.world, .world, .world])
        #expect(run.reason == .peerClosed)
    }

    @Test("skip: one bad line past its bound closes the connection with malformedMessage", arguments: [0, 1, 3, 16])
    func skipPastBound(bound: Int) async throws {
        let run = try await Self.server(.skip(maximumConsecutive: bound)).run { peer in
            await Self.garbage(bound + 1, to: peer)
            return await peer.receiveUntilClosed()
        }
        #expect(run.result.isEmpty)
        let error = try #require(run.reason.error)
        #expect(error.code == .malformedMessage)
        if bound > 0 {
            let expected = "\(bound + 1) malformed messages in a row; the bad-input policy tolerates \(bound)"
            #expect(error.message == expected)
        }
    }

    @Test("the default skip policy tolerates 16 bad lines in a row, not 17")
    func defaultSkipBound() async throws {
        #expect(BadInputPolicy<Answer>.skip.maximumConsecutive == 16)
        let tolerated = try await Self.server(.skip).run { peer in
            await Self.garbage(16, to: peer)
            try await peer.send(.hello, using: Self.peerSerializer)
            return try await peer.receive(using: Self.peerSerializer)
        }
        #expect(tolerated.result == .world)
        let closed = try await Self.server(.skip).run { peer in
            await Self.garbage(17, to: peer)
            return await peer.receiveUntilClosed()
        }
        #expect(closed.reason.error?.code == .malformedMessage)
    }

    @Test("reply: each bad line is answered up to the bound; the next closes")
    func replyBound() async throws {
        let policy = BadInputPolicy<Answer>.reply(maximumConsecutive: 2) { .error($0.message) }
        let run = try await Self.server(policy).run { peer in
            await Self.garbage(3, to: peer)
            let answers = try await peer.receive(2, using: Self.peerSerializer)
            await peer.receiveUntilClosed()
            return answers.map { if case .error = $0 { "error" } else { "\($0)" } }
        }
        #expect(run.result == ["error", "error"])
        #expect(run.reason.error?.code == .malformedMessage)
    }

    @Test("garbage in one read counts line by line, as in many reads")
    func garbageInOneRead() async throws {
        let run = try await Self.server(.skip(maximumConsecutive: 4)).run { peer in
            await peer.send(bytes: Array(String(repeating: "x\n", count: 5).utf8))
            return await peer.receiveUntilClosed()
        }
        #expect(run.reason.error?.code == .malformedMessage)
    }

    @Test(
        "an empty line is skipped on a textual connection, under every policy, and counts as no bad line",
        arguments: ["\n", "\r\n"]
    )
    func emptyLineSkipped(ending: String) async throws {
        for policy in [BadInputPolicy<Answer>.close, .skip(maximumConsecutive: 0)] {
            let run = try await Self.server(policy).run { peer in
                await peer.send(bytes: Array(String(repeating: ending, count: 3).utf8))
                try await peer.send(.hello, using: Self.peerSerializer)
                await peer.send(bytes: Array(ending.utf8))
                try await peer.send(.hello, using: Self.peerSerializer)
                return try await peer.receive(2, using: Self.peerSerializer)
            }
            #expect(run.result == [.world, .world])
            #expect(run.reason == .peerClosed)
        }
    }
}
