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
internal import ReactiveMessagingCore
internal import ReactiveMessagingTesting
internal import Testing

@Suite("Binary decoder survives hostile input", .timeLimit(.minutes(3 * TestTiming.scale)))
struct BinaryFuzzTests {
    /// Valid messages that the mutations start from.
    static let seeds: [[UInt8]] = {
        var seeds: [[UInt8]] = []
        func add(_ value: some Encodable) {
            do {
                seeds.append(try BinaryTestCoders.encode(value))
            } catch {
                Issue.record("seed failed to encode: \(error)")
            }
        }
        add(BinaryOrder(id: 123_456, symbol: "ACME", price: 187.25, quantity: 300, side: .sell))
        add(BinaryCommand.order(BinaryOrder(id: -1, symbol: "é😀\n", price: -.nan, quantity: 0, side: .buy)))
        add(BinaryGreeting.hello)
        add(BinaryIntegers.minimum)
        add([Int128.max, Int128(Int64.min), 0, 128])
        add(["a": [nil, true, false], "": [], "bb": [true]])
        add(BinaryFloats(double: .infinity, float: -0.0))
        add([[[String]]]([[["x"], []], [["yz"]]]))
        // Multi-byte counts and lengths, with elements that decode without a throw.
        add([Int?](repeating: nil, count: 130))
        add(String(repeating: "long", count: 40))
        return seeds
    }()

    /// Bytes that matter to the binary parser: every tag, varint edges and UTF-8 edges.
    static let interestingBytes: [UInt8] =
        Array(0x00...0x0A) + [
            0x7F, 0x80, 0x81, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x61,
        ]

    private static func mutate(_ input: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(4) {
            let position = bytes.isEmpty ? 0 : random.below(bytes.count)
            let byte =
                random.next() & 1 == 0
                ? Self.interestingBytes[random.below(Self.interestingBytes.count)]
                : UInt8(truncatingIfNeeded: random.next())
            switch random.below(7) {
            case 0 where !bytes.isEmpty:
                bytes[position] = byte
            case 1:
                bytes.insert(byte, at: position)
            case 2 where !bytes.isEmpty:
                bytes.remove(at: position)
            case 3:
                bytes.removeSubrange(position..<bytes.count)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + 1 + random.below(8))
                bytes.insert(contentsOf: bytes[position..<end], at: random.below(bytes.count + 1))
            case 5 where !bytes.isEmpty:
                // Flip one bit: turns counts and lengths into near misses, tags into neighbours.
                bytes[position] ^= 1 << UInt8(truncatingIfNeeded: random.below(8))
            default:
                let end = min(bytes.count, position + 1 + random.below(8))
                bytes.removeSubrange(position..<end)
            }
        }
        return bytes
    }

    /// A `Decodable` that asks for nothing: decoding it runs the parser alone, which sees every input.
    private struct ParseOnly: Decodable {
        init(from decoder: any Decoder) {}
    }

    /// Decodes `bytes` as one of several targets (chosen by `variant`); every failure must be a `DecodingError`.
    ///
    /// - Returns: Whether the input was accepted, and what it holds if it was decoded as a `BinaryTestValue`.
    private static func decode(
        _ bytes: [UInt8],
        variant: Int,
        into buffer: inout ByteBuffer
    ) -> (accepted: Bool, value: BinaryTestValue?) {
        buffer.clear()
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bytes.count) { output in
            bytes.withUnsafeBytes { output.copyMemory(from: $0) }
            return bytes.count
        }
        let decoder = BinaryMessageDecoder(maximumDepth: 16)
        func attempt<Value: Decodable>(_ type: Value.Type) -> Value? {
            do {
                return try decoder.decode(type, from: buffer)
            } catch is DecodingError {
                return nil
            } catch {
                Issue.record("\(type) from \(bytes): unexpected error \(error)")
                return nil
            }
        }
        // Half the inputs only go through the parser, the cheapest path (one throw at most, which matters: the
        // test runner captures a backtrace for every throw); the others through typed and generic decoding.
        switch variant % 12 {
        case 6: return (attempt(BinaryOrder.self) != nil, nil)
        case 7: return (attempt([String: Int].self) != nil, nil)
        case 8: return (attempt([Int128?].self) != nil, nil)
        case 9: return (attempt(BinaryCommand.self) != nil, nil)
        case 10: return (attempt(BinaryFloats.self) != nil, nil)
        case 11:
            let value = attempt(BinaryTestValue.self)
            return (value != nil, value)
        default: return (attempt(ParseOnly.self) != nil, nil)
        }
    }

    /// The fuzz run is split into this many parallel parts of 25,000 inputs each (100,000 in all).
    static let parts = Array(0..<4)

    @Test(
        "100,000 mutated and random inputs never crash, hang or throw anything but DecodingError",
        arguments: Self.parts
    )
    func mutationFuzz(part: Int) async throws {
        var random = SeededRandom(seed: 0xB1_4A27 &+ UInt64(part))
        var buffer = ByteBuffer()
        var accepted = 0
        var checked = 0
        // 100,000 inputs in all, in plain and sanitizer runs alike: the long fuzzing is the libFuzzer harness's
        // (Benchmarks/Fuzz, over 10 million inputs per decoder); this is its seeded smoke test in the suite.
        for iteration in 0..<25_000 {
            // Give the test pool's threads back every few milliseconds: on a two-core machine each hop of the
            // in-memory tests running beside this loop waits for it (yielding every 2,000 made one pass its limit).
            if iteration % 100 == 0 {
                await Task.yield()
            }
            let input: [UInt8]
            if iteration % 10 == 0 {
                input = (0..<random.below(16)).map { _ in
                    Self.interestingBytes[random.below(Self.interestingBytes.count)]
                }
            } else {
                input = Self.mutate(Self.seeds[iteration % Self.seeds.count], using: &random)
            }
            let result = Self.decode(input, variant: iteration / 10, into: &buffer)
            guard result.accepted else {
                continue
            }
            accepted += 1
            // What was read as a generic value survives a round trip (sampled to keep the test fast).
            if let value = result.value, accepted % 2 == 0 {
                checked += 1
                #expect(try BinaryTestCoders.roundTrip(value) == value, "\(input) read as \(value)")
            }
        }
        // The mutations must actually exercise both outcomes, or the test proves nothing.
        #expect(accepted > 500)
        #expect(accepted < 12_500)
        #expect(checked > 20)
    }
}
