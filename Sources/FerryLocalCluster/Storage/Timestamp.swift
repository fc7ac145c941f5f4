import Foundation

/// RFC 3339 timestamps in UTC with second precision, as the API server writes them.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS` followed by optional fractional seconds and `Z` or `±HH:MM`.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for index in range {
                let digit = Int32(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        var interval = TimeInterval(timegm(&parts))
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            var fraction = 0.0, scale = 0.1
            index += 1
            while index < bytes.count, (48...57).contains(bytes[index]) {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            interval += fraction
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), index + 6 == bytes.count,
           let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6) {
            let offset = TimeInterval(hours * 3600 + minutes * 60)
            interval += bytes[index] == UInt8(ascii: "+") ? -offset : offset
        } else if !(bytes[index] == UInt8(ascii: "Z") && index + 1 == bytes.count) {
            return nil
        }
        return Date(timeIntervalSince1970: interval)
    }
}
