public import AIOpsCore

/// The backtest's notifier: keeps every alert that would have gone to people.
public actor AlertRecorder: Notifier {
    public private(set) var alerts: [CriticalAlert] = []

    public init() {}

    public func notify(_ alert: CriticalAlert) async throws { alerts.append(alert) }
}
