import Foundation

/// Ages as kubectl prints them (`5s`, `3m10s`, `3h2m`, `2d`, `1y20d`): a port of
/// apimachinery's `duration.HumanDuration`, so a Table from this server reads like
/// one from a real cluster.
enum HumanDuration {
    /// The age of something created at `timestamp` (RFC 3339), seen at `now`;
    /// `<unknown>` when there is no readable timestamp.
    static func age(since timestamp: String?, now: Date) -> String {
        guard let timestamp, let date = Timestamp.parse(timestamp) else { return "<unknown>" }
        return format(now.timeIntervalSince(date))
    }

    /// Formats a duration in seconds.
    static func format(_ interval: TimeInterval) -> String {
        // A clock a second or so behind the writer's still reads as "now".
        let seconds = Int(interval.rounded(.towardZero))
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let rest = seconds % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }
}
