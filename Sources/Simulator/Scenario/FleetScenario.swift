public import AIOpsCore
public import Foundation

/// `aiops demo --scenario fleet`: the faults that hit many instances at once, to prove that the
/// agent pages once per problem. Played on a fleet with zones and the web → api → db topology
/// (`FleetScenario.configuration`); times are minutes after `start`. The faults are more than an
/// hour apart once their incidents resolve (30 quiet minutes), so that each is its own problem and
/// none re-opens another's incident as a flap.
///
/// | minute | fault | instances |
/// |---|---|---|
/// | 20 | release 2.4.1 rolled out 90 s apart: a crash loop for 35 min | every web instance |
/// | 170 | the database fails (a runaway query and an error burst, 30 min); its api clients log errors 3 min later (25 min), the web instances 6 min later (20 min) | db-1, every api, every web |
/// | 300 | the network of one zone degrades for 25 min | every instance of the second zone |
/// | 390, 440, 490 | a flapping series: an error burst of 10 min, three times | one worker outside that zone |
/// | 410 | an error burst and a CPU runaway of 15 min inside a maintenance window (400–440) | another worker |
public struct FleetScenario: Sendable {
    /// One fault as the scenario played it, over its instances: the report's unit of "paged once".
    public struct Episode: Sendable, Hashable {
        /// `release`, `dependency`, `zone`, `flapping`, `maintenance`.
        public var name: String
        public var instanceIDs: [String]
        public var start: Date
        public var end: Date
    }

    public var episodes: [Episode]
    public var maintenance: [MaintenanceWindow]
    /// How long the scenario needs to play out, with time for the last incidents to resolve.
    public static let duration: TimeInterval = 9 * 3600

    /// The fleet's knobs: three zones and the topology on top of `base`.
    public static func configuration(_ base: FleetConfiguration) -> FleetConfiguration {
        var configuration = base
        configuration.zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
        configuration.topology = true
        return configuration
    }

    /// Plays the scenario on `fleet` from `start`. Throws when the fleet lacks a role the scenario
    /// needs (it needs web, api and db instances, and two workers outside the degraded zone).
    public static func play(on fleet: SimulatedFleet, start: Date) throws -> FleetScenario {
        func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }
        let members = fleet.members.filter { $0.tags[TagSelector.monitor.key] == "true" }
        let byRole = { (role: InstanceRole) in members.filter { $0.role == role }.map(\.id) }
        let web = byRole(.web)
        let api = byRole(.api)
        let zones = fleet.configuration.zones
        let zone = zones.count > 1 ? zones[1] : nil
        let degraded = members.filter { zone != nil && $0.tags[FleetBuilder.zoneTag] == zone }.map(\.id)
        let workers = members.filter { $0.role == .worker && !degraded.contains($0.id) }.map(\.id)
        guard !web.isEmpty, !api.isEmpty, let db = byRole(.db).first, !degraded.isEmpty, workers.count >= 2 else {
            throw AIOpsError(
                .invalidInput,
                "the fleet scenario needs web, api and db instances, zones, and two workers outside the second "
                    + "zone: try --instances 16")
        }
        var episodes: [Episode] = []

        try fleet.rollOut(release: "2.4.1", to: web, start: at(20), spacing: 90, fault: .crashLoop, duration: 35 * 60)
        episodes.append(
            Episode(name: "release", instanceIDs: web, start: at(20), end: at(20 + 1.5 * Double(web.count) + 35)))

        // A runaway query saturates the database, which refuses its clients' connections.
        try fleet.inject(.cpuRunaway, instanceID: db, at: at(170), duration: 30 * 60)
        try fleet.inject(.errorBurst, instanceID: db, at: at(170), duration: 30 * 60)
        for id in api { try fleet.inject(.errorBurst, instanceID: id, at: at(173), duration: 25 * 60) }
        for id in web { try fleet.inject(.errorBurst, instanceID: id, at: at(176), duration: 20 * 60) }
        episodes.append(Episode(name: "dependency", instanceIDs: [db] + api + web, start: at(170), end: at(200)))

        for id in degraded { try fleet.inject(.networkDegradation, instanceID: id, at: at(300), duration: 25 * 60) }
        episodes.append(Episode(name: "zone", instanceIDs: degraded, start: at(300), end: at(325)))

        let flapper = workers[0]
        for minute in [390.0, 440, 490] {
            try fleet.inject(.errorBurst, instanceID: flapper, at: at(minute), duration: 10 * 60)
        }
        episodes.append(Episode(name: "flapping", instanceIDs: [flapper], start: at(390), end: at(500)))

        let patched = workers[1]
        let window = MaintenanceWindow(
            instanceID: patched, start: at(400), end: at(440), reason: "kernel patching (scenario)")
        try fleet.inject(.errorBurst, instanceID: patched, at: at(410), duration: 15 * 60)
        try fleet.inject(.cpuRunaway, instanceID: patched, at: at(410), duration: 15 * 60)
        episodes.append(Episode(name: "maintenance", instanceIDs: [patched], start: at(410), end: at(425)))
        return FleetScenario(episodes: episodes, maintenance: [window])
    }
}
