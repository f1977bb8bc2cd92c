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

private import Synchronization

/// When the opponent last played, for the rally timeout.
final class RallyWatch: Sendable {
    private let start = ContinuousClock.now
    private let lastBeat = Atomic<Int64>(0)

    /// Notes that the opponent just played.
    func beat() {
        self.lastBeat.store(Self.nanoseconds(ContinuousClock.now - self.start), ordering: .relaxed)
    }

    /// How long since the opponent last played.
    var silence: Duration {
        (ContinuousClock.now - self.start) - .nanoseconds(self.lastBeat.load(ordering: .relaxed))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Runs `body` (a game) while a watchdog calls `onTimeout` once if the opponent is silent for `timeout`.
///
/// `body` calls `RallyWatch/beat()` at every message from the opponent. The watchdog is a child task, so it ends
/// with the game.
func withRallyTimeout<Result>(
    _ timeout: Duration,
    onTimeout: @escaping @Sendable () async -> Void,
    _ body: (RallyWatch) async throws -> Result
) async throws -> Result {
    let watch = RallyWatch()
    watch.beat()
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            while true {
                let silence = watch.silence
                if silence >= timeout {
                    await onTimeout()
                    return
                }
                try await Task.sleep(for: timeout - silence)
            }
        }
        do {
            let result = try await body(watch)
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
