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

extension ConnectionIO {
    /// Why the connection ended, from how its input ended and how its processor did.
    func disconnectReason(processorError: (any Error)?) -> DisconnectReason {
        if self.shared.wasForced { return .shutdown }
        if case .failed(let error)? = self.inputEnd { return .error(error) }
        if case .cancelled? = self.inputEnd { return .cancelled }
        if processorError is CancellationError, Task.isCancelled { return .cancelled }
        if let processorError {
            switch processorError {
            case let error as ReactiveMessagingError where error.code == .connectionClosed:
                // A send failed because the socket closed under it: closed on request, or because of what ended
                // the input (say the idle timeout, while the send waited for a peer that does not read), or by
                // the peer.
                if self.shared.isClosing { return .closed }
                if let failure = self.inputFailure { return .error(failure) }
                return .peerClosed
            case let error as ReactiveMessagingError:
                return .error(error)
            default:
                return .error(
                    ReactiveMessagingError(
                        code: .processorFailed,
                        message: "the processor threw",
                        cause: processorError
                    )
                )
            }
        }
        switch self.inputEnd {
        case .peerClosed?: return .peerClosed
        case .drained?: return .shutdown
        case .closed?: return .closed
        case .cancelled?: return .cancelled
        case .failed?, nil: return self.shared.isClosing ? .closed : .processorFinished
        }
    }
}
