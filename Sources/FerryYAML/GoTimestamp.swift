/// go-yaml v2's timestamp recognition: Go's `time.Parse` with the layouts
/// `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`
/// and `2006-1-2`, tried on scalars that start with four digits and `-`.
enum GoTimestamp {
    /// go-yaml's quick check: four digits, then `-`. Only such scalars are tried as
    /// timestamps, and none of them can be a number.
    static func hasDatePrefix(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count >= 5, text[4] == UInt8(ascii: "-") else { return false }
        return text[0..<4].allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
    }

    /// Whether go-yaml reads the scalar as a timestamp.
    static func isTimestamp(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard hasDatePrefix(text) else { return false }
        var reader = Reader(text: text, index: 5)
        let year = Int(text[0..<4].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
        guard let month = reader.number(), (1...12).contains(month), reader.skip(UInt8(ascii: "-")),
              let day = reader.number(), day >= 1, day <= daysIn(month: month, year: year)
        else { return false }
        if reader.atEnd { return true }
        if reader.skip(UInt8(ascii: "T")) || reader.skip(UInt8(ascii: "t")) {
            return reader.clock() && reader.zone() && reader.atEnd
        }
        // A space in a Go layout matches one or more spaces.
        guard reader.skip(UInt8(ascii: " ")) else { return false }
        while reader.skip(UInt8(ascii: " ")) {}
        return reader.clock() && reader.atEnd
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private struct Reader {
        let text: UnsafeBufferPointer<UInt8>
        var index: Int

        var atEnd: Bool { index == text.count }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < text.count, text[index] == byte else { return false }
            index += 1
            return true
        }

        private func digit(at position: Int) -> Int? {
            guard position < text.count else { return nil }
            let value = text[position] &- UInt8(ascii: "0")
            return value < 10 ? Int(value) : nil
        }

        /// Go's `getnum(s, false)`: one digit, or two when two are there.
        mutating func number() -> Int? {
            guard let first = digit(at: index) else { return nil }
            index += 1
            guard let second = digit(at: index) else { return first }
            index += 1
            return first * 10 + second
        }

        /// `15:4:5` with an optional `.999999999` (or `,`) fraction of any length.
        mutating func clock() -> Bool {
            guard let hour = number(), hour < 24, skip(UInt8(ascii: ":")),
                  let minute = number(), minute < 60, skip(UInt8(ascii: ":")),
                  let second = number(), second < 60
            else { return false }
            if index + 1 < text.count, text[index] == UInt8(ascii: ".") || text[index] == UInt8(ascii: ","),
               digit(at: index + 1) != nil {
                index += 1
                while digit(at: index) != nil { index += 1 }
            }
            return true
        }

        /// `Z07:00`: `Z`, or a sign and a two-digit hour and minute (up to 24 and 60).
        mutating func zone() -> Bool {
            if skip(UInt8(ascii: "Z")) { return true }
            guard text.count - index >= 6, text[index + 3] == UInt8(ascii: ":"),
                  text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-"),
                  let h1 = digit(at: index + 1), let h2 = digit(at: index + 2),
                  let m1 = digit(at: index + 4), let m2 = digit(at: index + 5),
                  h1 * 10 + h2 <= 24, m1 * 10 + m2 <= 60
            else { return false }
            index += 6
            return true
        }
    }
}
