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

import NIOCore
import ReactiveMessaging
import Testing

/// The code of README.md and Book/, compiled and run, so that the documents keep showing the API as it is.
@Suite("Documentation examples", .timeLimit(.minutes(1)))
struct DocumentationExamplesTests {
    enum Greeting: Codable, Sendable { case hello }
    enum Answer: Codable, Sendable { case world }

    @Test("README: a server and a client")
    func readme() async throws {
        // As in README.md, with port 0 instead of 9000.
        let server = Server(
            configuration: .init(host: "127.0.0.1", port: 0),
            serializer: TextualSerializer<Greeting, Answer>()
        ) { inbound, context in
            inbound.map { _ in Answer.world }
        }

        let answer = try await server.withRunning { address in
            try await Client.withConnection(
                configuration: .init(host: "127.0.0.1", port: address.port!),
                serializer: TextualSerializer<Answer, Greeting>()
            ) { inbound, context in
                try await context.send(.hello)
                return try await inbound.first { _ in true }
            }
        }
        #expect(answer == .world)
    }

    enum Request: Codable, Sendable {
        case add(Int, Int)
        case ping
    }

    enum Response: Codable, Sendable {
        case sum(Int)
        case pong
        case error(String)
    }

    /// `key=value` lines, as in the Book's chapter 1.
    struct KeyValueSerializer: MessageSerializer {
        var framing: Framing { .newlineDelimited }

        func decode(_ frame: inout ByteBuffer) throws -> [String: String] {
            guard let line = frame.readString(length: frame.readableBytes), let equals = line.firstIndex(of: "=")
            else {
                throw ReactiveMessagingError(code: .malformedMessage, message: "expected key=value")
            }
            return [String(line[..<equals]): String(line[line.index(after: equals)...])]
        }

        func encode(_ message: [String: String], into buffer: inout ByteBuffer) throws {
            for (key, value) in message { buffer.writeString("\(key)=\(value)") }
        }
    }

    @Test("Book 1: the add service, responsive and imperative, and its client")
    func bookChapterOne() async throws {
        let responsive = Server(
            configuration: .init(host: "127.0.0.1", port: 0),
            serializer: TextualSerializer<Request, Response>()
        ) { inbound, context in
            inbound.map { request in
                switch request {
                case .add(let a, let b): .sum(a + b)
                case .ping: .pong
                }
            }
        }
        let imperative = Server(
            configuration: .init(host: "127.0.0.1", port: 0),
            serializer: TextualSerializer<Request, Response>(),
            badInput: .reply { error in .error(error.message) }
        ) { inbound, context in
            for try await request in inbound {
                if case .add(let a, let b) = request {
                    try await context.send(.sum(a + b))
                }
            }
        }
        for server in [responsive, imperative] {
            let sum = try await server.withRunning { address in
                try await Client.withConnection(
                    configuration: .init(host: "127.0.0.1", port: address.port!),
                    serializer: TextualSerializer<Response, Request>()
                ) { inbound, context -> Int? in
                    try await context.send(.add(2, 3))
                    for try await response in inbound {
                        if case .sum(let sum) = response { return sum }
                    }
                    return nil
                }
            }
            #expect(sum == 5)
        }

        let keyValues = try await Server(
            configuration: .init(host: "127.0.0.1", port: 0),
            serializer: KeyValueSerializer()
        ) { inbound, _ in
            inbound.map { $0 }
        }.withRunning { address in
            try await Client.withConnection(
                configuration: .init(host: "127.0.0.1", port: address.port!),
                serializer: KeyValueSerializer()
            ) { inbound, context in
                try await context.send(["answer": "42"])
                return try await inbound.first { _ in true }
            }
        }
        #expect(keyValues == ["answer": "42"])
    }
}
