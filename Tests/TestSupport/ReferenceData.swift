public import Foundation
public import Testing

/// The public reference data sets the tests read (NAB, the AWS SigV4 suite, LogHub-2k), found in
/// one place so that a clone on its own runs the suite too: tests that need a set missing here
/// are skipped with a line that says how to get it, never failed.
public enum ReferenceData {
    /// One data set: the folder it lives in under the root.
    public enum DataSet: String, Sendable, CaseIterable {
        case nab, sigv4, loghub
    }

    /// The command that fills the cache, quoted in every skip message.
    public static let fetchCommand = "scripts/fetch-testdata.sh"

    /// The folder `scripts/fetch-testdata.sh` fills (git-ignored).
    public static let cache = Paths.packageRoot.appendingPathComponent(".testdata-cache")

    /// The root, tried in order: `AIOPS_TESTDATA`; `../shared/testdata` beside the checkout; the
    /// fetch script's cache. When `AIOPS_TESTDATA` is set it is the answer even if empty, so a
    /// wrong value shows up as skipped tests naming it rather than as a quiet fallback.
    public static let root: URL = resolveRoot(
        environment: ProcessInfo.processInfo.environment, packageRoot: Paths.packageRoot)

    /// The same rule as `root`, for given inputs (tests of the rule itself).
    public static func resolveRoot(environment: [String: String], packageRoot: URL) -> URL {
        if let override = environment["AIOPS_TESTDATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
        if isDirectory(shared) { return shared }
        return packageRoot.appendingPathComponent(".testdata-cache")
    }

    /// The folder of one data set under the root.
    public static func folder(_ set: DataSet) -> URL { root.appendingPathComponent(set.rawValue) }

    /// Whether a data set is present under the root.
    public static func has(_ set: DataSet) -> Bool { isDirectory(folder(set)) }

    /// The one line shown for a test skipped for want of `set`.
    public static func missingReason(_ set: DataSet) -> Comment {
        Comment(
            rawValue: "needs the \(set.rawValue) reference data, not found under \(root.path): "
                + "run \(fetchCommand) (or set AIOPS_TESTDATA)")
    }

    /// The trait for a test or suite that reads `set`: enabled when present, else skipped with
    /// `missingReason(set)`.
    public static func needs(_ set: DataSet) -> ConditionTrait {
        .enabled(if: has(set), missingReason(set))
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}
