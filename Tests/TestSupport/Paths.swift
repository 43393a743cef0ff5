public import Foundation

/// Where things are, for tests: the package root, the shared test data, built binaries.
public enum Paths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `../shared/testdata` beside the checkout, or `AIOPS_TESTDATA` when set.
    public static let sharedTestData: URL = {
        if let override = ProcessInfo.processInfo.environment["AIOPS_TESTDATA"] {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    }()

    /// The folder the test bundle was built into (`.build/debug` or the like).
    public static let buildProducts: URL = {
        var url = Bundle.main.bundleURL
        // On Linux the test runner is `.build/<triple>/debug/aiopsPackageTests.xctest`.
        if url.pathExtension == "xctest" { url.deleteLastPathComponent() }
        return url
    }()

    /// A built executable of this package, e.g. `aiops` or `bootstrap`.
    public static func executable(_ name: String) -> URL {
        let candidate = buildProducts.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return packageRoot.appendingPathComponent(".build/debug/\(name)")
    }
}
