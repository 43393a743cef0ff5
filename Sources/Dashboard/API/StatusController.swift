import AIOpsCore
import Foundation
import Hummingbird

/// `/api/v1/status`: the agent itself, for its status page: the last cycle (written by the agent
/// into the store, so any process reads it), the AWS errors of this process, the version.
struct StatusController<Store: IncidentStore>: Sendable {
    let store: Store
    /// AWS calls of this process that failed in the last hour; nil where it makes none.
    let awsErrorsLastHour: (@Sendable () -> Int)?

    func addRoutes(to group: RouterGroup<DashboardRequestContext>) {
        group.get("status", use: status)
    }

    @Sendable func status(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let last = AgentStatus.decode(try await store.checkpoint(AgentStatus.checkpointKey))
        return JSONBody.response(
            API.Status(
                version: BuildInfo.version, awsErrorsLastHour: awsErrorsLastHour?(),
                lastCycle: last))
    }
}

extension API {
    /// `/api/v1/status`: `lastCycle` is the agent's own record (`AgentStatus`), null before its first cycle.
    struct Status: Encodable, Sendable {
        var version: String
        var awsErrorsLastHour: Int?
        var lastCycle: AgentStatus?

        // Nulls are written, not left out: the document says these members are always there.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(awsErrorsLastHour, forKey: .awsErrorsLastHour)
            try container.encode(lastCycle, forKey: .lastCycle)
        }

        enum CodingKeys: String, CodingKey {
            case version, awsErrorsLastHour, lastCycle
        }
    }
}
