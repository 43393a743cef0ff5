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
                lastCycle: last.map(API.Status.Cycle.init)))
    }
}

extension API {
    struct Status: Encodable, Sendable {
        struct Cycle: Encodable, Sendable {
            var at: Date
            var seconds: Double
            var outcome: String
            var cycleId: String?
            var instances: Int
            var seriesWatched: Int
            var monthlyCostEstimate: Double?
            var version: String

            init(_ status: AgentStatus) {
                at = status.at
                seconds = status.seconds.finite ?? 0
                outcome = status.outcome
                cycleId = status.cycleID
                instances = status.instances
                seriesWatched = status.seriesWatched
                monthlyCostEstimate = status.monthlyCostEstimate?.finite
                version = status.version
            }

            // Nulls are written, not left out: the document says every member is there.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(at, forKey: .at)
                try container.encode(seconds, forKey: .seconds)
                try container.encode(outcome, forKey: .outcome)
                try container.encode(cycleId, forKey: .cycleId)
                try container.encode(instances, forKey: .instances)
                try container.encode(seriesWatched, forKey: .seriesWatched)
                try container.encode(monthlyCostEstimate, forKey: .monthlyCostEstimate)
                try container.encode(version, forKey: .version)
            }

            enum CodingKeys: String, CodingKey {
                case at, seconds, outcome, cycleId, instances, seriesWatched, monthlyCostEstimate, version
            }
        }

        var version: String
        var awsErrorsLastHour: Int?
        var lastCycle: Cycle?

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
