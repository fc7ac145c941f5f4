import Foundation

/// A CronJob's schedule: the standard five fields (minute, hour, day of month, month,
/// day of week, with `*`, `?`, lists, ranges, steps and month or weekday names) or a
/// descriptor (`@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`,
/// `@hourly`), read as robfig/cron's standard parser reads them, in a time zone.
struct CronSchedule: Sendable {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    /// A day field that is `*` or `?`: then only the other day field restricts.
    let anyDayOfMonth: Bool
    let anyDayOfWeek: Bool
    let calendar: Calendar

    static let descriptors = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    init(_ text: String, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) throws(ParseError) {
        var spec = text.trimmingCharacters(in: .whitespaces)
        if spec.hasPrefix("@") {
            guard let expanded = Self.descriptors[spec.lowercased()] else {
                throw ParseError(description: "unrecognized descriptor: \(spec)")
            }
            spec = expanded
        }
        let fields = spec.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(description: "expected exactly 5 fields, found \(fields.count): [\(fields.joined(separator: " "))]")
        }
        minutes = try Self.field(fields[0], 0...59, names: [])
        hours = try Self.field(fields[1], 0...23, names: [])
        daysOfMonth = try Self.field(fields[2], 1...31, names: [])
        months = try Self.field(fields[3], 1...12, names: Self.monthNames)
        daysOfWeek = try Self.field(fields[4], 0...6, names: Self.dayNames)
        anyDayOfMonth = fields[2] == "*" || fields[2] == "?"
        anyDayOfWeek = fields[4] == "*" || fields[4] == "?"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// One field: comma-separated `*`, `?`, `N`, `N-M`, each with an optional `/step`.
    private static func field(_ text: String, _ bounds: ClosedRange<Int>, names: [String]) throws(ParseError) -> Set<Int> {
        var values: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw ParseError(description: "too many slashes: \(part)") }
            var step = 1
            if pieces.count == 2 {
                step = try number(pieces[1])
                guard step > 0 else { throw ParseError(description: "step of range should be a positive number: \(part)") }
            }
            let range = pieces[0]
            var low: Int, high: Int
            if range == "*" || range == "?" {
                (low, high) = (bounds.lowerBound, bounds.upperBound)
            } else {
                let ends = range.split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2 else { throw ParseError(description: "too many hyphens: \(part)") }
                low = try value(ends[0], names: names, bounds: bounds)
                high = ends.count == 2 ? try value(ends[1], names: names, bounds: bounds) : (pieces.count == 2 ? bounds.upperBound : low)
            }
            guard low >= bounds.lowerBound else { throw ParseError(description: "beginning of range (\(low)) below minimum (\(bounds.lowerBound)): \(part)") }
            guard high <= bounds.upperBound else { throw ParseError(description: "end of range (\(high)) above maximum (\(bounds.upperBound)): \(part)") }
            guard low <= high else { throw ParseError(description: "beginning of range (\(low)) beyond end of range (\(high)): \(part)") }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values
    }

    private static func value(_ text: Substring, names: [String], bounds: ClosedRange<Int>) throws(ParseError) -> Int {
        if let index = names.firstIndex(of: text.lowercased()) { return index + (bounds.lowerBound == 1 ? 1 : 0) }
        return try number(text)
    }

    /// robfig's mustParseInt, with Go's strconv message.
    private static func number(_ text: Substring) throws(ParseError) -> Int {
        guard let number = Int(text) else {
            throw ParseError(description: "failed to parse int from \(text): strconv.Atoi: parsing \"\(text)\": invalid syntax")
        }
        guard number >= 0 else { throw ParseError(description: "negative number (\(number)) not allowed: \(text)") }
        return number
    }

    /// The first scheduled time strictly after `date`; nil when none comes within five years.
    func next(after date: Date) -> Date? {
        guard let minute = calendar.dateInterval(of: .minute, for: date)?.start,
              var day = calendar.dateInterval(of: .day, for: date)?.start else { return nil }
        let sortedHours = hours.sorted(), sortedMinutes = minutes.sorted()
        for _ in 0..<(366 * 5) {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if let month = parts.month, let dayOfMonth = parts.day, let weekday = parts.weekday, months.contains(month),
               matches(dayOfMonth: dayOfMonth, dayOfWeek: weekday - 1) {
                for hour in sortedHours {
                    for minuteOfHour in sortedMinutes {
                        var wanted = DateComponents()
                        (wanted.year, wanted.month, wanted.day) = (parts.year, month, dayOfMonth)
                        (wanted.hour, wanted.minute) = (hour, minuteOfHour)
                        guard let candidate = calendar.date(from: wanted), candidate > minute,
                              calendar.component(.hour, from: candidate) == hour else { continue }
                        return candidate
                    }
                }
            }
            guard let following = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = following
        }
        return nil
    }

    /// robfig's dayMatches: with either day field unrestricted both must match, else either may.
    private func matches(dayOfMonth: Int, dayOfWeek: Int) -> Bool {
        let domMatch = daysOfMonth.contains(dayOfMonth), dowMatch = daysOfWeek.contains(dayOfWeek)
        if anyDayOfMonth || anyDayOfWeek { return domMatch && dowMatch }
        return domMatch || dowMatch
    }
}
