public import Foundation

/// When a silence holds: once between two instants, or every day or every week at a local time
/// of an IANA time zone, for a duration.
public enum SilenceWindow: Sendable, Hashable {
    case once(start: Date, end: Date)
    case recurring(Recurrence)

    /// A repeating window: `at` local time (every day, or on `weekday`) in `timeZone`, lasting
    /// `duration` seconds of elapsed time. Across a daylight-saving change the start stays at the
    /// same wall-clock time (so it moves by an hour in UTC) and the duration stays the same length.
    public struct Recurrence: Sendable, Hashable {
        public enum Frequency: String, Sendable, Hashable { case daily, weekly }

        public var frequency: Frequency
        /// 1 = Sunday … 7 = Saturday (Foundation's numbering), weekly only.
        public var weekday: Int?
        public var hour: Int
        public var minute: Int
        public var duration: TimeInterval
        public var timeZone: TimeZone

        public init(
            frequency: Frequency, weekday: Int? = nil, hour: Int, minute: Int, duration: TimeInterval,
            timeZone: TimeZone
        ) {
            self.frequency = frequency
            self.weekday = weekday
            self.hour = hour
            self.minute = minute
            self.duration = duration
            self.timeZone = timeZone
        }

        static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

        /// Checks the fields: an error says what to change.
        public func validate() throws(AIOpsError) {
            guard (0..<24).contains(hour), (0..<60).contains(minute) else {
                throw AIOpsError(.invalidInput, "the time \(hour):\(minute) is not a time of day (HH:MM, 00:00–23:59)")
            }
            let longest: TimeInterval = frequency == .daily ? 86_400 : 7 * 86_400
            guard duration.isFinite, duration >= 60, duration <= longest else {
                throw AIOpsError(
                    .invalidInput,
                    "a \(frequency.rawValue) window lasts from 1 minute to \(frequency == .daily ? "24 hours" : "7 days")"
                )
            }
            if frequency == .weekly {
                guard let weekday, (1...7).contains(weekday) else {
                    throw AIOpsError(.invalidInput, "a weekly window needs a weekday (sunday … saturday)")
                }
            }
        }

        private var calendar: Calendar {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            return calendar
        }

        /// The occurrence starting on the local day of `day` (nil if it does not occur that day).
        private func occurrence(onDayOf day: Date, _ calendar: Calendar) -> DateInterval? {
            var parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if frequency == .weekly, parts.weekday != weekday { return nil }
            parts.weekday = nil
            parts.hour = hour
            parts.minute = minute
            parts.second = 0
            guard let start = calendar.date(from: parts) else { return nil }
            return DateInterval(start: start, duration: duration)
        }

        /// The occurrence that holds at `date`, if one does.
        public func occurrence(containing date: Date) -> DateInterval? {
            let calendar = calendar
            let today = calendar.startOfDay(for: date)
            // A window that started up to 7 days earlier may still run (weekly, 7 days long).
            for back in 0...8 {
                guard let day = calendar.date(byAdding: .day, value: -back, to: today),
                    let window = occurrence(onDayOf: day, calendar)
                else { continue }
                if window.start <= date && date < window.end { return window }
            }
            return nil
        }

        /// The first occurrence that starts after `date`.
        public func occurrence(startingAfter date: Date) -> DateInterval? {
            let calendar = calendar
            let today = calendar.startOfDay(for: date)
            for ahead in 0...8 {
                guard let day = calendar.date(byAdding: .day, value: ahead, to: today),
                    let window = occurrence(onDayOf: day, calendar)
                else { continue }
                if window.start > date { return window }
            }
            return nil
        }
    }

    /// The stretch of this window that holds at `date`, if any.
    public func occurrence(containing date: Date) -> DateInterval? {
        switch self {
        case .once(let start, let end): start <= date && date < end ? DateInterval(start: start, end: end) : nil
        case .recurring(let recurrence): recurrence.occurrence(containing: date)
        }
    }

    /// The next stretch that starts after `date`, if any.
    public func occurrence(startingAfter date: Date) -> DateInterval? {
        switch self {
        case .once(let start, let end): start > date ? DateInterval(start: start, end: end) : nil
        case .recurring(let recurrence): recurrence.occurrence(startingAfter: date)
        }
    }

    /// Checks the fields: an error says what to change.
    public func validate() throws(AIOpsError) {
        switch self {
        case .once(let start, let end):
            guard end > start else { throw AIOpsError(.invalidInput, "the window's end must come after its start") }
        case .recurring(let recurrence): try recurrence.validate()
        }
    }
}

// Stored and sent as {"kind": "once", "start", "end"} or {"kind": "daily"|"weekly", "weekday",
// "at": "HH:MM", "durationMinutes", "timeZone"}: readable in an item, an API reply and a CLI listing.
extension SilenceWindow: Codable {
    enum CodingKeys: String, CodingKey { case kind, start, end, weekday, at, durationMinutes, timeZone }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        if kind == "once" {
            self = .once(start: try c.decode(Date.self, forKey: .start), end: try c.decode(Date.self, forKey: .end))
            return
        }
        do {
            self = .recurring(
                try Recurrence(
                    kind: kind, weekday: try c.decodeIfPresent(String.self, forKey: .weekday),
                    at: try c.decode(String.self, forKey: .at),
                    durationMinutes: try c.decode(Double.self, forKey: .durationMinutes),
                    timeZone: try c.decode(String.self, forKey: .timeZone)))
        } catch let error as AIOpsError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .once(let start, let end):
            try c.encode("once", forKey: .kind)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
        case .recurring(let r):
            try c.encode(r.frequency.rawValue, forKey: .kind)
            try c.encodeIfPresent(r.weekday.map { Recurrence.weekdays[$0 - 1] }, forKey: .weekday)
            try c.encode(r.at, forKey: .at)
            try c.encode(r.duration / 60, forKey: .durationMinutes)
            try c.encode(r.timeZone.identifier, forKey: .timeZone)
        }
    }
}

extension SilenceWindow.Recurrence {
    /// `HH:MM`, as written.
    public var at: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    /// Builds a recurrence from its written form: `kind` daily or weekly, `weekday` a day's
    /// English name, `at` HH:MM, a duration in minutes and an IANA zone such as `Europe/Berlin`.
    public init(kind: String, weekday: String?, at: String, durationMinutes: Double, timeZone: String)
        throws(AIOpsError)
    {
        guard let frequency = Frequency(rawValue: kind) else {
            throw AIOpsError(.invalidInput, "the window kind \"\(kind)\" is not one of once, daily, weekly")
        }
        let parts = at.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]),
            let minute = Int(parts[1])
        else { throw AIOpsError(.invalidInput, "the time \"\(at)\" is not HH:MM (24-hour clock)") }
        guard let zone = TimeZone(identifier: timeZone) else {
            throw AIOpsError(.invalidInput, "\"\(timeZone)\" is not an IANA time zone (such as Europe/Berlin or UTC)")
        }
        var day: Int?
        if let weekday {
            guard let index = Self.weekdays.firstIndex(of: weekday.lowercased()) else {
                throw AIOpsError(.invalidInput, "\"\(weekday)\" is not a weekday (sunday … saturday)")
            }
            day = index + 1
        }
        if frequency == .daily, day != nil {
            throw AIOpsError(.invalidInput, "a daily window takes no weekday (use kind weekly)")
        }
        self.init(
            frequency: frequency, weekday: day, hour: hour, minute: minute, duration: durationMinutes * 60,
            timeZone: zone)
        try validate()
    }
}
