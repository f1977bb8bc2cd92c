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

/// Names a serializer, so that the choice can be made at run time: `--serde textual|fixed|variable`.
///
/// The three built-ins are `textual` (`TextualSerializer`), `fixed` (`FixedSizeSerializer`) and `variable`
/// (`VariableSizeSerializer`); `custom(_:)` names one of your own. A `Serde` is parsed from and printed as its
/// name, so it works as a command-line option as it is:
///
/// ```swift
/// let serde = Serde(argument) ?? .textual
/// let serializer = try BuiltInSerializer<Move, Move>(validating: serde)  // throws for a name it does not know
/// let conversation = Conversation.processor(serializer: serializer) { inbound, context in ... }
/// ```
public struct Serde: Hashable, Sendable, LosslessStringConvertible {
    @usableFromInline
    enum Kind: Hashable, Sendable {
        case textual
        case fixed
        case variable
        case custom(String)
    }

    @usableFromInline
    let kind: Kind

    @usableFromInline
    init(kind: Kind) {
        self.kind = kind
    }

    /// JSON text, one message per line: `TextualSerializer`.
    public static let textual = Self(kind: .textual)

    /// Fixed-size binary frames: `FixedSizeSerializer`.
    public static let fixed = Self(kind: .fixed)

    /// Length-prefixed compact binary: `VariableSizeSerializer`.
    public static let variable = Self(kind: .variable)

    /// A serializer of your own, by name.
    ///
    /// - Parameter name: Its name, for command lines and logs; not one of the built-in names.
    /// - Returns: The name as a `Serde`.
    public static func custom(_ name: String) -> Self {
        Self(kind: .custom(name))
    }

    /// The three built-in serializers.
    public static let builtIns: [Self] = [.textual, .fixed, .variable]

    /// Parses a name: `textual`, `fixed` or `variable`, or else the name of a custom serializer.
    ///
    /// - Parameter description: The name; an empty one is refused.
    public init?(_ description: String) {
        switch description {
        case "": return nil
        case "textual": self = .textual
        case "fixed": self = .fixed
        case "variable": self = .variable
        default: self = .custom(description)
        }
    }

    /// The name.
    public var description: String {
        switch self.kind {
        case .textual: "textual"
        case .fixed: "fixed"
        case .variable: "variable"
        case .custom(let name): name
        }
    }
}
