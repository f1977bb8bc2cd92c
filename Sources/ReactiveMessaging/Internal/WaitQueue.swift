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

package import NIOConcurrencyHelpers

/// Tasks waiting for a change to state that a lock guards, kept inside that state.
///
/// `package` so that its tests can drive it directly.
///
/// The protocol of waiting is written once, in `NIOLockedValueBox/wait(in:ticket:until:)`: look at the state under the
/// lock; if it says nothing yet, park under the same lock, so that no change between the look and the park is
/// missed; whoever changes the state takes the parked tasks under the lock and resumes them after it; and a task
/// cancelled while parked is taken out by its ticket and resumed with `CancellationError`, so that cancellation is
/// never mistaken for an outcome of the state (an end of input, a closed channel).
///
/// A queue of one waiter allocates nothing until a second task waits: the first is kept inline.
package struct WaitQueue<Value> {
    private typealias Waiter = (ticket: UInt64, continuation: UnsafeContinuation<Value, any Error>)

    private var first: Waiter?
    private var others: [Waiter] = []
    private var nextTicket: UInt64 = 0

    package init() {}

    /// Whether no task is parked.
    package var isEmpty: Bool {
        self.first == nil
    }

    /// The ticket of the one task of a queue that never has more than one: a connection's own task waiting for
    /// its next read, a server's accept loop.
    package static var soleWaiter: UInt64 { .max }

    /// A ticket for a task about to park: the one its cancellation handler takes it out with.
    package mutating func makeTicket() -> UInt64 {
        defer { self.nextTicket &+= 1 }
        return self.nextTicket
    }

    /// Parks `continuation`, after every task parked before it.
    package mutating func park(_ continuation: UnsafeContinuation<Value, any Error>, ticket: UInt64) {
        if self.first == nil {
            self.first = (ticket, continuation)
        } else {
            self.others.append((ticket, continuation))
        }
    }

    /// Takes out the task parked with `ticket`, if it is still parked.
    package mutating func remove(ticket: UInt64) -> UnsafeContinuation<Value, any Error>? {
        if self.first?.ticket == ticket {
            defer { self.first = self.others.isEmpty ? nil : self.others.removeFirst() }
            return self.first?.continuation
        }
        guard let index = self.others.firstIndex(where: { $0.ticket == ticket }) else { return nil }
        return self.others.remove(at: index).continuation
    }

    /// Takes out the task parked first, if any.
    package mutating func takeFirst() -> UnsafeContinuation<Value, any Error>? {
        guard let first = self.first else { return nil }
        self.first = self.others.isEmpty ? nil : self.others.removeFirst()
        return first.continuation
    }

    /// Takes out every parked task, in the order they parked.
    package mutating func takeAll() -> Resumption<Value> {
        defer {
            self.first = nil
            self.others = []
        }
        return Resumption(first: self.first?.continuation, others: self.others.map(\.continuation))
    }
}

/// Parked tasks taken out of a `WaitQueue` under its lock, to resume after the lock is released.
package struct Resumption<Value> {
    fileprivate let first: UnsafeContinuation<Value, any Error>?
    fileprivate let others: [UnsafeContinuation<Value, any Error>]

    /// Resumes every task with `result`.
    package func resume(with result: Result<Value, any Error>) where Value: Sendable {
        self.first?.resume(with: result)
        for continuation in self.others {
            continuation.resume(with: result)
        }
    }
}

extension NIOLockedValueBox where Value: Sendable {
    /// Returns the outcome `until` gives, or parks the task in `queue` until whoever changes the state resumes it
    /// with one (see `WaitQueue`).
    ///
    /// `until` runs under the lock, once, just before the task would park. Whoever changes the state takes the task
    /// out of `queue` under the lock and resumes it after the lock, with the outcome: `until` does not run again.
    ///
    /// - Parameters:
    ///   - queue: Where in the state the waiting tasks are kept.
    ///   - ticket: The task's ticket in `queue`; `WaitQueue.soleWaiter` where one task at most ever waits in it,
    ///     which saves taking the lock once more for a ticket.
    ///   - until: The outcome, if the state already has one; `nil` for "not yet".
    /// - Returns: The outcome.
    /// - Throws: The outcome's error, or `CancellationError` if the task is cancelled before an outcome.
    package func wait<Outcome: Sendable>(
        in queue: any WritableKeyPath<Value, WaitQueue<Outcome>> & Sendable,
        ticket: UInt64? = nil,
        until outcome: (inout Value) -> Result<Outcome, any Error>?
    ) async throws -> Outcome {
        let ticket = ticket ?? self.withLockedValue { $0[keyPath: queue].makeTicket() }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Outcome, any Error>) in
                let known = self.withLockedValue { state -> Result<Outcome, any Error>? in
                    if let known = outcome(&state) { return known }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state[keyPath: queue].park(continuation, ticket: ticket)
                    return nil
                }
                if let known { continuation.resume(with: known) }
            }
        } onCancel: {
            let parked = self.withLockedValue { $0[keyPath: queue].remove(ticket: ticket) }
            parked?.resume(throwing: CancellationError())
        }
    }
}
