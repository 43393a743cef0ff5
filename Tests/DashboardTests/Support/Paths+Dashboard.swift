import Foundation
import TestSupport

extension Paths {
    /// The dashboard's static files in the source tree.
    static var dashboardResources: URL { packageRoot.appendingPathComponent("Sources/Dashboard/Resources") }

    /// The test virtualenv's python (`$AIOPS_VENV`, else `.venv` in the checkout).
    static var venvPython: URL {
        let venv =
            ProcessInfo.processInfo.environment["AIOPS_VENV"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent(".venv")
        return venv.appendingPathComponent("bin/python")
    }
}
