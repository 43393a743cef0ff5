import Foundation
import TestSupport

extension Paths {
    /// The Numenta Anomaly Benchmark data files.
    static var nabData: URL { ReferenceData.folder(.nab).appendingPathComponent("data") }
}
