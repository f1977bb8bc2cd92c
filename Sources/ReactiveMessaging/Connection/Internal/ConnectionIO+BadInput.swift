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

internal import Logging
internal import NIOCore

extension ConnectionIO {
    /// Applies the bad-input policy to a frame that did not decode, the `consecutive`th bad frame in a row.
    func handleBadInput<Outbound>(
        _ error: any Error,
        consecutive: Int,
        policy: BadInputPolicy<Outbound>,
        encode: (Outbound, inout ByteBuffer) throws -> Void
    ) throws {
        let malformed =
            error as? ReactiveMessagingError
            ?? ReactiveMessagingError(code: .malformedMessage, message: "a frame could not be decoded", cause: error)
        let metrics = self.shared.handler.metrics
        metrics.decodeFailed(malformed.code)
        guard consecutive <= policy.maximumConsecutive else {
            metrics.badInputAction("close")
            // `close` tolerates none; `skip` and `reply` end a run of garbage at their bound.
            let failure =
                policy.maximumConsecutive == 0
                ? malformed
                : ReactiveMessagingError(
                    code: .malformedMessage,
                    message: "\(consecutive) malformed messages in a row; the bad-input policy tolerates "
                        + "\(policy.maximumConsecutive)",
                    cause: malformed
                )
            self.failInput(failure)
            throw failure
        }
        switch policy.kind {
        case .skip:
            metrics.badInputAction("skip")
            self.logger.debug("skipped a malformed message", metadata: ["rm.error": "\(malformed)"])
        case .reply(let makeReply):
            metrics.badInputAction("reply")
            self.logger.debug("answered a malformed message", metadata: ["rm.error": "\(malformed)"])
            let reply = makeReply(malformed)
            try self.enqueue { buffer in try encode(reply, &buffer) }
        }
    }
}
