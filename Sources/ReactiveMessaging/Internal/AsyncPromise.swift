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

private import NIOConcurrencyHelpers

/// A value that becomes known once, awaited by any number of tasks.
///
/// Unlike an `EventLoopPromise`, it may be left unfulfilled (a server that never runs never binds), and a
/// waiting task that is cancelled stops waiting.
final class AsyncPromise<Value: Sendable>: Sendable {
    private struct State {
        var result: Result<Value, any Error>?
        var waiters: [UInt64: CheckedContinuation<Value, any Error>] = [:]
        var nextWaiter: UInt64 = 0
    }

    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba; the same flood either way).
    private let state = NIOLockedValueBox(State())

    init() {}

    /// Fulfils the promise; later calls are ignored.
    func complete(_ result: Result<Value, any Error>) {
        let waiters = self.state.withLockedValue { state -> [CheckedContinuation<Value, any Error>] in
            guard state.result == nil else { return [] }
            state.result = result
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.resume(with: result)
        }
    }

    /// The value, once the promise is fulfilled.
    ///
    /// - Throws: The error the promise was failed with, or `CancellationError` if the task is cancelled first.
    func get() async throws -> Value {
        let id = self.state.withLockedValue { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let known = self.state.withLockedValue { state -> Result<Value, any Error>? in
                    if let result = state.result { return result }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let known {
                    continuation.resume(with: known)
                }
            }
        } onCancel: {
            let waiter = self.state.withLockedValue { state in
                state.waiters.removeValue(forKey: id)
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
