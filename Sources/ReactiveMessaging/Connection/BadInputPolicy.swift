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
/// Skipping and replying are bounded: a peer that sends only garbage is not served forever. After
/// ``maximumConsecutive`` bad frames in a row (16 by default), the next one closes the connection as ``close``
/// would; a frame that decodes starts the count again.
///
/// ```swift
/// // Tell the peer what was wrong, and carry on with its next message; close after 4 bad ones in a row.
/// let policy = BadInputPolicy<Reply>.reply(maximumConsecutive: 4) { error in .error("\(error.message)") }
/// ```
public struct BadInputPolicy<Reply: Sendable>: Sendable {
    /// What is done with a bad frame within the bound. `close` is `skip` with a bound of 0: it tolerates none.
    @usableFromInline
    enum Kind: Sendable {
        case skip
        case reply(@Sendable (ReactiveMessagingError) -> Reply)
    }

    @usableFromInline
    let kind: Kind

    /// How many bad frames in a row are skipped or answered before the next one closes the connection; 0 for
    /// ``close``.
    public let maximumConsecutive: Int

    /// The bound that ``skip`` and ``reply(maximumConsecutive:_:)`` use unless told otherwise.
    public static var defaultMaximumConsecutive: Int { 16 }

    @inlinable
    init(_ kind: Kind, maximumConsecutive: Int) {
        precondition(maximumConsecutive >= 0, "maximumConsecutive must not be negative")
        self.kind = kind
        self.maximumConsecutive = maximumConsecutive
    }

    /// Close the connection: the processor's inbound sequence throws the
    /// `ReactiveMessagingError.Code.malformedMessage` error, and the connection ends with it. The default.
    public static var close: Self { Self(.skip, maximumConsecutive: 0) }

    /// Drop the frame, log it at debug level, and carry on with the next one; after 16 in a row, close.
    public static var skip: Self { .skip(maximumConsecutive: Self.defaultMaximumConsecutive) }

    /// Drop the frame, log it at debug level, and carry on with the next one, up to `maximumConsecutive` bad
    /// frames in a row; the next one closes the connection with `malformedMessage`.
    ///
    /// - Parameter maximumConsecutive: How many bad frames in a row are skipped; `Int.max` for no bound.
    /// - Returns: The policy.
    /// - Precondition: `maximumConsecutive` is not negative.
    public static func skip(maximumConsecutive: Int) -> Self {
        Self(.skip, maximumConsecutive: maximumConsecutive)
    }

    /// Send the peer the message `makeReply` builds from the error, and carry on with the next frame, up to
    /// `maximumConsecutive` bad frames in a row; the next one closes the connection with `malformedMessage`.
    ///
    /// - Parameters:
    ///   - maximumConsecutive: How many bad frames in a row are answered; `Int.max` for no bound. Defaults to 16.
    ///   - makeReply: Builds the reply; it is given the `malformedMessage` error.
    /// - Returns: The policy.
    /// - Precondition: `maximumConsecutive` is not negative.
    public static func reply(
        maximumConsecutive: Int = Self.defaultMaximumConsecutive,
        _ makeReply: @escaping @Sendable (ReactiveMessagingError) -> Reply
    ) -> Self {
        Self(.reply(makeReply), maximumConsecutive: maximumConsecutive)
    }
}
