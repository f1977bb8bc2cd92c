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

internal import NIOCore

/// Runs a task's jobs on one NIO event loop, so a connection's sender and receiver run on the thread of its socket.
///
/// On the event loop, a write reaches the channel at once and sees its writability as it is, so a sender that
/// floods suspends as soon as the socket's buffer is full; from another thread, writes queue up faster than the
/// event loop reports the channel unwritable, and a one-way flood ends up buffered whole in memory. (The library's
/// connections do the same, with an executor of their own.)
final class EventLoopExecutor: TaskExecutor {
    /// The event loop that runs the jobs.
    let eventLoop: any EventLoop

    /// An executor for `eventLoop`.
    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Runs `job` on the event loop.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
