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

internal import Foundation
internal import NIOCore
internal import ReactiveMessagingCore
internal import ReactiveMessagingTesting
internal import Testing

@Suite("JSON round trips against Foundation", .timeLimit(.minutes(1 * TestTiming.scale)))
struct JSONRoundTripTests {
    /// Encodes `value` with both encoders and decodes both outputs with both decoders.
    private func checkRoundTrip<Value: Codable & Equatable>(
        _ value: Value,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let ours = try JSONTestCoders.encode(value)
        let theirs = try JSONTestCoders.foundationEncode(value)
        #expect(try JSONTestCoders.decode(Value.self, from: ours) == value, sourceLocation: sourceLocation)
        #expect(try JSONTestCoders.foundationDecode(Value.self, from: ours) == value, sourceLocation: sourceLocation)
        #expect(try JSONTestCoders.decode(Value.self, from: theirs) == value, sourceLocation: sourceLocation)
        #expect(try JSONTestCoders.canonical(ours) == JSONTestCoders.canonical(theirs), sourceLocation: sourceLocation)
        #expect(!ours.contains(0x0A) && !ours.contains(0x0D), sourceLocation: sourceLocation)
    }

    static let orders: [SampleOrder] = [
        SampleOrder(id: 1, symbol: "ACME", price: 187.25, quantity: 300, side: .sell),
        SampleOrder(id: -42, symbol: "", price: 0, quantity: 0, side: .buy),
        SampleOrder(id: .max, symbol: "Ünïcødé/\"quoted\"\\", price: -1e-300, quantity: .min, side: .buy),
    ]

    @Test("Structs with enums survive every combination of encoder and decoder", arguments: Self.orders)
    func orderRoundTrip(order: SampleOrder) throws {
        try self.checkRoundTrip(order)
    }

    @Test(
        "Enums without associated values encode as an object with an empty object",
        arguments: SampleGreeting.allCases
    )
    func greetingRoundTrip(greeting: SampleGreeting) throws {
        try self.checkRoundTrip(greeting)
        let name = greeting == .hello ? "hello" : "world"
        #expect(try JSONTestCoders.encode(greeting) == Array(#"{"\#(name)":{}}"#.utf8))
    }

    static let commands: [SampleCommand] = [
        .move(3), .place(x: -1, y: "a\nb"), .order(Self.orders[0]), .stop,
    ]

    @Test("Enums with associated values round-trip", arguments: Self.commands)
    func commandRoundTrip(command: SampleCommand) throws {
        try self.checkRoundTrip(command)
    }

    @Test("Enum case shapes match Foundation's exactly")
    func enumShapes() throws {
        #expect(try JSONTestCoders.encode(SampleCommand.move(3)) == Array(#"{"move":{"_0":3}}"#.utf8))
        #expect(
            try JSONTestCoders.encode(SampleCommand.place(x: 3, y: "z")) == Array(#"{"place":{"x":3,"y":"z"}}"#.utf8)
        )
        #expect(try JSONTestCoders.encode(SampleCommand.stop) == Array(#"{"stop":{}}"#.utf8))
    }

    static let people: [SamplePerson] = [
        SamplePerson(
            name: "Ada",
            age: 36,
            nickname: nil,
            address: nil,
            tags: [],
            scores: [:],
            lucky: [:],
            nested: [],
            command: nil
        ),
        SamplePerson(
            name: "Grace \u{1F600}",
            age: 255,
            nickname: "Amazing\tGrace",
            address: SampleAddress(street: "1 Main St", zip: nil),
            tags: ["a", "", "\u{0}\u{1}\u{1F}"],
            scores: ["math": 1.5, "": -0.0, "x/y": 1e300],
            lucky: [7: true, -3: false],
            nested: [[1, nil, 3], [], [nil]],
            command: .place(x: 1, y: "2")
        ),
        SamplePerson(
            name: "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}",
            age: 0,
            nickname: "",
            address: SampleAddress(street: "", zip: "0"),
            tags: ["\u{2028}\u{2029}", "e\u{301}", "\u{E9}"],
            scores: ["\u{E9}": .leastNonzeroMagnitude],
            lucky: [Int.min: true, Int.max: false],
            nested: [[nil, nil]],
            command: .order(Self.orders[2])
        ),
    ]

    @Test("Nested structs, optionals, arrays and dictionaries round-trip", arguments: Self.people)
    func personRoundTrip(person: SamplePerson) throws {
        try self.checkRoundTrip(person)
    }

    @Test(
        "Integer extremes of every width round-trip exactly",
        arguments: [SampleIntegers.minimum, SampleIntegers.maximum]
    )
    func integerExtremes(integers: SampleIntegers) throws {
        try self.checkRoundTrip(integers)
    }

    @Test("128-bit integers round-trip exactly")
    func wideIntegers() throws {
        try self.checkRoundTrip(SampleWideIntegers(signed: .min, unsigned: .max))
        try self.checkRoundTrip(SampleWideIntegers(signed: .max, unsigned: 0))
        #expect(try JSONTestCoders.encode(Int128.min) == Array("-170141183460469231731687303715884105728".utf8))
    }

    static let doubles: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.2 + 0.1, 1e-5, 1e20, 1e16, 123.456, .leastNonzeroMagnitude, 2.2250738585072014e-308,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .pi, 9_007_199_254_740_994, 1e22, 1e23, 4.35, 0.000001,
    ]

    @Test("Doubles and floats round-trip bit for bit", arguments: Self.doubles)
    func floatingPoint(double: Double) throws {
        // Doubles beyond Float's range would round to infinity, which JSON cannot hold.
        let float = Float(double).isFinite ? Float(double) : .greatestFiniteMagnitude
        let value = SampleFloats(double: double, float: float)
        try self.checkRoundTrip(value)
        let decoded = try JSONTestCoders.decode(SampleFloats.self, from: JSONTestCoders.encode(value))
        #expect(decoded.double.bitPattern == double.bitPattern)
        #expect(decoded.float.bitPattern == float.bitPattern)
    }

    @Test("Doubles are written like Foundation writes them")
    func doubleText() throws {
        #expect(try JSONTestCoders.encode([1.0, -0.0, 1e-5, 1e20, 0.1]) == Array("[1,-0,1e-05,1e+20,0.1]".utf8))
        for double in Self.doubles {
            #expect(try JSONTestCoders.encode(double) == JSONTestCoders.foundationEncode(double))
        }
    }

    static let strings: [String] = [
        "", "plain", "quote\" backslash\\ slash/", "\n\r\t\u{8}\u{C}", "\u{0}\u{1}\u{1F}\u{7F}", "é 😀 \u{10FFFF}",
        String(repeating: "long text without escapes ", count: 200),
    ]

    @Test("Strings are escaped exactly like Foundation escapes them", arguments: Self.strings)
    func stringEscapes(string: String) throws {
        let ours = try JSONTestCoders.encode(string)
        #expect(ours == (try JSONTestCoders.foundationEncode(string)))
        #expect(try JSONTestCoders.decode(String.self, from: ours) == string)
        #expect(!ours.contains(0x0A) && !ours.contains(0x0D))
    }

    @Test("Top-level fragments round-trip")
    func fragments() throws {
        try self.checkRoundTrip("fragment")
        try self.checkRoundTrip(42)
        try self.checkRoundTrip(true)
        try self.checkRoundTrip(Int?.none)
        #expect(try JSONTestCoders.encode(Int?.none) == Array("null".utf8))
    }

    @Test("Dictionaries with String and Int keys become objects, other keys arrays")
    func dictionaries() throws {
        try self.checkRoundTrip(["b": 1, "a": 2])
        try self.checkRoundTrip([1: "one", -2: "minus two"])
        try self.checkRoundTrip([SampleSide.buy.rawValue: [1.5]])
        let doubleKeys: [Double: String] = [1.5: "x"]
        #expect(try JSONTestCoders.encode(doubleKeys) == Array(#"[1.5,"x"]"#.utf8))
        try self.checkRoundTrip(doubleKeys)
    }

    @Test("Large objects (with a hash index) decode every member", arguments: [17, 100, 5000])
    func largeObjects(count: Int) throws {
        var dictionary: [String: Int] = [:]
        for index in 0..<count {
            dictionary["key\(index)"] = index
        }
        try self.checkRoundTrip(dictionary)
    }

    @Test("Foundation's output for many random values decodes to the same values")
    func randomValues() throws {
        var random = SeededRandom(seed: 0x5EED)
        for _ in 0..<300 {
            let value = RandomJSONValues.value(depth: 0, using: &random)
            let theirs = try JSONTestCoders.foundationEncode(value)
            let ours = try JSONTestCoders.encode(value)
            #expect(try JSONTestCoders.decode(JSONTestValue.self, from: theirs) == value)
            #expect(try JSONTestCoders.foundationDecode(JSONTestValue.self, from: ours) == value)
            #expect(try JSONTestCoders.canonical(ours) == JSONTestCoders.canonical(theirs))
            #expect(!ours.contains(0x0A) && !ours.contains(0x0D))
        }
    }
}

/// Random JSON values for the differential tests.
enum RandomJSONValues {
    static func value(depth: Int, using random: inout SeededRandom) -> JSONTestValue {
        switch Int.random(in: 0..<(depth < 4 ? 8 : 5), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &random)))
        case 3:
            let double = Double(bitPattern: random.next())
            return .number(double.isFinite ? double : 0.5)
        case 4: return .string(self.string(using: &random))
        case 5, 6:
            return .array(
                (0..<Int.random(in: 0..<5, using: &random)).map { _ in self.value(depth: depth + 1, using: &random) }
            )
        default:
            var object: [String: JSONTestValue] = [:]
            for _ in 0..<Int.random(in: 0..<5, using: &random) {
                object[self.string(using: &random)] = self.value(depth: depth + 1, using: &random)
            }
            return .object(object)
        }
    }

    static func string(using random: inout SeededRandom) -> String {
        let pieces = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "é", "😀", "\u{2028}"]
        var string = ""
        for _ in 0..<Int.random(in: 0..<8, using: &random) {
            string += pieces[Int.random(in: 0..<pieces.count, using: &random)]
        }
        return string
    }
}
