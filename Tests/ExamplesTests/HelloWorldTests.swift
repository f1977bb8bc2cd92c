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

import ArgumentParser
import ReactiveMessaging
import ReactiveMessagingTesting
import Testing

@testable import HelloWorld

@Suite("HelloWorld, in memory", .timeLimit(.minutes(1 * TestTiming.scale)))
struct HelloWorldTests {
    /// The server's processor with the server's serializer and bad-input policy.
    static let server = Conversation.replying(
        serializer: TextualSerializer<Greeting, Answer>(),
        badInput: HelloWorld.badInput,
        HelloWorld.answer
    )

    /// What a client speaks.
    static let client = TextualSerializer<Answer, Greeting>()

    @Test("every hello is answered with world")
    func greeting() async throws {
        let run = try await Self.server.run { peer in
            try await peer.send([Greeting.hello, .hello], using: Self.client)
            return try await peer.receive(2, using: Self.client)
        }
        #expect(run.result == [.world, .world])
        #expect(run.reason == .peerClosed)
    }

    @Test("a line that is not a greeting is skipped; the next greeting is still answered")
    func notAGreeting() async throws {
        let run = try await Self.server.run { peer in
            await peer.send(bytes: "hello?\n{\"hello\":{}}\n".utf8)
            return try await peer.receive(using: Self.client)
        }
        #expect(run.result == .world)
        #expect(run.reason == .peerClosed)
    }

    @Test("a connection that sends only garbage is closed after 16 bad lines in a row")
    func garbageCloses() async throws {
        let run = try await Self.server.run { peer in
            for _ in 0..<17 {
                await peer.send(bytes: Array("\u{1}\u{2}garbage\n".utf8))
            }
            return await peer.receiveUntilClosed()
        }
        #expect(run.result.isEmpty)
        #expect(run.reason.error?.code == .malformedMessage)
    }

    @Test("empty lines are skipped and do not count as bad lines")
    func emptyLines() async throws {
        let run = try await Self.server.run { peer in
            await peer.send(bytes: Array(String(repeating: "\n", count: 100).utf8))
            try await peer.send(Greeting.hello, using: Self.client)
            return try await peer.receive(using: Self.client)
        }
        #expect(run.result == .world)
        #expect(run.reason == .peerClosed)
    }

    @Test("the program's name in its help is the binary's")
    func commandName() {
        #expect(HelloWorld.helpMessage().contains("USAGE: HelloWorld"))
    }
}
