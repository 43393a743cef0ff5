import DemoComposition

// A full build's demo keeps its incidents in SQLite and serves the dashboard: both are wired in
// DemoComposition (the domain-only build has in-memory twins in DomainOnly/DemoSupport.swift).
typealias DemoStore = DemoComposition.DemoStore
typealias DemoDashboard = DemoComposition.DemoDashboard
typealias DemoChannels = DemoComposition.DemoChannels
