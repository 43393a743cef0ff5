#!/usr/bin/env python3
"""Benchmark (not a test): one `aiops detect --once` cycle over N instances (1,000 by default)
against moto's server, through a counting proxy. Prints the AWS API calls per operation and the
cycle's wall time.

The fleet: N running instances with the monitor tag, the last few 5-minute CPUUtilization points
each (--points, 3 by default: the fleet model scores from the first point, and moto's
GetMetricData costs queries x periods x datapoints, so hours of history for 1,000 instances take
it past the client's 90-second read timeout), a spike on the last points of 1 in 100 of them, and
a fleet model (default.json) trained by `aiops train --instance-id` on one instance's day.

    scripts/bench/aws-cycle.sh [--instances N]      (builds aiops, then runs this)
    python3 scripts/bench/aws_cycle.py --aiops PATH --moto-server PATH [--instances N]
"""
import argparse
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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CountingProxy(http.server.ThreadingHTTPServer):
    """Forwards every request to moto and counts it by API operation."""

    daemon_threads = True

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.counts = collections.Counter()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), ProxyHandler)


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
        with self.server.lock:
            self.server.counts[operation] += 1
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port, timeout=600)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "content-length")}
        upstream.request("POST", self.path, body=body, headers=headers)
        reply = upstream.getresponse()
        data = reply.read()
        self.send_response(reply.status)
        for key, value in reply.getheaders():
            if key.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--aiops", required=True)
    parser.add_argument("--moto-server", required=True)
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--points", type=int, default=3)
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
    ec2 = session.client("ec2", endpoint_url=endpoint)
    cloudwatch = session.client("cloudwatch", endpoint_url=endpoint)

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
            spike = n % 100 == 1 and step <= 2
            value = 97.0 if spike else 25 + 8 * math.sin(step / 12) + (step * 37 % 11) / 2
            data.append({
                "MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": instance}],
                "Timestamp": period - timedelta(minutes=5 * step), "Value": value})
    for start in range(0, len(data), 1000):
        cloudwatch.put_metric_data(Namespace="AWS/EC2", MetricData=data[start:start + 1000])
    print(f"seeded {len(ids)} instances and {len(data)} datapoints in {time.monotonic() - started:.1f} s",
          file=sys.stderr)

    models = tempfile.mkdtemp(prefix="aiops-bench-models-")
    environment = dict(
        os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null", AIOPS_MODEL_DIR=models, AIOPS_AWS_TIMEOUT_SECONDS="90")
    subprocess.run([args.aiops, "aws-setup"], env=environment, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [args.aiops, "train", "--instance-id", ids[0], "--days", "1", "--out", os.path.join(models, "default.json")],
        env=environment, check=True, stderr=subprocess.DEVNULL)

    proxy = CountingProxy(moto_port)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    environment["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{proxy.server_address[1]}"
    started = time.monotonic()
    cycle = subprocess.run(
        [args.aiops, "detect", "--once"], env=environment, capture_output=True, text=True)
    wall = time.monotonic() - started
    proxy.shutdown()
    if cycle.returncode != 0:
        print(cycle.stderr, file=sys.stderr)
        sys.exit(cycle.returncode)
    figures = json.loads(cycle.stdout)
    print(f"one detection cycle, {args.instances} instances, against moto (through a counting proxy)")
    print(f"wall time: {wall:.1f} s (detect {figures.get('detectSeconds', 0):.1f} s, "
          f"upkeep {figures.get('maintenanceSeconds', 0):.1f} s)")
    print(f"instances {figures.get('instances')}, series scored {figures.get('seriesScored')}, "
          f"anomalies {figures.get('anomalies')}, incidents opened {figures.get('incidentsOpened')}")
    print("API calls per operation:")
    for operation, count in sorted(proxy.counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {operation:<22} {count:>6}")
    print(f"  {'total':<22} {sum(proxy.counts.values()):>6}")


if __name__ == "__main__":
    main()
