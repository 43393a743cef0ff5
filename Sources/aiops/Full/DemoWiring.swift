import AdapterComposition

// A full build's demo keeps its incidents in SQLite and serves the dashboard: both are wired in
// AdapterComposition (the domain-only build has in-memory twins in DomainOnly/DemoSupport.swift).
typealias DemoStore = AdapterComposition.DemoStore
typealias DemoDashboard = AdapterComposition.DemoDashboard
