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
import ReactiveMessagingTesting
import Testing

/// The code of README.md and Book/, compiled and run, so that the documents keep showing the API as it is.
@Suite("Documentation examples", .timeLimit(.minutes(1 * TestTiming.scale)))
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
                configuration: clientConfiguration(port: address.port!),
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
                    configuration: clientConfiguration(port: address.port!),
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
                configuration: clientConfiguration(port: address.port!),
                serializer: KeyValueSerializer()
            ) { inbound, context in
                try await context.send(["answer": "42"])
                return try await inbound.first { _ in true }
            }
        }
        #expect(keyValues == ["answer": "42"])
    }

    /// Book 2's fixed-size example, as in the chapter.
    struct Point: FixedSizeMessage, Equatable {
        enum Kind: UInt8 {
            case serve = 1
            case rally = 2
            case fault = 3
        }
        var kind: Kind
        var isLet: Bool
        var player: UInt32
        var score: Int64

        static var wireSize: Int { 16 }

        init(kind: Kind, isLet: Bool, player: UInt32, score: Int64) {
            self.kind = kind
            self.isLet = isLet
            self.player = player
            self.score = score
        }

        init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
            self.kind = try reader.read(Kind.self)
            self.isLet = try reader.read(Bool.self)
            try reader.skipPadding(2)
            self.player = try reader.read(UInt32.self)
            self.score = try reader.read(Int64.self)
        }

        func write(to writer: inout FixedSizeWriter) {
            writer.write(self.kind)
            writer.write(self.isLet)
            writer.skipPadding(2)
            writer.write(self.player)
            writer.write(self.score)
        }
    }

    /// Book 2's `Move`, also a `FixedSizeMessage` (16 bytes: x, y) so every built-in carries it.
    struct Move: Codable, FixedSizeMessage, Equatable {
        var x: Int
        var y: Int

        init(x: Int, y: Int) {
            self.x = x
            self.y = y
        }

        static var wireSize: Int { 16 }

        init(reading reader: inout FixedSizeReader) throws(ReactiveMessagingError) {
            self.x = Int(try reader.read(Int64.self))
            self.y = Int(try reader.read(Int64.self))
        }

        func write(to writer: inout FixedSizeWriter) {
            writer.write(Int64(self.x))
            writer.write(Int64(self.y))
        }
    }

    static func payload<Serializer: MessageSerializer>(
        _ message: Serializer.Outbound,
        _ serializer: Serializer
    ) throws -> [UInt8] {
        var buffer = ByteBuffer()
        try serializer.encode(message, into: &buffer)
        return Array(buffer.readableBytesView)
    }

    @Test("Book 2: the wire bytes the chapter shows, and the choice of a serializer by name")
    func book2() throws {
        let point = Point(kind: .rally, isLet: true, player: 0x0A0B_0C0D, score: -2)
        // 02 01 00 00 0D 0C 0B 0A FE FF FF FF FF FF FF FF
        let pointBytes: [UInt8] =
            [0x02, 0x01, 0x00, 0x00, 0x0D, 0x0C, 0x0B, 0x0A, 0xFE] + Array(repeating: 0xFF, count: 7)
        #expect(try Self.payload(point, FixedSizeSerializer<Point, Point>()) == pointBytes)
        var pointFrame = ByteBuffer(bytes: pointBytes)
        #expect(try FixedSizeSerializer<Point, Point>().decode(&pointFrame) == point)

        #expect(
            try Self.payload(Greeting.hello, VariableSizeSerializer<Greeting, Greeting>())
                == [0x09, 0x01, 0x05, 0x68, 0x65, 0x6C, 0x6C, 0x6F, 0x09, 0x00]
        )
        #expect(
            try Self.payload(Move(x: 3, y: -300), VariableSizeSerializer<Move, Move>())
                == [0x09, 0x02, 0x01, 0x78, 0x03, 0x03, 0x01, 0x79, 0x04, 0xAB, 0x02]
        )
        #expect(try Self.payload(Move(x: 3, y: 4), TextualSerializer<Move, Move>()) == Array(#"{"x":3,"y":4}"#.utf8))

        for argument in ["textual", "fixed", "variable"] {
            let serde = Serde(argument) ?? .textual
            let serializer = try BuiltInSerializer<Move, Move>(validating: serde)
            var buffer = ByteBuffer(bytes: try Self.payload(Move(x: 3, y: -300), serializer))
            #expect(try serializer.decode(&buffer) == Move(x: 3, y: -300), "\(serde)")
        }
        #expect(throws: ReactiveMessagingError.self) { try BuiltInSerializer<Move, Move>(validating: .custom("kv")) }
    }
}
