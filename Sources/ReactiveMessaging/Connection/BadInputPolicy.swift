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

/// What a connection does with a frame that its serializer cannot decode.
///
/// Whatever the policy, the bytes are never a crash and other connections never notice. A frame over the maximum
/// message size always closes the connection (the stream cannot be resynchronised); this policy is for frames
/// of a valid size whose content is not a valid message.
///
/// ```swift
/// // Tell the peer what was wrong, and carry on with its next message.
/// let policy = BadInputPolicy<Reply>.reply { error in .error("\(error.message)") }
/// ```
public struct BadInputPolicy<Reply: Sendable>: Sendable {
    @usableFromInline
    enum Kind: Sendable {
        case close
        case skip
        case reply(@Sendable (ReactiveMessagingError) -> Reply)
    }

    @usableFromInline
    let kind: Kind

    @inlinable
    init(_ kind: Kind) {
        self.kind = kind
    }

    /// Close the connection: the processor's inbound sequence throws the
    /// `ReactiveMessagingError.Code.malformedMessage` error, and the connection ends with it. The default.
    public static var close: Self { Self(.close) }

    /// Drop the frame, log it at debug level, and carry on with the next one.
    public static var skip: Self { Self(.skip) }

    /// Send the peer the message `makeReply` builds from the error, and carry on with the next frame.
    ///
    /// - Parameter makeReply: Builds the reply; it is given the `malformedMessage` error.
    /// - Returns: The policy.
    public static func reply(_ makeReply: @escaping @Sendable (ReactiveMessagingError) -> Reply) -> Self {
        Self(.reply(makeReply))
    }
}
