public import AIOpsCore
public import Foundation

extension SimulatedFleet: ChangeSource {
    /// Records a change on an instance at a time (default now): the simulator's CloudTrail. A
    /// change is only visible once its time has come, as a fault is.
    @discardableResult
    public func recordChange(
        _ kind: ChangeEvent.Kind, subject: String, instanceID: String, at: Date? = nil, actor: String? = nil
    ) throws -> ChangeEvent {
        guard member(id: instanceID) != nil else {
            throw AIOpsError(
                .notFound, "cannot record a change on \(instanceID): no such instance in the simulated fleet")
        }
        let time = at ?? clock.now()
        let change = ChangeEvent(
            id: StableID.make(
                "change", instanceID, kind.rawValue, subject, String(Int64(time.timeIntervalSince1970 * 1000))),
            instanceID: instanceID, at: time, kind: kind, subject: subject, actor: actor)
        state.withLock { state in
            if !state.changes.contains(where: { $0.id == change.id }) { state.changes.append(change) }
        }
        return change
    }

    /// A release rolled to `instanceIDs` in turn, `spacing` apart from `start`: a deploy change on
    /// each, and `fault` (a crash loop, an error burst) from the moment it lands, for `duration`.
    public func rollOut(
        release: String, to instanceIDs: [String], start: Date, spacing: TimeInterval, fault: FaultKind,
        duration: TimeInterval? = nil
    ) throws {
        for (step, id) in instanceIDs.enumerated() {
            let at = start.addingTimeInterval(Double(step) * spacing)
            try recordChange(.deploy, subject: "release \(release)", instanceID: id, at: at, actor: "deploy-pipeline")
            try inject(fault, instanceID: id, at: at, duration: duration)
        }
    }

    /// The changes of the instances in `[start, end]` that have happened by now, oldest first.
    public func changes(of instances: [Instance], from start: Date, to end: Date) async throws -> [ChangeEvent] {
        let now = clock.now()
        let wanted = Set(instances.map(\.id))
        return state.withLock { state in
            state.changes.filter { wanted.contains($0.instanceID) && $0.at >= start && $0.at <= end && $0.at <= now }
        }
        .sorted { ($0.at, $0.id) < ($1.at, $1.id) }
    }
}
