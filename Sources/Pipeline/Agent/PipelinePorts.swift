public import AIOpsCore

/// The adapters a pipeline runs on: the simulator and SQLite when embedded, AWS otherwise.
public struct PipelinePorts: Sendable {
    public var inventory: any InstanceInventory
    public var metrics: any MetricSource
    public var logs: any LogSource
    public var controller: any InstanceController
    public var store: any IncidentStore
    public var clock: any AgentClock
    /// What changed on the instances, the analysis's change evidence (nil: none).
    public var changes: (any ChangeSource)?

    public init(
        inventory: any InstanceInventory, metrics: any MetricSource, logs: any LogSource,
        controller: any InstanceController, store: any IncidentStore, clock: any AgentClock,
        changes: (any ChangeSource)? = nil
    ) {
        self.changes = changes
        self.inventory = inventory
        self.metrics = metrics
        self.logs = logs
        self.controller = controller
        self.store = store
        self.clock = clock
    }
}
