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

@Suite("JSON decoder survives hostile input", .timeLimit(.minutes(3 * TestTiming.scale)))
struct JSONFuzzTests {
    /// Valid documents that the mutations start from.
    static let seeds: [String] = [
        #"{"id":123456,"symbol":"ACME","price":187.25,"quantity":300,"side":"sell"}"#,
        #"{"order":{"_0":{"id":-1,"symbol":"\u00e9\ud83d\ude00\n","price":-1.5e-3,"quantity":0,"side":"buy"}}}"#,
        #"[1,-0,0.5,1E+2,-3e-2,true,false,null,"",[],{},[[[]]],{"a":{"b":{"c":[null]}}}]"#,
        #"{"a":1,"a":2,"\u0061":3,"b":"\\\"\/\b\f\n\r\t","c":[{"k":"v"},{"k":"w"}]}"#,
        #"  {"name":"Grace 😀","age":99,"tags":["x","y"],"scores":{"m":1.5},"lucky":{"7":true}} "#,
        #""just a string with \u0000 and é""#,
        "-12345678901234567890.123456789e-12",
        #"{"hello":{}}"#,
    ]

    /// Bytes that matter to a JSON parser, to make mutations likely to reach interesting states.
    static let interestingBytes: [UInt8] =
        Array(#"{}[]",:\/"0123456789-+.eEtrufalsn "#.utf8) + [
            0x00, 0x0A, 0x0D, 0x09, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
        ]

    private static func mutate(_ input: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            let byte =
                Bool.random(using: &random)
                ? Self.interestingBytes[Int.random(in: 0..<Self.interestingBytes.count, using: &random)]
                : UInt8.random(in: 0...255, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[position] = byte
            case 1:
                bytes.insert(byte, at: position)
            case 2 where !bytes.isEmpty:
                bytes.remove(at: position)
            case 3:
                bytes.removeSubrange(position..<bytes.count)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
            default:
                let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
                bytes.removeSubrange(position..<end)
            }
        }
        return bytes
    }

    /// Decodes `bytes` as a `JSONTestValue` and as one of several typed targets (chosen by `variant`); every failure
    /// must be a `DecodingError`.
    ///
    /// - Returns: The input as a `JSONTestValue`, if it is valid JSON.
    private static func decode(_ bytes: [UInt8], variant: Int) -> JSONTestValue? {
        let buffer = ByteBuffer(bytes: bytes)
        let decoder = JSONMessageDecoder()
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
        switch variant % 7 {
        case 0: _ = attempt(SampleOrder.self)
        case 1: _ = attempt([String: Int].self)
        case 2: _ = attempt([Int?].self)
        case 3: _ = attempt(String.self)
        case 4: _ = attempt(Int8.self)
        case 5: _ = attempt(Double.self)
        default: _ = attempt(SampleCommand.self)
        }
        return attempt(JSONTestValue.self)
    }

    /// The fuzz run is split into this many parallel parts of 12,500 inputs each (100,000 in all).
    static let parts = Array(0..<8)

    @Test(
        "100,000 mutated and random inputs never crash, hang or throw anything but DecodingError",
        arguments: Self.parts
    )
    func mutationFuzz(part: Int) async throws {
        var random = SeededRandom(seed: 0xC0DE_CAFE &+ UInt64(part))
        let seeds = Self.seeds.map { Array($0.utf8) }
        var accepted = 0
        var differential = 0
        // 100,000 inputs in all, in plain and sanitizer runs alike: the long fuzzing is the libFuzzer harness's
        // (Benchmarks/Fuzz, over 10 million inputs per decoder); this is its seeded smoke test in the suite.
        for iteration in 0..<12_500 {
            // Give the test pool's threads back every few milliseconds: on a two-core machine each hop of the
            // in-memory tests running beside this loop waits for it (yielding every 2,000 made one pass its limit).
            if iteration % 100 == 0 {
                await Task.yield()
            }
            let input: [UInt8]
            if iteration % 10 == 0 {
                input = (0..<Int.random(in: 0..<24, using: &random)).map { _ in
                    Self.interestingBytes[Int.random(in: 0..<Self.interestingBytes.count, using: &random)]
                }
            } else {
                input = Self.mutate(seeds[iteration % seeds.count], using: &random)
            }
            guard let value = Self.decode(input, variant: iteration / 10) else {
                continue
            }
            accepted += 1
            // What this decoder accepts, Foundation's must accept too, with the same meaning (Foundation is
            // more lenient, so the converse does not hold). Checked on a sample to keep the test fast.
            if accepted % 40 == 0 {
                differential += 1
                #expect(
                    (try? JSONTestCoders.foundationDecode(JSONTestValue.self, from: input)) == value,
                    "accepted input \(String(decoding: input, as: UTF8.self)) differs from Foundation's reading"
                )
                #expect(try JSONTestCoders.decode(JSONTestValue.self, from: JSONTestCoders.encode(value)) == value)
            }
        }
        // The mutations must actually exercise both outcomes, or the test proves nothing.
        #expect(accepted > 250)
        #expect(accepted < 10_000)
        #expect(differential > 5)
    }

    @Test("Random valid documents decode exactly as Foundation decodes them")
    func randomDocuments() throws {
        var random = SeededRandom(seed: 42)
        for _ in 0..<2_000 {
            let value = RandomJSONValues.value(depth: 0, using: &random)
            let bytes = try JSONTestCoders.foundationEncode(value)
            #expect(try JSONTestCoders.decode(JSONTestValue.self, from: bytes) == value)
        }
    }
}
