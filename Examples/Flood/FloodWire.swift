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

internal import ReactiveMessaging

/// Code to run with the serializer a ``FloodWire`` chooses, generic so that each choice gets specialised code.
protocol FloodWireBody {
    /// What the body returns.
    associatedtype Result

    /// Runs with the chosen serializer.
    ///
    /// - Parameters:
    ///   - serializer: Encodes and decodes flood messages, in both directions.
    ///   - payload: The payload of every message this side sends.
    /// - Returns: What the body makes of it.
    func run<Payload: FloodPayload, Serializer: MessageSerializer<FloodMessage<Payload>, FloodMessage<Payload>>>(
        _ serializer: Serializer,
        payload: Payload
    ) async throws -> Result
}

/// What travels: a serializer (`--serde`) and a payload size (`--payload-bytes`).
///
/// The server and its clients must agree on both: the fixed-size serializer's frame size depends on the payload.
struct FloodWire: Sendable, CustomStringConvertible {
    /// The serializer.
    let serde: Serde

    /// The payload size asked for.
    let requestedPayloadBytes: Int

    /// The payload size on the wire: the one asked for, rounded up to a ``FixedFloodCapacity`` for `fixed`.
    let payloadBytes: Int

    /// The largest payload: with at most 256 bytes of fields around it, a message fits the server's maximum message
    /// size, the library's default of 1 MiB.
    static let maximumPayloadBytes = ConnectionConfiguration.defaults.maximumMessageSize - 256

    /// Checks the choice.
    ///
    /// - Throws: `ReactiveMessagingError` with code `invalidArgument` for a serializer other than the three
    ///   built-ins, a negative size, a size above ``maximumPayloadBytes``, or a size above the largest fixed
    ///   capacity for `fixed`.
    init(serde: Serde, payloadBytes: Int) throws(ReactiveMessagingError) {
        guard Serde.builtIns.contains(serde) else {
            throw ReactiveMessagingError(code: .invalidArgument, message: "--serde is textual, fixed or variable")
        }
        guard payloadBytes >= 0 else {
            throw ReactiveMessagingError(code: .invalidArgument, message: "--payload-bytes cannot be negative")
        }
        guard payloadBytes <= Self.maximumPayloadBytes else {
            throw ReactiveMessagingError(
                code: .invalidArgument,
                message: "--payload-bytes is at most \(Self.maximumPayloadBytes): a message must fit the server's "
                    + "1 MiB limit"
            )
        }
        self.serde = serde
        self.requestedPayloadBytes = payloadBytes
        if serde == .fixed {
            guard let capacity = FixedFloodCapacity.roundedUp(payloadBytes) else {
                throw ReactiveMessagingError(
                    code: .invalidArgument,
                    message: "the fixed serializer carries at most \(FixedFloodCapacity.all.last ?? 0) payload bytes"
                )
            }
            self.payloadBytes = capacity
        } else {
            self.payloadBytes = payloadBytes
        }
    }

    /// Whether the payload size was rounded up.
    var isRounded: Bool { self.payloadBytes != self.requestedPayloadBytes }

    /// The serializer and payload size, for people.
    var description: String { "\(self.serde), \(self.payloadBytes)-byte payload" }

    /// Runs `body` with the concrete serializer and payload type of this choice.
    func run<Body: FloodWireBody>(_ body: Body) async throws -> Body.Result {
        switch self.serde {
        case .fixed:
            switch self.payloadBytes {
            case 0: try await Self.runFixed(body, FixedPayload0.self)
            case 16: try await Self.runFixed(body, FixedPayload16.self)
            case 64: try await Self.runFixed(body, FixedPayload64.self)
            case 256: try await Self.runFixed(body, FixedPayload256.self)
            default: try await Self.runFixed(body, FixedPayload1024.self)
            }
        case .variable:
            try await body.run(
                VariableSizeSerializer<FloodMessage<FloodText>, FloodMessage<FloodText>>(),
                payload: FloodText(byteCount: self.payloadBytes)
            )
        default:
            try await body.run(
                TextualSerializer<FloodMessage<FloodText>, FloodMessage<FloodText>>(),
                payload: FloodText(byteCount: self.payloadBytes)
            )
        }
    }

    private static func runFixed<Body: FloodWireBody, Payload: FixedFloodPayload>(
        _ body: Body,
        _ payload: Payload.Type
    ) async throws -> Body.Result {
        try await body.run(FixedSizeSerializer<FloodMessage<Payload>, FloodMessage<Payload>>(), payload: Payload())
    }
}
