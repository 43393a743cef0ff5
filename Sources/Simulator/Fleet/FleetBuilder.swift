import AIOpsCore

/// Creates the fleet's instances from the configuration: deterministic for a seed.
enum FleetBuilder {
    /// The order roles are handed out in, so any fleet of four or more has every role.
    private static let roleCycle: [InstanceRole] = [.web, .api, .worker, .web, .api, .db, .web, .worker]
    /// The role each role calls: web → api → db.
    private static let upstreams: [InstanceRole: InstanceRole] = [.web: .api, .api: .db]
    /// The tags the fleet scenario's correlation reads (see `FleetConfiguration.zones`, `.topology`).
    static let zoneTag = "AvailabilityZone"
    static let dependsOnTag = "DependsOn"
    private static let subnets: [InstanceRole: Int] = [.web: 1, .api: 2, .db: 3, .worker: 4]

    static func members(_ configuration: FleetConfiguration) -> [FleetMember] {
        let seed = configuration.seed
        let count = configuration.instanceCount
        let optedOut = optOuts(configuration)
        var ids: Set<String> = []
        var numbers: [InstanceRole: Int] = [:]
        var members: [FleetMember] = []
        for index in 0..<count {
            let role = roleCycle[index % roleCycle.count]
            numbers[role, default: 0] += 1
            let name = "\(role.rawValue)-\(numbers[role, default: 1])"
            var rng = SplitMix64(seed, UInt64(index), 0x1D)
            var id = "i-0" + rng.hex(17)
            while !ids.insert(id).inserted { id = "i-0" + rng.hex(17) }
            let load = rng.uniform(configuration.loadLevels)
            let ip = "10.0.\(subnets[role, default: 9]).\(rng.int(10...250))"
            var tags = ["Name": name, "Role": role.rawValue, "Environment": "production"]
            if index < count - configuration.unmonitoredCount { tags[TagSelector.monitor.key] = "true" }
            if !optedOut.contains(index) { tags[TagSelector.remediate.key] = "true" }
            if !configuration.zones.isEmpty { tags[zoneTag] = configuration.zones[index % configuration.zones.count] }
            if configuration.topology, let upstream = upstreams[role] { tags[dependsOnTag] = upstream.rawValue }
            members.append(
                FleetMember(index: index, id: id, name: name, role: role, loadLevel: load, tags: tags, privateIP: ip))
        }
        return members
    }

    /// The instances without the remediation tag: the share asked for, chosen by the seed; when the
    /// share is positive and the fleet has two or more instances, at least one and not all.
    private static func optOuts(_ configuration: FleetConfiguration) -> Set<Int> {
        let count = configuration.instanceCount
        let fraction = configuration.remediationOptOutFraction
        var wanted = Int((fraction * Double(count)).rounded())
        if fraction > 0 && count >= 2 { wanted = min(max(wanted, 1), count - 1) }
        let ranked = (0..<count).sorted {
            Hash.combine(configuration.seed, UInt64($0), 0x0B, 0)
                < Hash.combine(configuration.seed, UInt64($1), 0x0B, 0)
        }
        return Set(ranked.prefix(wanted))
    }
}
