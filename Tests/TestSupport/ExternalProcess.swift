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

import Foundation

/// A program from the system (`openssl`, `python3`) run as a real peer: its output read line by line as it comes,
/// without blocking a thread and without sleeping.
public final class ExternalProcess: Sendable {
    /// The lines the program writes to its standard output, without their newlines, until it exits.
    public let lines: AsyncStream<String>

    private let process: Process
    private let input: Pipe

    /// Starts `executable` (looked up in `PATH`) with `arguments`.
    ///
    /// - Throws: If the program cannot be started (it is not installed).
    public init(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        let splitter = LineSplitter(continuation)
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                splitter.finish()
            } else {
                splitter.append(data)
            }
        }
        try process.run()
        self.process = process
        self.input = input
        self.lines = lines
    }

    /// Writes `text` to the program's standard input.
    public func write(_ text: String) {
        self.input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Closes the program's standard input: it sees the end of its input.
    public func closeInput() {
        try? self.input.fileHandleForWriting.close()
    }

    /// Stops the program if it still runs.
    public func terminate() {
        if self.process.isRunning {
            self.process.terminate()
        }
    }

    /// The first line that satisfies `predicate`, or `nil` if the program's output ends first.
    public func firstLine(where predicate: (String) -> Bool) async -> String? {
        for await line in self.lines where predicate(line) {
            return line
        }
        return nil
    }
}

/// Cuts the bytes of a pipe into lines for an `AsyncStream`.
private final class LineSplitter: Sendable {
    private let continuation: AsyncStream<String>.Continuation
    // safe: a pipe's readability handler runs on one serial queue at a time, the only caller of these methods.
    nonisolated(unsafe) private var pending = Data()

    init(_ continuation: AsyncStream<String>.Continuation) {
        self.continuation = continuation
    }

    func append(_ data: Data) {
        self.pending.append(data)
        while let newline = self.pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = self.pending[self.pending.startIndex..<newline]
            self.continuation.yield(String(decoding: line, as: UTF8.self))
            self.pending.removeSubrange(self.pending.startIndex...newline)
        }
    }

    func finish() {
        if !self.pending.isEmpty {
            self.continuation.yield(String(decoding: self.pending, as: UTF8.self))
        }
        self.continuation.finish()
    }
}
