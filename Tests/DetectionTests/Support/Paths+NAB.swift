import Foundation
import TestSupport

extension Paths {
    /// The Numenta Anomaly Benchmark data files.
    static var nabData: URL { sharedTestData.appendingPathComponent("nab/data") }
}
