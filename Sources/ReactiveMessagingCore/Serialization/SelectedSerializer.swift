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

public import NIOCore

/// The serializer a `Serde` names, chosen at run time for messages that all three built-ins can carry.
///
/// Messages must be `Codable` (for the textual and variable-size serializers) and `FixedSizeMessage` (for the
/// fixed-size one); then the same processor runs over whichever serializer a flag names. Each message is dispatched
/// with a `switch` over the choice, and every branch calls a concrete, specialised serializer: no existential call
/// per message. A custom serializer joins the choice through the `Custom` type parameter:
///
/// ```swift
/// // Built-ins only (`BuiltInSerializer` is this type with no custom serializer):
/// let serializer = BuiltInSerializer<Move, Move>(.fixed)
/// // Built-ins and one of your own, used for any other name, such as "kv":
/// let withCustom = SelectedSerializer(.custom("kv"), custom: KeyValueSerializer())
/// ```
public struct SelectedSerializer<
    Inbound: Codable & FixedSizeMessage,
    Outbound: Codable & FixedSizeMessage,
    Custom: MessageSerializer<Inbound, Outbound>
>: MessageSerializer {
    @usableFromInline
    enum Storage: Sendable {
        case textual(TextualSerializer<Inbound, Outbound>)
        case fixed(FixedSizeSerializer<Inbound, Outbound>)
        case variable(VariableSizeSerializer<Inbound, Outbound>)
        case custom(Custom)
    }

    @usableFromInline
    let storage: Storage

    /// What was chosen.
    public let serde: Serde

    /// Creates the serializer a `Serde` names: a built-in, or `custom` for any custom name.
    ///
    /// - Parameters:
    ///   - serde: The choice.
    ///   - custom: The serializer used when `serde` is a custom name.
    public init(_ serde: Serde, custom: Custom) {
        self.init(serde, customSerializer: custom)
    }

    /// Creates the serializer; `customSerializer` is only used, and only needed, for a custom name.
    init(_ serde: Serde, customSerializer: Custom?) {
        self.serde = serde
        switch serde.kind {
        case .textual: self.storage = .textual(TextualSerializer())
        case .fixed: self.storage = .fixed(FixedSizeSerializer())
        case .variable: self.storage = .variable(VariableSizeSerializer())
        case .custom:
            guard let customSerializer else { preconditionFailure("\(serde) names no serializer") }
            self.storage = .custom(customSerializer)
        }
    }

    /// The chosen serializer's framing.
    @inlinable
    public var framing: Framing {
        switch self.storage {
        case .textual(let serializer): serializer.framing
        case .fixed(let serializer): serializer.framing
        case .variable(let serializer): serializer.framing
        case .custom(let serializer): serializer.framing
        }
    }

    /// Decodes with the chosen serializer.
    @inlinable
    public func decode(_ frame: inout ByteBuffer) throws -> Inbound {
        switch self.storage {
        case .textual(let serializer): try serializer.decode(&frame)
        case .fixed(let serializer): try serializer.decode(&frame)
        case .variable(let serializer): try serializer.decode(&frame)
        case .custom(let serializer): try serializer.decode(&frame)
        }
    }

    /// Encodes with the chosen serializer.
    @inlinable
    public func encode(_ message: Outbound, into buffer: inout ByteBuffer) throws {
        switch self.storage {
        case .textual(let serializer): try serializer.encode(message, into: &buffer)
        case .fixed(let serializer): try serializer.encode(message, into: &buffer)
        case .variable(let serializer): try serializer.encode(message, into: &buffer)
        case .custom(let serializer): try serializer.encode(message, into: &buffer)
        }
    }
}

extension SelectedSerializer where Custom == NoCustomSerializer<Inbound, Outbound> {
    /// Creates the built-in serializer a `Serde` names.
    ///
    /// - Parameter serde: `textual`, `fixed` or `variable`.
    /// - Precondition: `serde` is not a custom name; parse user input with `init(validating:)` instead.
    public init(_ serde: Serde) {
        precondition(Serde.builtIns.contains(serde), "\(serde) is not a built-in serializer")
        self.init(serde, customSerializer: nil)
    }

    /// Creates the built-in serializer a `Serde` names, or throws for a custom name.
    ///
    /// - Parameter serde: The choice, usually parsed from user input.
    /// - Throws: `ReactiveMessagingError` with code `invalidArgument` if `serde` is not a built-in.
    public init(validating serde: Serde) throws(ReactiveMessagingError) {
        guard Serde.builtIns.contains(serde) else {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "unknown serializer '\(serde)'; choose textual, fixed or variable"
            )
        }
        self.init(serde, customSerializer: nil)
    }
}

/// The `Custom` of a `SelectedSerializer` that offers the built-ins only; it has no values.
public enum NoCustomSerializer<Inbound: Sendable, Outbound: Sendable>: MessageSerializer {
    /// Never called: there is no value of this type.
    public var framing: Framing {
        switch self {}
    }

    /// Never called: there is no value of this type.
    public func decode(_ frame: inout ByteBuffer) throws -> Inbound {
        switch self {}
    }

    /// Never called: there is no value of this type.
    public func encode(_ message: Outbound, into buffer: inout ByteBuffer) throws {
        switch self {}
    }
}

/// The serializer for a run-time choice among the three built-ins only: `textual`, `fixed` or `variable`.
///
/// ```swift
/// let serializer = try BuiltInSerializer<Move, Move>(validating: Serde("fixed") ?? .fixed)
/// ```
public typealias BuiltInSerializer<Inbound: Codable & FixedSizeMessage, Outbound: Codable & FixedSizeMessage> =
    SelectedSerializer<Inbound, Outbound, NoCustomSerializer<Inbound, Outbound>>
