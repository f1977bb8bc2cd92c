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

/// A coding key the JSON coders make up themselves: array positions, `super` and keys read back from the input.
struct JSONCodingKey: CodingKey {
    /// The key "super" that `superEncoder()` and `superDecoder()` use, as Foundation's coders do.
    static let superKey = JSONCodingKey(stringValue: "super")

    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    /// The key of an array element, spelled like Foundation's ("Index 3") so coding paths read the same.
    init(index: Int) {
        self.stringValue = "Index \(index)"
        self.intValue = index
    }
}
