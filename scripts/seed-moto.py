#!/usr/bin/env python3
"""Seeds a moto server for the docs/aws.md walk-through: two instances with the monitor tag (one
also with the remediation tag), 14 days of 5-minute CPUUtilization ending in a spike, and error
logs around the spike in the log group /aiops/app. Uses AWS_ENDPOINT_URL and prints the ids.

    AWS_ENDPOINT_URL=http://127.0.0.1:5000 .venv/bin/python scripts/seed-moto.py

With --history-only the history is quiet (no spike, no error lines): train on it, then make the
fault happen with --spike '<the ids JSON it printed>', as the README's quick start does in a test.
"""
import json
import math
import os
import sys
import time
from datetime import datetime, timedelta, timezone

import boto3

endpoint = os.environ["AWS_ENDPOINT_URL"]
session = boto3.session.Session(
    aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
ec2 = session.client("ec2", endpoint_url=endpoint)
cloudwatch = session.client("cloudwatch", endpoint_url=endpoint)
logs = session.client("logs", endpoint_url=endpoint)

args = sys.argv[1:]
history_only = "--history-only" in args
spike_only = args[:1] == ["--spike"]


def cpu(instances, steps, value_at):
    for instance in instances.values():
        data = [{"MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": instance}],
                 "Timestamp": period - timedelta(minutes=5 * step), "Value": value_at(step)} for step in steps]
        for start in range(0, len(data), 1000):
            cloudwatch.put_metric_data(Namespace="AWS/EC2", MetricData=data[start:start + 1000])


def log_lines(instances, errors):
    millis = int(time.time() * 1000)
    for instance in instances.values():
        stream = f"{instance}/messages" if not errors else f"{instance}/errors"
        logs.create_log_stream(logGroupName="/aiops/app", logStreamName=stream)
        events = [{"timestamp": millis - (n * 300 + 1200) * 1000, "message": "INFO GET /health 200 in 3 ms"}
                  for n in range(1, 25)] if not errors else []
        if errors:
            events += [{"timestamp": millis - n * 60_000,
                        "message": f"ERROR java.lang.OutOfMemoryError: Java heap space in worker {n}"}
                       for n in range(1, 13)]
        logs.put_log_events(logGroupName="/aiops/app", logStreamName=stream,
                            logEvents=sorted(events, key=lambda e: e["timestamp"]))


now = datetime.now(timezone.utc)
period = now.replace(second=0, microsecond=0) - timedelta(minutes=now.minute % 5)


def quiet(step):
    return 25 + 8 * math.sin(step / 12) + (step * 37 % 11) / 2


if spike_only:
    # The fault after the quiet history: the last two periods at 97 % (the older of them is the one
    # a detection cycle run now judges: the newest is not settled yet), and the errors.
    instances = json.loads(args[1])
    cpu(instances, range(0, 2), lambda step: 97.0)
    log_lines(instances, errors=True)
    print(json.dumps(instances))
    sys.exit(0)

instances = {}
for name, tags in [("web-1", {"aiops:monitor": "true", "aiops:remediate": "true"}),
                   ("web-2", {"aiops:monitor": "true"})]:
    tags = dict(tags, Name=name)
    reply = ec2.run_instances(
        ImageId="ami-12345678", MinCount=1, MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance",
                            "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}])
    instances[name] = reply["Instances"][0]["InstanceId"]

if history_only:
    cpu(instances, range(2, 14 * 288), quiet)
else:
    cpu(instances, range(0, 14 * 288), lambda step: 97.0 if step <= 2 else quiet(step))
logs.create_log_group(logGroupName="/aiops/app")
log_lines(instances, errors=False)
if not history_only:
    log_lines(instances, errors=True)

print(json.dumps(instances))
