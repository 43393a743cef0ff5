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

    /// The reference data root (`ReferenceData.root`: `AIOPS_TESTDATA`, `../shared/testdata`, or the
    /// fetch script's cache). Tests that read it carry `ReferenceData.needs(_:)`.
    public static var sharedTestData: URL { ReferenceData.root }

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
