public import AIOpsCore

/// Tells a log line's level from its text; the recovery check counts error-level lines with it.
public protocol LogLevelClassifying: Sendable {
    func level(of message: String) -> LogLevel
}

/// A keyword classifier: the level words syslog, log4j, Python and Go loggers write, and the
/// exception markers of an uncaught error.
public struct KeywordLogLevelClassifier: LogLevelClassifying {
    public init() {}

    public func level(of message: String) -> LogLevel {
        var best = LogLevel.info
        var sawLevelWord = false
        for token in message.split(whereSeparator: { !$0.isLetter }).prefix(24) {
            let word = token.uppercased()
            let level: LogLevel? =
                switch word {
                case "FATAL", "CRITICAL", "CRIT", "EMERG", "ALERT", "PANIC": .fatal
                case "ERROR", "ERR", "SEVERE", "EXCEPTION", "TRACEBACK", "SEGFAULT": .error
                case "WARN", "WARNING": .warn
                case "DEBUG", "TRACE": .debug
                case "INFO", "NOTICE": .info
                default: word.hasSuffix("EXCEPTION") || word.hasSuffix("ERROR") ? .error : nil
                }
            guard let level else { continue }
            if !sawLevelWord || level > best { best = level }
            sawLevelWord = true
        }
        return best
    }
}
