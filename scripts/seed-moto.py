#!/usr/bin/env python3
"""Seeds a moto server for the docs/aws.md walk-through: two instances with the monitor tag (one
also with the remediation tag), 14 days of 5-minute CPUUtilization ending in a spike, and error
logs around the spike in the log group /aiops/app. Uses AWS_ENDPOINT_URL and prints the ids.

    AWS_ENDPOINT_URL=http://127.0.0.1:5000 .venv/bin/python scripts/seed-moto.py
"""
import json
import math
import os
import time
from datetime import datetime, timedelta, timezone

import boto3

endpoint = os.environ["AWS_ENDPOINT_URL"]
session = boto3.session.Session(
    aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
ec2 = session.client("ec2", endpoint_url=endpoint)
cloudwatch = session.client("cloudwatch", endpoint_url=endpoint)
logs = session.client("logs", endpoint_url=endpoint)

instances = {}
for name, tags in [("web-1", {"aiops:monitor": "true", "aiops:remediate": "true"}),
                   ("web-2", {"aiops:monitor": "true"})]:
    tags = dict(tags, Name=name)
    reply = ec2.run_instances(
        ImageId="ami-12345678", MinCount=1, MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance",
                            "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}])
    instances[name] = reply["Instances"][0]["InstanceId"]

now = datetime.now(timezone.utc)
period = now.replace(second=0, microsecond=0) - timedelta(minutes=now.minute % 5)
for instance in instances.values():
    data = []
    for step in range(14 * 288):
        value = 97.0 if step <= 2 else 25 + 8 * math.sin(step / 12) + (step * 37 % 11) / 2
        data.append({"MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": instance}],
                     "Timestamp": period - timedelta(minutes=5 * step), "Value": value})
    for start in range(0, len(data), 1000):
        cloudwatch.put_metric_data(Namespace="AWS/EC2", MetricData=data[start:start + 1000])

logs.create_log_group(logGroupName="/aiops/app")
millis = int(time.time() * 1000)
for instance in instances.values():
    stream = f"{instance}/messages"
    logs.create_log_stream(logGroupName="/aiops/app", logStreamName=stream)
    events = [{"timestamp": millis - (n * 300 + 1200) * 1000, "message": "INFO GET /health 200 in 3 ms"}
              for n in range(1, 25)]
    events += [{"timestamp": millis - n * 60_000,
                "message": f"ERROR java.lang.OutOfMemoryError: Java heap space in worker {n}"} for n in range(1, 13)]
    logs.put_log_events(logGroupName="/aiops/app", logStreamName=stream,
                        logEvents=sorted(events, key=lambda e: e["timestamp"]))

print(json.dumps(instances))
