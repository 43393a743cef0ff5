"""moto's GetMetricData, answered in time proportional to the datapoints, for the tests.

moto walks every period of the requested window and, for each, scans every datapoint it holds
(all metrics, all instances): periods x datapoints per query. A cold detector reads its 35-day
horizon (10,080 five-minute periods), so on a moto that other suites have filled one call takes
minutes, and tests time out for moto's reason, not ours.

`install()` replaces CloudWatchBackend.get_metric_data's MetricStat path with an equivalent one:
the same matching (namespace and name, or name and the exact dimension set when dimensions are
given, as moto does), the same unit filter, the same statistics (moto's own `Statistics`), the same
periods (start + k x period, up to and including the end), the same order and labels. Queries with
expressions keep moto's own code. `python3 moto_fast_metrics.py --self-test` compares both on
random data and exits non-zero on any difference (a test runs it, so a moto upgrade that changes
the original is noticed).
"""

import sys
from collections import defaultdict
from datetime import timedelta


def install():
    from moto.cloudwatch import models
    from moto.cloudwatch.exceptions import ValidationError

    original = models.CloudWatchBackend.get_metric_data
    if getattr(original, "aiops_fast", False):
        return

    def get_metric_data(self, queries, start_time, end_time, scan_by="TimestampAscending"):
        if any("MetricStat" not in q for q in queries):
            return original(self, queries, start_time, end_time, scan_by)
        start_time = start_time.replace(microsecond=0)
        end_time = end_time.replace(microsecond=0)
        if start_time > end_time:
            raise ValidationError("The parameter EndTime must be greater than StartTime.")
        if start_time == end_time:
            raise ValidationError("The parameter StartTime must not equal parameter EndTime.")

        by_name = defaultdict(list)
        for md in self.get_all_metrics():
            if start_time <= md.timestamp < end_time:
                by_name[md.name].append(md)

        results = []
        for query in queries:
            metric_stat = query["MetricStat"]
            query_ns = metric_stat["Metric"]["Namespace"]
            query_name = metric_stat["Metric"]["MetricName"]
            delta = timedelta(seconds=int(metric_stat["Period"]))
            dimensions = sorted(
                models.Dimension(name=d["Name"], value=d["Value"])
                for d in metric_stat["Metric"].get("Dimensions", [])
            )
            unit = metric_stat.get("Unit")
            stat = metric_stat["Stat"]
            buckets = defaultdict(list)
            for md in by_name.get(query_name, []):
                if dimensions:
                    if sorted(md.dimensions) != dimensions:
                        continue
                elif md.namespace != query_ns:
                    continue
                if unit and md.unit != unit:
                    continue
                buckets[(md.timestamp - start_time) // delta].append(md)
            values, timestamps = [], []
            for k in sorted(buckets):
                period_start = start_time + k * delta
                if period_start > end_time:
                    continue
                stats = models.Statistics([stat], period_start)
                stats.metric_data = buckets[k]
                values.append(stats.get_statistics_for_type(stat))
                timestamps.append(stats.timestamp)
            if scan_by == "TimestampDescending" and timestamps:
                timestamps.reverse()
                values.reverse()
            if query.get("ReturnData", True):
                results.append(
                    {
                        "id": query["Id"],
                        "label": query.get("Label") or f"{query_name} {stat}",
                        "values": values,
                        "timestamps": timestamps,
                        "status_code": "Complete",
                    }
                )
        return results

    get_metric_data.aiops_fast = True
    models.CloudWatchBackend.get_metric_data = get_metric_data


def self_test():
    import random
    from datetime import datetime, timezone

    from moto.cloudwatch import models

    original = models.CloudWatchBackend.get_metric_data
    install()
    fast = models.CloudWatchBackend.get_metric_data
    backend = models.CloudWatchBackend("us-east-1", "123456789012")
    rng = random.Random(7)
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    data = []
    for i in range(3000):
        data.append(
            {
                "MetricName": rng.choice(["CPUUtilization", "NetworkIn"]),
                "Value": rng.uniform(0, 100),
                "Unit": rng.choice(["Percent", "Bytes", None]),
                "Timestamp": t0 + timedelta(seconds=rng.randrange(0, 2 * 86400)),
                "Dimensions": [{"Name": "InstanceId", "Value": f"i-{rng.randrange(4)}"}],
            }
        )
    for d in data:
        d = {k: v for k, v in d.items() if v is not None}
        backend.put_metric_data(rng.choice(["AWS/EC2", "Custom"]), [d])
    checked = 0
    for stat in ["Average", "Sum", "Minimum", "Maximum", "SampleCount"]:
        for period in [60, 300, 3600]:
            for dims in [[{"Name": "InstanceId", "Value": "i-1"}], []]:
                for unit in [None, "Percent"]:
                    for scan_by in ["TimestampAscending", "TimestampDescending"]:
                        metric = {"Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Dimensions": dims}
                        ms = {"Metric": metric, "Period": period, "Stat": stat}
                        if unit:
                            ms["Unit"] = unit
                        queries = [{"Id": "q0", "MetricStat": ms}, {"Id": "q1", "MetricStat": ms, "ReturnData": False}]
                        start = t0 + timedelta(seconds=rng.randrange(0, 3600))
                        end = start + timedelta(seconds=rng.randrange(3600, 2 * 86400))
                        want = original(backend, queries, start, end, scan_by)
                        got = fast(backend, queries, start, end, scan_by)
                        if want != got:
                            print(f"differs: {stat} {period} {dims} {unit} {scan_by}", file=sys.stderr)
                            return 1
                        checked += 1
    print(f"moto_fast_metrics: {checked} query shapes answered as moto answers them")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    print("usage: moto_fast_metrics.py --self-test", file=sys.stderr)
    sys.exit(2)
