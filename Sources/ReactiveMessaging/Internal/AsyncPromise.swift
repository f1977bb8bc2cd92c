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
        var waiters = WaitQueue<Value>()
    }

    // NIOLockedValueBox, not Synchronization.Mutex: on Linux Mutex's contended path waits on a futex that
    // ThreadSanitizer cannot see, so it reported races on correctly locked state; NIO's box is a pthread mutex,
    // which the sanitizer intercepts (commit 30d37ba; the same flood either way).
    private let state = NIOLockedValueBox(State())

    init() {}

    /// Fulfils the promise; later calls are ignored.
    func complete(_ result: Result<Value, any Error>) {
        let waiters = self.state.withLockedValue { state -> Resumption<Value>? in
            guard state.result == nil else { return nil }
            state.result = result
            return state.waiters.takeAll()
        }
        waiters?.resume(with: result)
    }

    /// The value, once the promise is fulfilled.
    ///
    /// - Throws: The error the promise was failed with, or `CancellationError` if the task is cancelled first.
    func get() async throws -> Value {
        try await self.state.wait(in: \.waiters) { state in state.result }
    }
}
