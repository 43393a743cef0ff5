import ArgumentParser

/// In an `AIOPS_DOMAIN_ONLY=1` build there is no AWS client: `train --instance-id` says so.
enum AdapterTrainingSources {
    static func cloudWatch(instanceID: String, metric: String, days: Int) throws -> any TrainingDataSource {
        throw ValidationError("--instance-id reads CloudWatch, which this domain-only build leaves out")
    }
}
