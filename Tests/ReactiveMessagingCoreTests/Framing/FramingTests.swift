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

import NIOCore
import ReactiveMessagingCore
import ReactiveMessagingTesting
import Testing

@Suite("Framing", .timeLimit(.minutes(1 * TestTiming.scale)))
struct FramingTests {
    struct Failure: Error {}

    @Test("each framing delimits its payload as documented")
    func wireFormat() throws {
        var line = ByteBuffer()
        try Framing.newlineDelimited.writeFrame(into: &line) { $0.writeString("abc") }
        #expect(Array(line.readableBytesView) == Array("abc\n".utf8))

        var prefixed = ByteBuffer()
        try Framing.lengthPrefixed.writeFrame(into: &prefixed) { $0.writeString("abc") }
        #expect(Array(prefixed.readableBytesView) == [0, 0, 0, 3] + Array("abc".utf8))

        var fixed = ByteBuffer()
        try Framing.fixedSize(3).writeFrame(into: &fixed) { $0.writeString("abc") }
        #expect(Array(fixed.readableBytesView) == Array("abc".utf8))
    }

    @Test(
        "a payload that breaks the framing is refused and leaves nothing behind",
        arguments: [
            (Framing.newlineDelimited, "a\nb"), (.newlineDelimited, "ends with CR\r"), (.fixedSize(4), "abc"),
            (.fixedSize(2), "abc"),
        ]
    )
    func refused(framing: Framing, payload: String) throws {
        var buffer = ByteBuffer(string: "kept")
        let error = #expect(throws: ReactiveMessagingError.self) {
            try framing.writeFrame(into: &buffer) { $0.writeString(payload) }
        }
        #expect(error?.code == .encodingFailed)
        #expect(String(buffer: buffer) == "kept")
    }

    @Test(
        "a payload writer that throws leaves nothing behind, and its error is the cause",
        arguments: [Framing.newlineDelimited, .lengthPrefixed, .fixedSize(4)]
    )
    func writerThrows(framing: Framing) throws {
        var buffer = ByteBuffer(string: "kept")
        let error = #expect(throws: ReactiveMessagingError.self) {
            try framing.writeFrame(into: &buffer) { buffer in
                buffer.writeString("partial")
                throw Failure()
            }
        }
        #expect(error?.code == .encodingFailed)
        #expect(error?.cause is Failure)
        #expect(String(buffer: buffer) == "kept")
    }

    @Test("descriptions name the framing")
    func descriptions() {
        #expect("\(Framing.newlineDelimited)" == "newlineDelimited")
        #expect("\(Framing.lengthPrefixed)" == "lengthPrefixed")
        #expect("\(Framing.fixedSize(24))" == "fixedSize(24)")
        #expect(Framing.fixedSize(24).fixedByteCount == 24)
        #expect(Framing.lengthPrefixed.fixedByteCount == nil)
    }
}
