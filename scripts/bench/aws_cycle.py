#!/usr/bin/env python3
"""Benchmark (not a test): one `aiops detect --once` cycle over N instances (1,000 by default)
against moto's server, through a counting proxy. Prints the AWS API calls per service and
operation, what each bills (GetMetricData metrics requested, DynamoDB read and write units, SNS
publishes), the cycle's wall time, and what that cycle costs a month at 8,640 cycles.

DynamoDB capacity: moto answers ReturnConsumedCapacity with a constant (1.0 per PutItem or per
BatchWriteItem call, 0.5 per GetItem, whatever the item's size), so the proxy asks for it (the
"moto reports" line) but bills from item sizes, as AWS does for on-demand tables: an item's size
is its attribute names plus values (strings in UTF-8, numbers 1 byte per 2 significant digits + 1,
3 bytes + 1 per element for maps and lists); a write costs ceil(size / 1 KB) units, the larger of
the item before and after it for a put over an existing item or an update, and the same again
for each global secondary index the item is in (both projected ALL; twice when the write moves
it within the index); a GetItem or a Query costs ceil(bytes read / 4 KB) units, halved when
eventually consistent (a Query on an index always is), at least one unit.

The fleet: N running instances with the monitor tag, the last few 5-minute CPUUtilization points
each (--points, 3 by default: the fleet model scores from the first point, and moto's
GetMetricData costs queries x periods x datapoints, so hours of history for 1,000 instances take
it past the client's 90-second read timeout), a spike on the last points of 1 in 100 of them, and
a fleet model (default.json) trained by `aiops train --instance-id` on one instance's day.

    scripts/bench/aws-cycle.sh [--instances N]      (builds aiops, then runs this)
    python3 scripts/bench/aws_cycle.py --aiops PATH --moto-server PATH [--instances N]
"""
import argparse
import base64
import collections
import http.client
import http.server
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone

import boto3
import botocore.config


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INDEXES = {"gsi1": ("gsi1pk", "gsi1sk"), "gsi2": ("gsi2pk", "gsi2sk")}  # infrastructure/table.tf


def value_size(value):
    """The size DynamoDB counts for one attribute value (wire or boto3 form)."""
    (kind, content), = value.items()
    if kind == "S":
        return len(content.encode())
    if kind == "N":
        digits = content.lstrip("+-").replace(".", "").split("e")[0].split("E")[0].strip("0")
        return (len(digits) + 1) // 2 + 1
    if kind == "B":
        return len(content) if isinstance(content, bytes) else len(base64.b64decode(content))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(v.encode()) for v in content)
    if kind == "NS":
        return sum(value_size({"N": v}) for v in content)
    if kind == "BS":
        return sum(value_size({"B": v}) for v in content)
    if kind == "M":
        return 3 + sum(len(k.encode()) + value_size(v) + 1 for k, v in content.items())
    if kind == "L":
        return 3 + sum(value_size(v) + 1 for v in content)
    raise ValueError(f"unknown attribute type {kind}")


def item_size(item):
    return sum(len(name.encode()) + value_size(value) for name, value in item.items()) if item else 0


def write_units(size):
    return max(1, math.ceil(size / 1024))


def index_key(item, index):
    if not item or any(name not in item for name in INDEXES[index]):
        return None
    return json.dumps([item[name] for name in INDEXES[index]], sort_keys=True, default=str)


class CountingProxy(http.server.ThreadingHTTPServer):
    """Forwards every request to moto, counts it by service and operation, and bills it."""

    daemon_threads = True

    def __init__(self, upstream_port, dynamodb):
        self.upstream_port = upstream_port
        self.dynamodb = dynamodb  # a boto3 client straight to moto, to read items before and after a write
        self.counts = collections.Counter()
        self.units = collections.Counter()
        self.item_sizes = collections.defaultdict(list)
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), ProxyHandler)

    def add(self, key, amount):
        with self.lock:
            self.units[key] += amount

    def stored(self, table, key):
        reply = self.dynamodb.get_item(TableName=table, Key=key, ConsistentRead=True)
        return reply.get("Item")

    def bill_write(self, operation, table, key, before, after, succeeded):
        size = max(item_size(before), item_size(after))
        self.add("dynamodb write units (table)", write_units(size))
        with self.lock:
            self.item_sizes[(operation, key["sk"]["S"].split("#")[0] if "sk" in key else "?")].append(
                item_size(after))
        if not succeeded:
            return
        for index in INDEXES:
            old, new = index_key(before, index), index_key(after, index)
            if old and new and old == new:
                units = write_units(size)
            else:
                units = (write_units(item_size(before)) if old else 0) + (write_units(item_size(after)) if new else 0)
            self.add("dynamodb write units (indexes)", units)

    def bill_read(self, byte_count, consistent):
        self.add("dynamodb read units", max(1, math.ceil(byte_count / 4096)) * (1 if consistent else 0.5))


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        target = self.headers.get("X-Amz-Target")
        if target:
            operation = target.split(".")[-1]
        else:
            fields = dict(p.split("=", 1) for p in body.decode().split("&") if "=" in p)
            operation = fields.get("Action", "?")
        scope = self.headers.get("Authorization", "").split("Credential=")[-1].split(",")[0].split("/")
        service = scope[3] if len(scope) > 3 else "?"
        with self.server.lock:
            self.server.counts[(service, operation)] += 1
        request = json.loads(body) if target and body else {}
        if service == "monitoring" and operation == "GetMetricData":
            self.server.add("cloudwatch metrics requested", len(request.get("MetricDataQueries", [])))
        if service == "sns" and operation == "Publish":
            self.server.add("sns publishes (64 KB chunks)", max(1, math.ceil(len(body) / 65536)))
        before = {}
        if service == "dynamodb":
            before = self.items_written(operation, request)
            if operation in ("PutItem", "GetItem", "Query", "UpdateItem", "BatchWriteItem"):
                request["ReturnConsumedCapacity"] = "TOTAL"
                body = json.dumps(request).encode()
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port, timeout=600)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "content-length")}
        upstream.request("POST", self.path, body=body, headers=headers)
        reply = upstream.getresponse()
        data = reply.read()
        if service == "dynamodb":
            self.bill(operation, request, before, reply.status, data)
        self.send_response(reply.status)
        for key, value in reply.getheaders():
            if key.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    def items_written(self, operation, request):
        """The items a write will replace, by table and key, read before it is forwarded."""
        writes = []
        if operation == "PutItem":
            writes.append((request["TableName"], {k: request["Item"][k] for k in ("pk", "sk")}))
        elif operation == "UpdateItem":
            writes.append((request["TableName"], request["Key"]))
        elif operation == "BatchWriteItem":
            for table, entries in request["RequestItems"].items():
                for entry in entries:
                    if "PutRequest" in entry:
                        writes.append((table, {k: entry["PutRequest"]["Item"][k] for k in ("pk", "sk")}))
        return {json.dumps(key, sort_keys=True): (table, key, self.server.stored(table, key)) for table, key in writes}

    def bill(self, operation, request, before, status, data):
        reply = json.loads(data) if data else {}
        reported = reply.get("ConsumedCapacity")
        for capacity in reported if isinstance(reported, list) else [reported] if reported else []:
            self.server.add("moto reports (ConsumedCapacity)", capacity.get("CapacityUnits", 0))
        succeeded = status == 200
        if operation in ("PutItem", "UpdateItem", "BatchWriteItem"):
            unprocessed = json.dumps(reply.get("UnprocessedItems", {}))
            for key_text, (table, key, old) in before.items():
                if operation == "BatchWriteItem" and key_text.strip("{}") in unprocessed:
                    continue
                new = self.server.stored(table, key) if succeeded else old
                self.server.bill_write(operation, table, key, old, new, succeeded)
        elif operation == "GetItem":
            self.server.bill_read(item_size(reply.get("Item")), request.get("ConsistentRead", False))
        elif operation == "Query":
            consistent = request.get("ConsistentRead", False) and "IndexName" not in request
            self.server.bill_read(sum(item_size(item) for item in reply.get("Items", [])), consistent)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--aiops", required=True)
    parser.add_argument("--moto-server", required=True)
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--points", type=int, default=3)
    parser.add_argument("--model", choices=["forest", "trained", "none"], default="forest",
                        help="forest: a default.json Isolation Forest from `aiops train --instance-id` on one "
                             "instance's day (no horizon to read: moto's GetMetricData stays within the client's "
                             "timeout at 1,000 instances); trained: the same day warming the `default` detector; "
                             "none: each series' detector warmed on its own 35-day horizon (the functions' "
                             "default, but moto cannot answer 1,000 such queries in time)")
    parser.add_argument("--spike-every", type=int, default=100,
                        help="one instance in this many spikes, with error lines in its logs (0: a quiet cycle)")
    args = parser.parse_args()

    moto_port = free_port()
    moto = subprocess.Popen(
        [args.moto_server, "-H", "127.0.0.1", "-p", str(moto_port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        run(args, moto_port)
    finally:
        moto.terminate()
        moto.wait()


def run(args, moto_port):
    endpoint = f"http://127.0.0.1:{moto_port}"
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", moto_port, timeout=1).request("GET", "/moto-api/data.json")
            break
        except OSError:
            time.sleep(0.1)
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    # moto on a loaded machine can take minutes to store 1,000 datapoints: no read timeout to trip.
    patient = botocore.config.Config(read_timeout=900, retries={"max_attempts": 1})
    ec2 = session.client("ec2", endpoint_url=endpoint, config=patient)
    cloudwatch = session.client("cloudwatch", endpoint_url=endpoint, config=patient)
    logs = session.client("logs", endpoint_url=endpoint, config=patient)

    started = time.monotonic()
    ids = []
    while len(ids) < args.instances:
        count = min(500, args.instances - len(ids))
        reply = ec2.run_instances(
            ImageId="ami-12345678", MinCount=count, MaxCount=count,
            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "aiops:monitor", "Value": "true"}]}])
        ids += [i["InstanceId"] for i in reply["Instances"]]
    now = datetime.now(timezone.utc)
    period = now.replace(second=0, microsecond=0) - timedelta(minutes=now.minute % 5)
    data = []
    for n, instance in enumerate(ids):
        steps = 288 if n == 0 else args.points
        for step in range(steps):
            spike = args.spike_every > 0 and n % args.spike_every == 1 and step <= 2
            value = 97.0 if spike else 25 + 8 * math.sin(step / 12) + (step * 37 % 11) / 2
            data.append({
                "MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": instance}],
                "Timestamp": period - timedelta(minutes=5 * step), "Value": value})
    for start in range(0, len(data), 1000):
        cloudwatch.put_metric_data(Namespace="AWS/EC2", MetricData=data[start:start + 1000])
    # The analysis stage reads the anomalous instances' streams: error lines on the spiking ones.
    logs.create_log_group(logGroupName="/aiops/app")
    millis = int(time.time() * 1000)
    for n, instance in enumerate(ids):
        if args.spike_every > 0 and n % args.spike_every == 1:
            stream = f"{instance}/errors"
            logs.create_log_stream(logGroupName="/aiops/app", logStreamName=stream)
            logs.put_log_events(logGroupName="/aiops/app", logStreamName=stream, logEvents=[
                {"timestamp": millis - k * 60_000, "message": f"ERROR java.lang.OutOfMemoryError in worker {k}"}
                for k in range(12, 0, -1)])
    print(f"seeded {len(ids)} instances and {len(data)} datapoints in {time.monotonic() - started:.1f} s",
          file=sys.stderr)

    models = tempfile.mkdtemp(prefix="aiops-bench-models-")
    environment = dict(
        os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null", AIOPS_MODEL_DIR=models, AIOPS_AWS_TIMEOUT_SECONDS="90",
        AIOPS_LOG_GROUPS="/aiops/app")
    subprocess.run([args.aiops, "aws-setup"], env=environment, check=True, stdout=subprocess.DEVNULL)
    if args.model != "none":
        forest = ["--detector", "isolation-forest", "--contamination", "0.01"] if args.model == "forest" else []
        subprocess.run(
            [args.aiops, "train", "--instance-id", ids[0], "--days", "1", *forest,
             "--out", os.path.join(models, "default.json")],
            env=environment, check=True, stderr=subprocess.DEVNULL)

    proxy = CountingProxy(moto_port, session.client("dynamodb", endpoint_url=endpoint, config=patient))
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    environment["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{proxy.server_address[1]}"
    started = time.monotonic()
    usage = os.times()
    cycle = subprocess.run(
        [args.aiops, "detect", "--once"], env=environment, capture_output=True, text=True)
    wall = time.monotonic() - started
    cpu = (os.times().children_user - usage.children_user) + (os.times().children_system - usage.children_system)
    proxy.shutdown()
    if cycle.returncode != 0:
        print(cycle.stderr, file=sys.stderr)
        sys.exit(cycle.returncode)
    figures = json.loads(cycle.stdout)
    print(f"one detection cycle, {args.instances} instances, against moto (through a counting proxy)")
    print(f"wall time: {wall:.1f} s (detect {figures.get('detectSeconds', 0):.1f} s, "
          f"upkeep {figures.get('maintenanceSeconds', 0):.1f} s); aiops CPU {cpu:.1f} s")
    print(f"instances {figures.get('instances')}, series scored {figures.get('seriesScored')}, "
          f"anomalies {figures.get('anomalies')}, incidents opened {figures.get('incidentsOpened')}")
    print("API calls per service and operation:")
    for (service, operation), count in sorted(proxy.counts.items(), key=lambda item: (item[0][0], -item[1])):
        print(f"  {service:<11} {operation:<22} {count:>6}")
    print(f"  {'total':<34} {sum(proxy.counts.values()):>6}")
    print("what the cycle bills:")
    for name, amount in sorted(proxy.units.items()):
        print(f"  {name:<34} {amount:>9.1f}")
    print("DynamoDB items written (operation, kind: count, mean and max bytes):")
    for (operation, kind), sizes in sorted(proxy.item_sizes.items()):
        print(f"  {operation:<15} {kind:<10} {len(sizes):>5} {sum(sizes) / len(sizes):>7.0f} {max(sizes):>6}")
    cycles = 8640
    prices = {  # us-east-1 list prices, 2026-12
        "cloudwatch metrics requested": 0.01 / 1000, "dynamodb write units (table)": 0.625 / 1e6,
        "dynamodb write units (indexes)": 0.625 / 1e6, "dynamodb read units": 0.125 / 1e6,
        "sns publishes (64 KB chunks)": 0.50 / 1e6}
    print(f"a month of such cycles ({cycles}, every 5 minutes for 30 days), list prices:")
    total = 0.0
    for name, price in prices.items():
        dollars = proxy.units[name] * cycles * price
        total += dollars
        print(f"  {name:<34} {proxy.units[name] * cycles:>14,.0f} × ${price:.3g} = ${dollars:,.2f}")
    print(f"  {'total':<34} ${total:,.2f}")


if __name__ == "__main__":
    main()
