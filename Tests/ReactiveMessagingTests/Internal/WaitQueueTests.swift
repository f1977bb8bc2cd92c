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

/// The one waiting primitive under the connection's reads and writes, the accept loop and `AsyncPromise`: the
/// outcome known at once, parking and resuming in order, and cancellation reported as cancellation.
@Suite("Waiting on locked state", .timeLimit(.minutes(1 * TestTiming.scale)))
struct WaitQueueTests {
    struct State: Sendable {
        var value: Int?
        var waiters = WaitQueue<Int>()
    }

    /// A box, and a stream that yields each time a waiter is about to park (under the lock, so once the test next
    /// takes the lock, that waiter is parked).
    static func makeBox() -> (NIOLockedValueBox<State>, AsyncStream<Void>, AsyncStream<Void>.Continuation) {
        let (parking, continuation) = AsyncStream.makeStream(of: Void.self)
        return (NIOLockedValueBox(State()), parking, continuation)
    }

    static func wait(
        _ box: NIOLockedValueBox<State>,
        _ parking: AsyncStream<Void>.Continuation
    ) async throws -> Int {
        try await box.wait(in: \.waiters) { state in
            if let value = state.value { return .success(value) }
            parking.yield()
            return nil
        }
    }

    @Test("an outcome the state already has is returned without parking")
    func knownAtOnce() async throws {
        let (box, _, parking) = Self.makeBox()
        box.withLockedValue { $0.value = 7 }
        #expect(try await Self.wait(box, parking) == 7)
        #expect(box.withLockedValue { $0.waiters.isEmpty })
    }

    @Test("parked tasks are resumed with what the resumer gives, all of them, first parked first")
    func resumeAll() async throws {
        let (box, parked, parking) = Self.makeBox()
        try await withThrowingTaskGroup(of: Int.self) { group in
            var arrivals = parked.makeAsyncIterator()
            for _ in 0..<3 {
                group.addTask { try await Self.wait(box, parking) }
                _ = await arrivals.next()
            }
            let resumption = box.withLockedValue { state in
                state.value = 1
                return state.waiters.takeAll()
            }
            #expect(box.withLockedValue { $0.waiters.isEmpty })
            resumption.resume(with: .success(42))
            var results: [Int] = []
            for try await result in group { results.append(result) }
            #expect(results == [42, 42, 42])
        }
    }

    @Test("takeFirst resumes the task that parked first, and leaves the others parked")
    func takeFirstInOrder() async throws {
        let (box, parked, parking) = Self.makeBox()
        let order = NIOLockedValueBox<[Int]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            var arrivals = parked.makeAsyncIterator()
            for index in 0..<3 {
                group.addTask {
                    _ = try await Self.wait(box, parking)
                    order.withLockedValue { $0.append(index) }
                }
                _ = await arrivals.next()
            }
            for _ in 0..<3 {
                let first = box.withLockedValue { $0.waiters.takeFirst() }
                try #require(first).resume(returning: 0)
                try await group.next()
            }
        }
        #expect(order.withLockedValue { $0 } == [0, 1, 2])
    }

    @Test(
        "a parked task that is cancelled throws CancellationError and leaves the queue; the other stays parked",
        arguments: [0, 1]
    )
    func cancellation(cancelling index: Int) async throws {
        let (box, parked, parking) = Self.makeBox()
        var arrivals = parked.makeAsyncIterator()
        var tasks: [Task<Int, any Error>] = []
        for _ in 0..<2 {
            tasks.append(Task { try await Self.wait(box, parking) })
            _ = await arrivals.next()
        }
        tasks[index].cancel()
        await #expect(throws: CancellationError.self) { try await tasks[index].value }
        // The other waiter is still parked, alone, whichever of the two was cancelled.
        let remaining = box.withLockedValue { $0.waiters.takeFirst() }
        #expect(box.withLockedValue { $0.waiters.isEmpty })
        try #require(remaining).resume(returning: 5)
        #expect(try await tasks[1 - index].value == 5)
    }

    @Test("a task cancelled before it waits throws CancellationError without parking")
    func cancelledBefore() async throws {
        let (box, _, parking) = Self.makeBox()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await Self.wait(box, parking)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(box.withLockedValue { $0.waiters.isEmpty })
    }
}
