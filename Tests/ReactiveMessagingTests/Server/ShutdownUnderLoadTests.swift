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

/// A graceful shutdown in the middle of a load: nothing the server read goes unanswered.
@Suite("Graceful shutdown under load", .timeLimit(.minutes(1 * TestTiming.scale)))
struct ShutdownUnderLoadTests {
    @Test("100 clients in ping-pong, then a shutdown: every request read is answered, and run() returns")
    func shutdownUnderLoad() async throws {
        let clients = 100
        let warmUpRounds = 20
        // Requests the server read and answered, by client.
        let answered = NIOLockedValueBox([Int](repeating: 0, count: clients))
        let server = Server(
            transport: testTransport,
            // A drain time longer than the test's time limit: if draining hung, the test would fail on its limit
            // instead of the server closing connections by force.
            configuration: testConfiguration { $0.drainTimeout = .seconds(600) },
            conversation: .processor(serializer: LineSerializer()) { inbound, context in
                for try await request in inbound {
                    guard let client = Int(request.prefix { $0 != " " }) else { continue }
                    try await context.send(request)
                    answered.withLockedValue { $0[client] += 1 }
                }
            }
        )
        let (warm, warmSignal) = AsyncStream<Void>.makeStream()
        let received = try await server.withPort { port in
            try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for client in 0..<clients {
                    group.addTask {
                        let replies = try await Client.withConnection(
                            transport: clientTransport(port: port),
                            configuration: clientConfiguration(),
                            serializer: LineSerializer()
                        ) { inbound, context in
                            var iterator = inbound.makeAsyncIterator()
                            var replies = 0
                            while true {
                                do {
                                    try await context.send("\(client) \(replies)")
                                } catch {
                                    break  // the server has closed its side
                                }
                                guard let reply = try await iterator.next() else { break }
                                #expect(reply == "\(client) \(replies)")
                                replies += 1
                                if replies == warmUpRounds { warmSignal.yield() }
                            }
                            return replies
                        }
                        return (client, replies)
                    }
                }
                // Shut down once every client is in its stride; the clients carry on until the server closes.
                var warmClients = 0
                for await _ in warm {
                    warmClients += 1
                    if warmClients == clients { break }
                }
                server.beginGracefulShutdown()
                return try await group.reduce(into: [Int](repeating: 0, count: clients)) { $0[$1.0] = $1.1 }
            }
        }
        // withPort returns only after run() has returned.
        let answeredByServer = answered.withLockedValue { $0 }
        #expect(received == answeredByServer, "replies received per client differ from requests answered")
        #expect(received.allSatisfy { $0 >= warmUpRounds })
    }
}
