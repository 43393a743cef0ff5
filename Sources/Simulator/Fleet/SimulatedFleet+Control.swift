public import AIOpsCore
import Foundation

extension SimulatedFleet: InstanceController {
    /// Reboots a running instance: it is `rebooting` with no datapoints for the configured
    /// downtime, and the faults a reboot clears end now. Fails on an unknown or stopped instance.
    public func reboot(instanceID: String) async throws {
        try act(.reboot, instanceID) { state, now in
            let current = state.timeline(of: instanceID).state(at: now)
            guard current != .stopped && current != .stopping else {
                throw AIOpsError(
                    .conflict, "cannot reboot \(instanceID): it is \(current.rawValue); start it instead")
            }
            state.clearFaults(of: instanceID, at: now, by: .reboot)
            state.outages[instanceID, default: []].append(
                Outage(kind: .reboot, start: now, end: now + configuration.rebootDowntime))
        }
    }

    /// Stops an instance (a no-op when it is already stopped), ending the faults a reboot clears.
    public func stop(instanceID: String) async throws {
        try act(.stop, instanceID) { state, now in
            let current = state.timeline(of: instanceID).state(at: now)
            guard current != .stopped && current != .stopping else { return }
            state.clearFaults(of: instanceID, at: now, by: .stop)
            state.outages[instanceID, default: []].append(Outage(kind: .stop, start: now, end: .infinity))
        }
    }

    /// Starts a stopped instance: `pending` for the configured boot time, then running. A no-op
    /// on an instance that is not stopped.
    public func start(instanceID: String) async throws {
        try act(.start, instanceID) { state, now in
            guard var outages = state.outages[instanceID],
                let last = outages.indices.last(where: { outages[$0].kind == .stop && outages[$0].end == .infinity })
            else { return }
            outages[last].startRequested = now
            outages[last].end = now + configuration.bootTime
            state.outages[instanceID] = outages
        }
    }

    /// Restarts the instance's main service: the faults a restart clears (an error burst, a leak)
    /// end now; a crash loop does not (the bad release starts again). The unit must be the one the
    /// instance's role runs (`storefront.service` or `storefront`), as `systemctl` finds no other.
    public func restartService(_ service: ServiceName, instanceID: String) async throws {
        try act(.restartService, instanceID) { state, now in
            guard let member = member(id: instanceID), RoleLogs.of(member.role).unit == service.unit else {
                throw AIOpsError(.invalidInput, "Failed to restart \(service.unit): Unit \(service.unit) not found.")
            }
            try requireRunning(instanceID, state: state, now: now, to: "restart \(service.unit) on")
            state.clearFaults(of: instanceID, at: now, by: .serviceRestart)
        }
    }

    /// Vacuums the journal and old temporary files: a full disk has room again.
    public func freeDisk(instanceID: String) async throws {
        try act(.freeDisk, instanceID) { state, now in
            try requireRunning(instanceID, state: state, now: now, to: "free disk space on")
            state.clearFaults(of: instanceID, at: now, by: .freeDisk)
        }
    }

    /// Runs an automation document; the simulator knows `AWS-RestartEC2Instance` (a reboot by
    /// another road) and refuses other names, as SSM refuses a document it does not have.
    public func runAutomation(document: String, instanceID: String) async throws {
        guard document == "AWS-RestartEC2Instance" else {
            throw AIOpsError(.notFound, "automation document \(document) does not exist in the simulated account")
        }
        try act(.runAutomation, instanceID) { state, now in
            try requireRunning(instanceID, state: state, now: now, to: "run \(document) on")
            state.clearFaults(of: instanceID, at: now, by: .reboot)
            state.outages[instanceID, default: []].append(
                Outage(kind: .reboot, start: now, end: now + configuration.rebootDowntime))
        }
    }

    /// Commands through the SSM agent need it up: a stopped or rebooting instance has none.
    private func requireRunning(_ instanceID: String, state: FleetState, now: Double, to verb: String) throws {
        let current = state.timeline(of: instanceID).state(at: now)
        guard current == .running else {
            throw AIOpsError(
                .conflict, "cannot \(verb) \(instanceID): it is \(current.rawValue), its SSM agent is not online")
        }
    }

    /// Records the call, then applies it; unknown instances are an error and are not recorded.
    private func act(
        _ kind: ControllerCall.Kind, _ instanceID: String, _ apply: (inout FleetState, Double) throws -> Void
    ) throws {
        guard member(id: instanceID) != nil else {
            throw AIOpsError(
                .notFound, "cannot \(kind.rawValue) \(instanceID): no such instance in the simulated fleet")
        }
        let now = clock.now()
        try withState(now.timeIntervalSince1970) { state in
            state.calls.append(ControllerCall(kind: kind, instanceID: instanceID, at: now))
            try apply(&state, now.timeIntervalSince1970)
        }
    }
}
