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

/// Collects a server's or client's events so a test can wait for them, without sleeping.
final class EventLog: Sendable {
    private let stream: AsyncStream<ConnectionEvent>
    private let continuation: AsyncStream<ConnectionEvent>.Continuation

    init() {
        (self.stream, self.continuation) = AsyncStream.makeStream()
    }

    /// The handler to give the server or client.
    var handler: @Sendable (ConnectionEvent) async -> Void {
        { [continuation] event in continuation.yield(event) }
    }

    /// Every event, in order, until `count` were seen or `until` matches one (included).
    func collect(count: Int = .max, until: (ConnectionEvent) -> Bool = { _ in false }) async -> [ConnectionEvent] {
        var events: [ConnectionEvent] = []
        for await event in self.stream {
            events.append(event)
            if events.count >= count || until(event) { break }
        }
        return events
    }
}
