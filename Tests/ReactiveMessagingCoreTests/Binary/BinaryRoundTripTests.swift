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

@Suite("Binary coder round trips", .timeLimit(.minutes(1 * TestTiming.scale)))
struct BinaryRoundTripTests {
    /// Encodes `value`, decodes the bytes and checks the result equals `value`.
    private func checkRoundTrip<Value: Codable & Equatable>(
        _ value: Value,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let bytes = try BinaryTestCoders.encode(value)
        #expect(try BinaryTestCoders.decode(Value.self, from: bytes) == value, sourceLocation: sourceLocation)
    }

    static let orders: [BinaryOrder] = [
        BinaryOrder(id: 1, symbol: "ACME", price: 187.25, quantity: 300, side: .sell),
        BinaryOrder(id: -42, symbol: "", price: 0, quantity: 0, side: .buy),
        BinaryOrder(id: .max, symbol: "Ünïcødé \"quoted\"\\", price: -1e-300, quantity: .min, side: .buy),
    ]

    @Test("Structs with enums round-trip", arguments: Self.orders)
    func orderRoundTrip(order: BinaryOrder) throws {
        try self.checkRoundTrip(order)
    }

    @Test("A struct encodes as the documented bytes")
    func orderBytes() throws {
        let order = BinaryOrder(id: 42, symbol: "ACME", price: 1.5, quantity: -300, side: .sell)
        let expected = BinaryTestCoders.bytes(
            "09 05 02 69 64 03 2A 06 73 79 6D 62 6F 6C 07 04 41 43 4D 45 05 70 72 69 63 65 06 00 00 00 00 00 00 F8 3F "
                + "08 71 75 61 6E 74 69 74 79 04 AB 02 04 73 69 64 65 07 04 73 65 6C 6C"
        )
        #expect(try BinaryTestCoders.encode(order) == expected)
    }

    @Test("Enums without associated values encode as a map holding an empty map", arguments: BinaryGreeting.allCases)
    func greetingRoundTrip(greeting: BinaryGreeting) throws {
        try self.checkRoundTrip(greeting)
        let name = greeting == .hello ? "68 65 6C 6C 6F" : "77 6F 72 6C 64"
        #expect(try BinaryTestCoders.encode(greeting) == BinaryTestCoders.bytes("09 01 05 \(name) 09 00"))
    }

    static let commands: [BinaryCommand] = [
        .move(3), .place(x: -1, y: "a\nb"), .order(Self.orders[0]), .stop,
    ]

    @Test("Enums with associated values round-trip", arguments: Self.commands)
    func commandRoundTrip(command: BinaryCommand) throws {
        try self.checkRoundTrip(command)
    }

    @Test("Enum cases have the shape synthesized Codable gives them")
    func enumShapes() throws {
        // {"move": {"_0": 3}}
        #expect(
            try BinaryTestCoders.encode(BinaryCommand.move(3))
                == BinaryTestCoders.bytes("09 01 04 6D 6F 76 65 09 01 02 5F 30 03 03")
        )
        // {"place": {"x": -1, "y": "z"}}
        #expect(
            try BinaryTestCoders.encode(BinaryCommand.place(x: -1, y: "z"))
                == BinaryTestCoders.bytes("09 01 05 70 6C 61 63 65 09 02 01 78 04 00 01 79 07 01 7A")
        )
        #expect(try BinaryTestCoders.encode(BinaryCommand.stop) == BinaryTestCoders.bytes("09 01 04 73 74 6F 70 09 00"))
    }

    static let people: [BinaryPerson] = [
        BinaryPerson(
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
        BinaryPerson(
            name: "Grace \u{1F600}",
            age: 255,
            nickname: "Amazing\tGrace",
            address: BinaryAddress(street: "1 Main St", zip: nil),
            tags: ["a", "", "\u{0}\u{1}\u{1F}"],
            scores: ["math": 1.5, "": -0.0, "x/y": .infinity, "nan": .nan],
            lucky: [7: true, -3: false],
            nested: [[1, nil, 3], [], [nil]],
            command: .place(x: 1, y: "2")
        ),
        BinaryPerson(
            name: "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}",
            age: 0,
            nickname: "",
            address: BinaryAddress(street: "", zip: "0"),
            tags: ["\u{2028}\u{2029}", "e\u{301}", "\u{E9}"],
            scores: ["\u{E9}": .leastNonzeroMagnitude],
            lucky: [Int.min: true, Int.max: false],
            nested: [[nil, nil]],
            command: .order(Self.orders[2])
        ),
    ]

    @Test("Nested structs, optionals, arrays and dictionaries round-trip", arguments: Self.people)
    func personRoundTrip(person: BinaryPerson) throws {
        let decoded = try BinaryTestCoders.roundTrip(person)
        // `==` on Double treats NaN as unequal to itself; compare the scores by bit pattern instead.
        #expect(decoded.scores.mapValues(\.bitPattern) == person.scores.mapValues(\.bitPattern))
        var withoutScores = decoded
        withoutScores.scores = person.scores
        #expect(withoutScores.name == person.name && withoutScores.lucky == person.lucky)
        #expect(withoutScores.nested == person.nested && withoutScores.command == person.command)
        #expect(withoutScores.tags == person.tags && withoutScores.address == person.address)
        #expect(withoutScores.nickname == person.nickname && withoutScores.age == person.age)
    }

    @Test("Integer extremes of every width round-trip exactly", arguments: [BinaryIntegers.minimum, .maximum])
    func integerExtremes(integers: BinaryIntegers) throws {
        try self.checkRoundTrip(integers)
    }

    static let integerBytes: [(Int128, String)] = [
        (0, "03 00"),
        (1, "03 01"),
        (127, "03 7F"),
        (128, "03 80 01"),
        (300, "03 AC 02"),
        (-1, "04 00"),
        (-128, "04 7F"),
        (-129, "04 80 01"),
        (-300, "04 AB 02"),
        (Int128(Int64.max), "03 FF FF FF FF FF FF FF FF 7F"),
        (Int128(Int64.min), "04 FF FF FF FF FF FF FF FF 7F"),
        (Int128(UInt64.max), "03 FF FF FF FF FF FF FF FF FF 01"),
        (Int128(UInt64.max) + 1, "03 80 80 80 80 80 80 80 80 80 02"),
        (.max, "03" + String(repeating: " FF", count: 18) + " 01"),
        (.min, "04" + String(repeating: " FF", count: 18) + " 01"),
    ]

    @Test("Integers are written as a sign tag and a shortest LEB128 varint", arguments: Self.integerBytes)
    func integerEncoding(value: Int128, hex: String) throws {
        #expect(try BinaryTestCoders.encode(value) == BinaryTestCoders.bytes(hex))
        #expect(try BinaryTestCoders.decode(Int128.self, from: BinaryTestCoders.bytes(hex)) == value)
        if let narrow = Int64(exactly: value) {
            #expect(try BinaryTestCoders.encode(narrow) == BinaryTestCoders.bytes(hex))
            #expect(try BinaryTestCoders.decode(Int64.self, from: BinaryTestCoders.bytes(hex)) == narrow)
        }
    }

    @Test("The largest 128-bit unsigned integer takes 19 bytes")
    func widestInteger() throws {
        let hex = "03" + String(repeating: " FF", count: 18) + " 03"
        #expect(try BinaryTestCoders.encode(UInt128.max) == BinaryTestCoders.bytes(hex))
        #expect(try BinaryTestCoders.decode(UInt128.self, from: BinaryTestCoders.bytes(hex)) == .max)
        try self.checkRoundTrip(UInt128(1) << 100)
        try self.checkRoundTrip(-(Int128(1) << 100))
    }

    @Test("Integers decode as any width that holds them")
    func integerWidths() throws {
        #expect(try BinaryTestCoders.decode(Int64.self, from: BinaryTestCoders.encode(Int8(-5))) == -5)
        #expect(try BinaryTestCoders.decode(UInt8.self, from: BinaryTestCoders.encode(Int64(200))) == 200)
        #expect(
            try BinaryTestCoders.decode(Int128.self, from: BinaryTestCoders.encode(UInt64.max))
                == 18_446_744_073_709_551_615
        )
        #expect(try BinaryTestCoders.decode(Int8.self, from: BinaryTestCoders.encode(Int128(-128))) == -128)
        #expect(try BinaryTestCoders.decode(UInt64.self, from: BinaryTestCoders.encode(UInt128(UInt64.max))) == .max)
    }

    static let doubles: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.2 + 0.1, 1e-5, 1e300, .pi, .leastNonzeroMagnitude, .leastNormalMagnitude,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, -.nan,
        .signalingNaN, Double(nan: 0x1234, signaling: false), Double(bitPattern: 0x7FF0_0000_0000_0001),
        Double(bitPattern: 0xFFFF_FFFF_FFFF_FFFF),
    ]

    @Test("Doubles and floats round-trip bit for bit, NaN payloads and infinities included", arguments: Self.doubles)
    func floatingPoint(double: Double) throws {
        let float = Float(bitPattern: UInt32(truncatingIfNeeded: double.bitPattern ^ (double.bitPattern >> 32)))
        let value = BinaryFloats(double: double, float: float)
        try self.checkRoundTrip(value)
        try self.checkRoundTrip(BinaryFloats(double: double, float: Float(double)))
        let top = try BinaryTestCoders.decode(Double.self, from: BinaryTestCoders.encode(double))
        #expect(top.bitPattern == double.bitPattern)
    }

    @Test("Floating-point numbers are written as little-endian IEEE 754")
    func floatingPointBytes() throws {
        #expect(try BinaryTestCoders.encode(1.5) == BinaryTestCoders.bytes("06 00 00 00 00 00 00 F8 3F"))
        #expect(try BinaryTestCoders.encode(Float(1.5)) == BinaryTestCoders.bytes("05 00 00 C0 3F"))
        #expect(try BinaryTestCoders.encode(-Double.infinity) == BinaryTestCoders.bytes("06 00 00 00 00 00 00 F0 FF"))
    }

    @Test("A Double reads a 32-bit float; a Float reads a 64-bit one only if it holds it exactly")
    func floatingPointWidths() throws {
        #expect(
            try BinaryTestCoders.decode(Double.self, from: BinaryTestCoders.encode(Float(0.1))) == Double(Float(0.1))
        )
        #expect(try BinaryTestCoders.decode(Float.self, from: BinaryTestCoders.encode(0.5)) == 0.5)
        #expect(try BinaryTestCoders.decode(Float.self, from: BinaryTestCoders.encode(Double.infinity)) == .infinity)
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode(Float.self, from: BinaryTestCoders.encode(0.1))
        }
        #expect(throws: DecodingError.self) {
            try BinaryTestCoders.decode(Float.self, from: BinaryTestCoders.encode(1e300))
        }
    }

    static let strings: [String] = [
        "", "plain", "quote\" backslash\\", "\n\r\t\u{0}\u{1}\u{1F}\u{7F}", "é 😀 \u{10FFFF}", "e\u{301}",
        String(repeating: "long text past one varint byte ", count: 10),
        String(repeating: "😀", count: 5000),
    ]

    @Test("Strings round-trip as their UTF-8 bytes", arguments: Self.strings)
    func stringRoundTrip(string: String) throws {
        let bytes = try BinaryTestCoders.encode(string)
        #expect(try BinaryTestCoders.decode(String.self, from: bytes) == string)
        let utf8 = Array(string.utf8)
        #expect(bytes.first == 0x07)
        #expect(bytes.suffix(utf8.count).elementsEqual(utf8))
        #expect(bytes.count == 1 + (utf8.count < 128 ? 1 : utf8.count < 16384 ? 2 : 3) + utf8.count)
    }

    @Test("Top-level single values round-trip")
    func fragments() throws {
        try self.checkRoundTrip("fragment")
        try self.checkRoundTrip(42)
        try self.checkRoundTrip(true)
        try self.checkRoundTrip(false)
        try self.checkRoundTrip(Int?.none)
        try self.checkRoundTrip(Int?.some(7))
        #expect(try BinaryTestCoders.encode(Int?.none) == [0x00])
        #expect(try BinaryTestCoders.encode(true) == [0x02])
        #expect(try BinaryTestCoders.encode(false) == [0x01])
    }

    @Test("Optionals round-trip wherever Codable can tell them apart")
    func optionals() throws {
        let value = BinaryOptionals(
            plain: 1,
            double: .some(.some(2)),
            array: ["a", nil],
            nestedArray: [.some(.some(1)), .none],
            dictionary: ["x": true, "y": nil]
        )
        try self.checkRoundTrip(value)
        let empty = BinaryOptionals(plain: nil, double: nil, array: [], nestedArray: [], dictionary: [:])
        try self.checkRoundTrip(empty)
        // Codable writes `.some(.none)` of a double optional as nil, which reads back as `.none` (as in JSON).
        let inner = BinaryOptionals(
            plain: nil,
            double: .some(.none),
            array: [],
            nestedArray: [.some(.none)],
            dictionary: [:]
        )
        let decoded = try BinaryTestCoders.roundTrip(inner)
        #expect(decoded.double == .none)
        #expect(decoded.nestedArray == [.none])
    }

    @Test("Dictionaries with String and Int keys become maps, other keys arrays")
    func dictionaries() throws {
        try self.checkRoundTrip(["b": 1, "a": 2])
        try self.checkRoundTrip([1: "one", -2: "minus two"])
        #expect(try BinaryTestCoders.encode(["a": 1]) == BinaryTestCoders.bytes("09 01 01 61 03 01"))
        #expect(try BinaryTestCoders.encode([7: true]) == BinaryTestCoders.bytes("09 01 01 37 02"))
        let doubleKeys: [Double: String] = [1.5: "x"]
        #expect(
            try BinaryTestCoders.encode(doubleKeys)
                == BinaryTestCoders.bytes("08 02 06 00 00 00 00 00 00 F8 3F 07 01 78")
        )
        try self.checkRoundTrip(doubleKeys)
        try self.checkRoundTrip([BinarySide.buy.rawValue: [1.5]])
    }

    @Test("superEncoder and superDecoder round-trip a class hierarchy")
    func superCoders() throws {
        let dog = BinaryDog(legs: 4, name: "Rex")
        let bytes = try BinaryTestCoders.encode(dog)
        // {"name": "Rex", "super": {"legs": 4}}
        #expect(
            bytes
                == BinaryTestCoders.bytes(
                    "09 02 04 6E 61 6D 65 07 03 52 65 78 05 73 75 70 65 72 09 01 04 6C 65 67 73 03 04"
                )
        )
        let decoded = try BinaryTestCoders.decode(BinaryDog.self, from: bytes)
        #expect(decoded == dog)
    }

    @Test("Containers of 128 or more values get multi-byte counts", arguments: [127, 128, 300, 16_384, 20_000])
    func largeArrays(count: Int) throws {
        let array = (0..<count).map { $0 }
        let bytes = try BinaryTestCoders.encode(array)
        #expect(try BinaryTestCoders.decode([Int].self, from: bytes) == array)
        var varint: [UInt8] = []
        var remaining = count
        while remaining >= 0x80 {
            varint.append(UInt8(remaining & 0x7F) | 0x80)
            remaining >>= 7
        }
        varint.append(UInt8(remaining))
        #expect(Array(bytes.prefix(1 + varint.count)) == [0x08] + varint)
    }

    @Test("Nested large containers are patched correctly")
    func nestedLargeContainers() throws {
        let nested = (0..<150).map { outer in (0..<(outer % 3 == 0 ? 200 : 3)).map { "\(outer).\($0)" } }
        try self.checkRoundTrip(nested)
        let maps = (0..<130).map { outer in
            Dictionary(uniqueKeysWithValues: (0..<(outer % 2 == 0 ? 140 : 2)).map { ("k\($0)", outer) })
        }
        try self.checkRoundTrip(maps)
    }

    @Test("Large maps (with a hash index) decode every pair", arguments: [17, 100, 5000])
    func largeMaps(count: Int) throws {
        var dictionary: [String: Int] = [:]
        for index in 0..<count {
            dictionary["key\(index)"] = index
        }
        try self.checkRoundTrip(dictionary)
    }

    @Test("Seeded random values round-trip exactly")
    func randomValues() throws {
        var random = SeededRandom(seed: 0x5EED)
        for _ in 0..<2_000 {
            let value = BinaryRandomValues.value(depth: 0, using: &random)
            let bytes = try BinaryTestCoders.encode(value)
            #expect(try BinaryTestCoders.decode(BinaryTestValue.self, from: bytes) == value)
            // The encoding is canonical: decoding and encoding again gives the same bytes.
            #expect(try BinaryTestCoders.encode(BinaryTestCoders.decode(BinaryTestValue.self, from: bytes)) == bytes)
        }
    }

    @Test("Seeded random integers of every width round-trip exactly")
    func randomIntegers() throws {
        var random = SeededRandom(seed: 0x1_2345)
        for _ in 0..<2_000 {
            let low = random.next()
            let high = random.next() >> UInt64.random(in: 0...63, using: &random)
            let wide = Int128(bitPattern: UInt128(high) << 64 | UInt128(low))
            let integers = BinaryIntegers(
                int: Int(truncatingIfNeeded: low),
                int8: Int8(truncatingIfNeeded: low),
                int16: Int16(truncatingIfNeeded: low),
                int32: Int32(truncatingIfNeeded: low),
                int64: Int64(truncatingIfNeeded: low >> (high & 63)),
                int128: Bool.random(using: &random) ? wide : Int128(truncatingIfNeeded: Int64(bitPattern: low)),
                uint: UInt(truncatingIfNeeded: high),
                uint8: UInt8(truncatingIfNeeded: high),
                uint16: UInt16(truncatingIfNeeded: high),
                uint32: UInt32(truncatingIfNeeded: high),
                uint64: low >> (high & 63),
                uint128: UInt128(bitPattern: wide)
            )
            try self.checkRoundTrip(integers)
        }
    }
}
