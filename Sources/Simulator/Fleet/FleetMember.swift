import Foundation

/// What an instance does: decides its load shape, its log formats and the text of its faults.
public enum InstanceRole: String, Sendable, Codable, Hashable, CaseIterable {
    /// nginx in front of a Java storefront; traffic peaks in the afternoon, lower at weekends.
    case web
    /// A Spring Boot orders API.
    case api
    /// A Celery worker (Python) with a nightly batch peak.
    case worker
    /// PostgreSQL; busy with the traffic, memory high and steady.
    case db

    /// The systemd unit of the role's main service, as its logs name it (`storefront.service`).
    public var serviceUnit: String { RoleLogs.of(self).unit }
}

/// One simulated instance as the fleet created it; its state lives in the fleet.
public struct FleetMember: Sendable, Hashable {
    /// `i-0` and 17 hex digits, from the seed.
    public var id: String
    /// The `Name` tag: role and number, e.g. `web-2`.
    public var name: String
    public var role: InstanceRole
    /// Scales the instance's CPU, network and log volume (1 = typical).
    public var loadLevel: Double
    /// `Name`, `Role`, `Environment`, and the opt-in tags `aiops:monitor` / `aiops:remediate` when set.
    public var tags: [String: String]
    /// The private address, for its hostname (`ip-10-0-1-23`) in system log lines.
    public var privateIP: String

    /// Position in the fleet: keys this instance's random streams.
    let index: Int

    init(
        index: Int, id: String, name: String, role: InstanceRole, loadLevel: Double, tags: [String: String],
        privateIP: String
    ) {
        self.index = index
        self.id = id
        self.name = name
        self.role = role
        self.loadLevel = loadLevel
        self.tags = tags
        self.privateIP = privateIP
    }

    /// The hostname EC2 gives from the private address.
    var hostname: String { "ip-" + privateIP.replacingOccurrences(of: ".", with: "-") }
}
