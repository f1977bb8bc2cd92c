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

import Logging

/// A log handler that hands every message to a stream, so a test can wait for a log line instead of sleeping.
struct LogRecorder: LogHandler {
    let continuation: AsyncStream<String>.Continuation
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// Records the message, then its metadata (the logger's and the event's) as sorted `key=value` pairs.
    func log(event: LogEvent) {
        let metadata = self.metadata.merging(event.metadata ?? [:]) { _, event in event }
        let pairs = metadata.map { "\($0.key)=\($0.value)" }.sorted()
        self.continuation.yield(([event.message.description] + pairs).joined(separator: " "))
    }

    /// A logger that records, and the stream of its messages.
    static func make() -> (Logger, AsyncStream<String>) {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        return (Logger(label: "test", factory: { _ in LogRecorder(continuation: continuation) }), stream)
    }

    /// A logger that records, and a function that ends the recording and returns every message it recorded, for a
    /// test that reads the log once the logging is over (it never waits for a line that does not come).
    static func makeCollecting() -> (Logger, () async -> [String]) {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let logger = Logger(label: "test", factory: { _ in LogRecorder(continuation: continuation) })
        return (
            logger,
            {
                continuation.finish()
                var lines: [String] = []
                for await line in stream { lines.append(line) }
                return lines
            }
        )
    }
}
