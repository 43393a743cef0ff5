#!/usr/bin/env python3
"""Cold start of `bootstrap`: from process start to its first handled event, against a Lambda
Runtime API on loopback (the figure for the Deploy section; a measurement, not a test).

Each run starts a fresh `bootstrap` (as Lambda does for a new execution environment), hands it
one event and times the moment its response is posted. Two functions are measured:

- `authorizer`: the runtime alone (process start, JSON logging, the Runtime API loop);
- `api` with GET /healthz: plus the AWS wiring and one DynamoDB call, against moto when it is
  installed in .venv (scripts/install-test-deps.sh), skipped otherwise.

With `--otlp URL` every run has tracing on (OTEL_EXPORTER_OTLP_ENDPOINT=URL, e.g. the loopback
`scripts/otlp-receiver.py`): the figure then includes the invocation span's export.

Usage: scripts/lambda-cold-start.py [--binary PATH] [--runs N] [--otlp URL]
(default binary: dist/package/bootstrap, else .build/release/bootstrap, else .build/debug/bootstrap)
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/2018-06-01/runtime/"


class RuntimeAPI:
    """Hands out one event, records when the response (or error) comes back."""

    def __init__(self, event):
        self.event = event
        self.handed = threading.Event()
        self.done = threading.Event()
        self.posted = None
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path != PREFIX + "invocation/next" or api.handed.is_set():
                    # The one event was handed out: hold the request until the process ends.
                    api.done.wait(120)
                    self.send_response(500)
                    self.end_headers()
                    return
                api.handed.set()
                body = json.dumps(api.event).encode()
                self.send_response(200)
                self.send_header("Lambda-Runtime-Aws-Request-Id", "cold-start-1")
                self.send_header("Lambda-Runtime-Deadline-Ms", str(int((time.time() + 60) * 1000)))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                api.posted = (time.monotonic(), self.path, body)
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()
                api.done.set()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def endpoint(self):
        return "127.0.0.1:%d" % self.server.server_address[1]

    def close(self):
        self.done.set()
        self.server.shutdown()


def measure(binary, handler, event, environment):
    api = RuntimeAPI(event)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "_HANDLER": handler,
           "AWS_LAMBDA_RUNTIME_API": api.endpoint, **environment}
    started = time.monotonic()
    process = subprocess.Popen([str(binary)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not api.done.wait(120):
            raise RuntimeError("%s: no response within 120 s" % handler)
        at, path, body = api.posted
        if not path.endswith("/response"):
            raise RuntimeError("%s: %s %s" % (handler, path, body))
        return (at - started) * 1000, body
    finally:
        process.terminate()
        process.wait()
        api.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto():
    moto = ROOT / ".venv" / "bin" / "moto_server"
    if not moto.exists():
        return None, None
    port = free_port()
    process = subprocess.Popen([str(moto), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, "http://127.0.0.1:%d" % port
        except OSError:
            time.sleep(0.1)
    process.terminate()
    return None, None


def create_table(url, name):
    """The table the api function reads (moto accepts unsigned calls)."""
    import urllib.request
    body = json.dumps({"TableName": name, "BillingMode": "PAY_PER_REQUEST",
                       "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                                {"AttributeName": "sk", "AttributeType": "S"}],
                       "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                     {"AttributeName": "sk", "KeyType": "RANGE"}]}).encode()
    request = urllib.request.Request(url + "/", data=body, method="POST", headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.CreateTable",
        "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/dynamodb/aws4_request, "
                         "SignedHeaders=host, Signature=0"})
    urllib.request.urlopen(request, timeout=30).read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--otlp", help="traces on: the OTLP/HTTP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT)")
    options = parser.parse_args()
    tracing = {"OTEL_EXPORTER_OTLP_ENDPOINT": options.otlp} if options.otlp else {}
    print("traces: %s" % (("on, to " + options.otlp) if options.otlp else "off"))
    candidates = [options.binary] if options.binary else [
        "dist/package/bootstrap", ".build/release/bootstrap", ".build/debug/bootstrap"]
    binary = next((ROOT / c for c in candidates if c and (ROOT / c).exists()), None)
    if binary is None:
        sys.exit("no bootstrap found (%s): run scripts/package-lambda.sh" % ", ".join(candidates))
    print("binary: %s (%d bytes)" % (binary.relative_to(ROOT) if binary.is_relative_to(ROOT) else binary,
                                     binary.stat().st_size))

    authorize = {"version": "2.0", "type": "REQUEST", "routeArn": "arn:aws:execute-api:us-east-1:1:a/$default/GET/",
                 "headers": {"authorization": "Bearer cold-start-token"}}
    runs = [measure(binary, "authorizer", authorize, {"AIOPS_API_TOKEN": "cold-start-token", **tracing})[0]
            for _ in range(options.runs)]
    print("authorizer: first event handled %.0f ms after process start (median of %d; min %.0f, max %.0f)"
          % (statistics.median(runs), len(runs), min(runs), max(runs)))

    moto, url = start_moto()
    if moto is None:
        print("api: skipped (moto_server not in .venv: scripts/install-test-deps.sh)")
        return
    try:
        create_table(url, "aiops-cold-start")
        aws = {"AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true", "AIOPS_TABLE": "aiops-cold-start",
               "AIOPS_ANOMALY_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:aiops-anomalies",
               "AIOPS_CRITICAL_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:aiops-critical-alerts"}
        health = {"version": "2.0", "routeKey": "$default", "rawPath": "/healthz", "rawQueryString": "",
                  "headers": {"host": "localhost"}, "isBase64Encoded": False,
                  "requestContext": {"requestId": "r", "http": {"method": "GET", "path": "/healthz"}}}
        results = [measure(binary, "api", health, {**aws, **tracing}) for _ in range(options.runs)]
        runs = [ms for ms, _ in results]
        print("api (GET /healthz, one DynamoDB call to moto): first event handled %.0f ms after process start "
              "(median of %d; min %.0f, max %.0f)" % (statistics.median(runs), len(runs), min(runs), max(runs)))
        print("api response: %s" % results[-1][1][:160])
    finally:
        moto.terminate()
        moto.wait()


if __name__ == "__main__":
    main()
