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

internal import ReactiveMessagingCore
internal import ReactiveMessagingTesting
internal import Testing

/// Records what a `Decodable` type observes through the keyed container API.
private struct JSONKeyedProbe: Decodable {
    enum Key: String, CodingKey {
        case a, b, c, missing
        case `super`
    }

    var allKeys: [String]
    var containsA: Bool
    var containsMissing: Bool
    var aIsNil: Bool
    var bIfPresent: Int?
    var cIfPresent: Int?
    var missingIfPresent: Int?
    var decodeNilOfMissingThrows: Bool
    var superIsNull: Bool
    var superPath: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.allKeys = container.allKeys.map(\.stringValue)
        self.containsA = container.contains(.a)
        self.containsMissing = container.contains(.missing)
        self.aIsNil = try container.decodeNil(forKey: .a)
        self.bIfPresent = try container.decodeIfPresent(Int.self, forKey: .b)
        self.cIfPresent = try container.decodeIfPresent(Int.self, forKey: .c)
        self.missingIfPresent = try container.decodeIfPresent(Int.self, forKey: .missing)
        do {
            _ = try container.decodeNil(forKey: .missing)
            self.decodeNilOfMissingThrows = false
        } catch DecodingError.keyNotFound {
            self.decodeNilOfMissingThrows = true
        }
        let superDecoder = try container.superDecoder()
        self.superIsNull = try superDecoder.singleValueContainer().decodeNil()
        self.superPath = superDecoder.codingPath.map(\.stringValue)
    }
}

/// Records what a `Decodable` type observes through the unkeyed container API.
private struct JSONUnkeyedProbe: Decodable {
    var count: Int?
    var values: [String]
    var endErrorIsValueNotFound: Bool
    var nilAtEndThrows: Bool

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        self.count = container.count
        self.values = []
        while !container.isAtEnd {
            let index = container.currentIndex
            if try container.decodeNil() {
                self.values.append("\(index):nil")
            } else if let number = try? container.decode(Int.self) {
                self.values.append("\(index):\(number)")
            } else {
                let nested = try container.nestedContainer(keyedBy: JSONKeyedProbe.Key.self)
                self.values.append("\(index):\(try nested.decode(String.self, forKey: .a))")
            }
        }
        do {
            _ = try container.decode(Int.self)
            self.endErrorIsValueNotFound = false
        } catch DecodingError.valueNotFound(_, let context) {
            self.endErrorIsValueNotFound = context.codingPath.last?.intValue == self.count
        }
        self.nilAtEndThrows = (try? container.decodeNil()) == nil
    }
}

private struct JSONTestPair: Codable, Equatable {
    var a: Int
    var b: String
}

private class JSONTestAnimal: Codable {
    var name: String

    init(name: String) {
        self.name = name
    }
}

private final class JSONTestDog: JSONTestAnimal {
    var breed: String

    private enum Key: CodingKey {
        case breed
    }

    init(name: String, breed: String) {
        self.breed = breed
        super.init(name: name)
    }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.breed = try container.decode(String.self, forKey: .breed)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(self.breed, forKey: .breed)
        try super.encode(to: container.superEncoder())
    }
}

@Suite("JSON decoder behaves like Foundation's", .timeLimit(.minutes(1 * TestTiming.scale)))
struct JSONDecoderBehaviourTests {
    @Test("Keyed containers report keys, presence and nulls like Foundation")
    func keyedContainer() throws {
        let json = #"{"a":null,"b":2,"c":null,"b":3,"x":1}"#
        let ours = try JSONTestCoders.decode(JSONKeyedProbe.self, from: json)
        #expect(ours.allKeys == ["a", "b", "c"])
        #expect(ours.containsA && !ours.containsMissing)
        #expect(ours.aIsNil)
        #expect(ours.bIfPresent == 2)
        #expect(ours.cIfPresent == nil && ours.missingIfPresent == nil)
        #expect(ours.decodeNilOfMissingThrows)
        #expect(ours.superIsNull && ours.superPath == ["super"])
        let theirs = try JSONTestCoders.foundationDecode(JSONKeyedProbe.self, from: Array(json.utf8))
        #expect(Set(theirs.allKeys) == Set(ours.allKeys))
        #expect(theirs.bIfPresent == ours.bIfPresent && theirs.decodeNilOfMissingThrows && theirs.superIsNull)
    }

    @Test("superDecoder() reads what superEncoder() wrote, in both directions with Foundation")
    func classHierarchy() throws {
        let dog = JSONTestDog(name: "Rex", breed: "Collie")
        let ours = try JSONTestCoders.encode(dog)
        #expect(ours == Array(#"{"breed":"Collie","super":{"name":"Rex"}}"#.utf8))
        for decoded in [
            try JSONTestCoders.decode(JSONTestDog.self, from: ours),
            try JSONTestCoders.decode(JSONTestDog.self, from: JSONTestCoders.foundationEncode(dog)),
            try JSONTestCoders.foundationDecode(JSONTestDog.self, from: ours),
        ] {
            #expect(decoded.name == "Rex" && decoded.breed == "Collie")
        }
    }

    @Test("Unkeyed containers report count, position and the end like Foundation")
    func unkeyedContainer() throws {
        let json = #"[1,null,{"a":"x"},-4]"#
        let ours = try JSONTestCoders.decode(JSONUnkeyedProbe.self, from: json)
        #expect(ours.count == 4)
        #expect(ours.values == ["0:1", "1:nil", "2:x", "3:-4"])
        #expect(ours.endErrorIsValueNotFound && ours.nilAtEndThrows)
        let theirs = try JSONTestCoders.foundationDecode(JSONUnkeyedProbe.self, from: Array(json.utf8))
        #expect(theirs.values == ours.values && theirs.count == ours.count)
    }

    @Test("The first of duplicate keys wins, as in Foundation")
    func duplicateKeys() throws {
        let json = #"{"a":1,"b":"x","a":2,"b":"y"}"#
        #expect(try JSONTestCoders.decode(JSONTestPair.self, from: json) == JSONTestPair(a: 1, b: "x"))
        #expect(
            try JSONTestCoders.foundationDecode(JSONTestPair.self, from: Array(json.utf8)) == JSONTestPair(a: 1, b: "x")
        )
        var large = (0..<40).map { #""k\#($0)":\#($0)"# }
        large.append(#""k3":99"#)
        let dictionary = try JSONTestCoders.decode([String: Int].self, from: "{" + large.joined(separator: ",") + "}")
        #expect(dictionary.count == 40 && dictionary["k3"] == 3)
    }

    @Test("Escaped member names match their unescaped keys")
    func escapedKeys() throws {
        #expect(
            try JSONTestCoders.decode(JSONTestPair.self, from: #"{"\u0061":1,"\u0062":"\ud83d\ude00\/"}"#)
                == JSONTestPair(a: 1, b: "😀/")
        )
        let dictionary = try JSONTestCoders.decode([String: Int].self, from: #"{"\n":1,"\u00e9":2,"é":3}"#)
        #expect(dictionary == ["\n": 1, "é": 2])
    }

    static let exactIntegers: [(String, Int)] = [
        ("1.0", 1), ("1e2", 100), ("1E2", 100), ("100e-2", 1), ("-0", 0), ("-0.0e5", 0),
        ("12345678901234567890e-1", 1_234_567_890_123_456_789),
        ("-9223372036854775808", .min), ("9223372036854775807", .max), ("0.0000", 0), ("25.5e1", 255),
    ]

    @Test("Integers written in exact fraction or exponent form decode, as in Foundation", arguments: Self.exactIntegers)
    func exactIntegerForms(text: String, expected: Int) throws {
        #expect(try JSONTestCoders.decode(Int.self, from: text) == expected)
        #expect(try JSONTestCoders.foundationDecode(Int.self, from: Array(text.utf8)) == expected)
    }

    static let unrepresentableIntegers: [String] = [
        "1.5", "9223372036854775808", "-9223372036854775809", "1e19", "1e100000000000000000000", "0.1e1000",
        "1e-1", "123456789012345678901234567890",
    ]

    @Test("Integers that do not fit or are not whole throw dataCorrupted", arguments: Self.unrepresentableIntegers)
    func integersOutOfRange(text: String) throws {
        let error = #expect(throws: DecodingError.self) { try JSONTestCoders.decode(Int.self, from: text) }
        guard case .dataCorrupted = error else {
            Issue.record("expected dataCorrupted, got \(String(describing: error))")
            return
        }
    }

    @Test("Every integer width checks its own range")
    func integerRanges() throws {
        #expect(try JSONTestCoders.decode(UInt8.self, from: "255") == 255)
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(UInt8.self, from: "256") }
        #expect(try JSONTestCoders.decode(Int8.self, from: "-128") == -128)
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(Int8.self, from: "-129") }
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(UInt.self, from: "-1") }
        #expect(try JSONTestCoders.decode(UInt64.self, from: "18446744073709551615") == .max)
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(UInt64.self, from: "18446744073709551616") }
        #expect(try JSONTestCoders.decode(Int128.self, from: "-170141183460469231731687303715884105728") == .min)
        #expect(throws: DecodingError.self) {
            try JSONTestCoders.decode(Int128.self, from: "170141183460469231731687303715884105728")
        }
        #expect(try JSONTestCoders.decode(UInt128.self, from: "3.40282366920938463463374607431768211455e38") == .max)
    }

    static let doubles: [String] = [
        "0", "-0", "1", "0.1", "1e-5", "1E+20", "123456789012345678901234567890", "2.2250738585072011e-308",
        "4.9e-324", "1.7976931348623157e308", "0.30000000000000004", "9007199254740993", "1e22", "1e23",
        "-123.456e-7", "0.000000000000000000000000000001", "7.2057594037927933e16",
    ]

    @Test("Doubles decode to the correctly rounded value", arguments: Self.doubles)
    func doubleParsing(text: String) throws {
        let ours = try JSONTestCoders.decode(Double.self, from: text)
        #expect(ours.bitPattern == Double(text)?.bitPattern)
        #expect(
            ours.bitPattern == (try JSONTestCoders.foundationDecode(Double.self, from: Array(text.utf8))).bitPattern
        )
    }

    @Test("Floats are rounded from the text, not through Double")
    func floatRounding() throws {
        // 1.00000005960464477539062500001 rounds up as a Float, but through Double it would tie and round down.
        let text = "1.00000005960464477539062500001"
        #expect(try JSONTestCoders.decode(Float.self, from: text) == Float(text))
        #expect(try JSONTestCoders.decode(Float.self, from: text) != Float(Double(text) ?? 0))
    }

    @Test(
        "Numbers that overflow or underflow the type throw, as in Foundation",
        arguments: ["1e400", "-1e400", "1e-400"]
    )
    func unrepresentableDoubles(text: String) throws {
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(Double.self, from: text) }
        #expect(throws: DecodingError.self) { try JSONTestCoders.foundationDecode(Double.self, from: Array(text.utf8)) }
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(Float.self, from: "1e39") }
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(Float.self, from: "1e-50") }
    }

    @Test("Unicode escapes, including surrogate pairs, decode to the right scalars")
    func unicodeEscapes() throws {
        #expect(
            try JSONTestCoders.decode(String.self, from: #""\u0000\u001f\u00E9\u20AC\uD83D\uDE00\b\f\n\r\t\"\\\/""#)
                == "\u{0}\u{1F}é€😀\u{8}\u{C}\n\r\t\"\\/"
        )
        #expect(try JSONTestCoders.decode(String.self, from: "\"é😀\u{7F}\"") == "é😀\u{7F}")
    }

    @Test("Type mismatches carry Foundation's error kind and the coding path")
    func typeMismatch() throws {
        struct Wrapper: Decodable { var pairs: [JSONTestPair] }
        let error = #expect(throws: DecodingError.self) {
            try JSONTestCoders.decode(Wrapper.self, from: #"{"pairs":[{"a":1,"b":"x"},{"a":"1","b":"y"}]}"#)
        }
        guard case .typeMismatch(let type, let context) = error else {
            Issue.record("expected typeMismatch, got \(String(describing: error))")
            return
        }
        #expect(ObjectIdentifier(type) == ObjectIdentifier(Int.self))
        #expect(context.codingPath.map(\.stringValue) == ["pairs", "Index 1", "a"])
        #expect(context.debugDescription == "Expected to decode Int but found a string instead.")
    }

    @Test("Missing keys and nulls give keyNotFound and valueNotFound")
    func missingValues() throws {
        let missing = #expect(throws: DecodingError.self) {
            try JSONTestCoders.decode(JSONTestPair.self, from: #"{"a":1}"#)
        }
        guard case .keyNotFound(let key, _) = missing else {
            Issue.record("expected keyNotFound, got \(String(describing: missing))")
            return
        }
        #expect(key.stringValue == "b")
        let null = #expect(throws: DecodingError.self) {
            try JSONTestCoders.decode(JSONTestPair.self, from: #"{"a":null,"b":""}"#)
        }
        guard case .valueNotFound(_, let context) = null else {
            Issue.record("expected valueNotFound, got \(String(describing: null))")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["a"])
    }

    @Test("Kinds never convert into each other")
    func noConversions() throws {
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(Bool.self, from: "1") }
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(Int.self, from: "true") }
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(String.self, from: "1") }
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(Int.self, from: #""1""#) }
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode([Int].self, from: "{}") }
        #expect(throws: DecodingError.self) { try JSONTestCoders.decode(JSONTestPair.self, from: "[]") }
        #expect(throws: DecodingError.self) {
            try JSONTestCoders.decode(SampleGreeting.self, from: #"{"hello":{},"world":{}}"#)
        }
        #expect(try JSONTestCoders.decode(Int?.self, from: "null") == nil)
        #expect(try JSONTestCoders.decode([Int?].self, from: "[null,1]") == [nil, 1])
    }

    @Test("The decoder's coding path is rebuilt from the document")
    func decoderCodingPath() throws {
        struct PathRecorder: Decodable {
            var path: [String]
            init(from decoder: any Decoder) throws {
                self.path = decoder.codingPath.map(\.stringValue)
            }
        }
        struct Outer: Decodable { var list: [[String: PathRecorder]] }
        let outer = try JSONTestCoders.decode(Outer.self, from: #"{"list":[{},{"key":0}]}"#)
        #expect(outer.list[1]["key"]?.path == ["list", "Index 1", "key"])
    }
}
