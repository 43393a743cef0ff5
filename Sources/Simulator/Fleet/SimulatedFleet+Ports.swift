public import AIOpsCore
public import Foundation

extension SimulatedFleet: InstanceInventory {
    /// The instances tagged `aiops:monitor=true`, with their state now.
    public func monitoredInstances() async throws -> [Instance] {
        instances().filter { $0.carries(.monitor) }
    }

    public func instance(id: String) async throws -> Instance? {
        let now = clock.now().timeIntervalSince1970
        guard let member = member(id: id), (launchTime(of: member)?.timeIntervalSince1970 ?? -.infinity) <= now
        else { return nil }
        return withState(now) { state in instance(member, state: state, now: now) }
    }
}

extension SimulatedFleet: MetricSource {
    /// Datapoints stamped at period starts aligned on the period (as CloudWatch does), for the
    /// periods inside `[start, end)` that have ended by now. Known metrics: `CPUUtilization`,
    /// `mem_used_percent`, `NetworkIn`, `NetworkOut` (bytes per period), `StatusCheckFailed`;
    /// others and unknown instances give empty series. No datapoint while an instance is down.
    public func fetch(_ query: MetricQuery) async throws -> [MetricSeries] {
        guard query.period >= 60, query.period % 60 == 0, query.period <= 86_400 else {
            throw AIOpsError(
                .invalidInput, "metric period \(query.period) s is not supported: use a multiple of 60 up to 86400")
        }
        guard query.start <= query.end else {
            throw AIOpsError(
                .invalidInput,
                "metric query starts (\(ISO8601.string(from: query.start))) after it ends (\(ISO8601.string(from: query.end)))"
            )
        }
        let now = clock.now().timeIntervalSince1970
        let timelines = withState(now) { state in
            Dictionary(query.instanceIDs.map { ($0, state.timeline(of: $0)) }) { first, _ in first }
        }
        let period = Int64(query.period)
        let first =
            (Int64(query.start.timeIntervalSince1970.rounded(.up)) + period - 1).floorDivided(by: period) * period
        let end = min(query.end.timeIntervalSince1970, now - Double(period))
        var result: [MetricSeries] = []
        for instanceID in query.instanceIDs {
            for metric in query.metrics {
                var points: [MetricPoint] = []
                if let member = member(id: instanceID), let kind = MetricModel.Kind(metric),
                    let timeline = timelines[instanceID]
                {
                    let launch = launchTime(of: member).map { Int64($0.timeIntervalSince1970.rounded(.up)) }
                    var t = max(first, launch.map { ($0 + period - 1).floorDivided(by: period) * period } ?? first)
                    while Double(t) < query.end.timeIntervalSince1970 && Double(t) <= end {
                        if let value = model.point(
                            kind, of: member, periodStart: t, minutes: query.period / 60, timeline: timeline)
                        {
                            points.append(MetricPoint(timestamp: Date(timeIntervalSince1970: Double(t)), value: value))
                        }
                        t += period
                    }
                }
                result.append(MetricSeries(instanceID: instanceID, metric: metric, points: points))
            }
        }
        return result
    }
}

extension SimulatedFleet: LogSource {
    /// The instance's lines in `[start, end)` up to now, oldest first; none for an unknown instance.
    public func events(instanceID: String, from start: Date, to end: Date) async throws -> [LogEvent] {
        guard let member = member(id: instanceID) else { return [] }
        let now = clock.now().timeIntervalSince1970
        let timeline = withState(now) { state in state.timeline(of: instanceID) }
        let launch = launchTime(of: member)?.timeIntervalSince1970 ?? -.infinity
        return logs.events(
            of: member, timeline: timeline, from: max(start.timeIntervalSince1970, launch),
            to: min(end.timeIntervalSince1970, now))
    }
}

extension Int64 {
    /// Division rounding towards minus infinity (times before 1970 stay aligned).
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
