#!/usr/bin/env python3
"""A loopback OTLP/HTTP trace receiver: decodes each export (http/protobuf, or http/json) with
the OpenTelemetry protobuf definitions (PyPI's opentelemetry-proto) and appends one JSON line per
span to the file named by its argument. Prints "listening on PORT" once it listens on 127.0.0.1
(port 0: a free one). Exits when its parent (the test) is gone. BootstrapTests.ServerlessChainTests
reads the spans of one incident through it; `python3 scripts/otlp-receiver.py spans.jsonl` also
shows what a local `aiops` exports (OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:PORT)."""
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

lock = threading.Lock()


def value(any_value):
    kind = any_value.WhichOneof("value")
    return getattr(any_value, kind) if kind else None


def attributes(pairs):
    """Values as text: strings as they are, numbers and booleans in their JSON form."""
    return {pair.key: text(value(pair.value)) for pair in pairs}


def text(item):
    return item if isinstance(item, str) else json.dumps(item)


def spans(request):
    for resource_spans in request.resource_spans:
        resource = attributes(resource_spans.resource.attributes)
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                yield {
                    "service": resource.get("service.name"),
                    "resource": resource,
                    "name": span.name,
                    "kind": span.kind,
                    "trace_id": span.trace_id.hex(),
                    "span_id": span.span_id.hex(),
                    "parent_span_id": span.parent_span_id.hex(),
                    "attributes": attributes(span.attributes),
                    "links": [
                        {
                            "trace_id": link.trace_id.hex(),
                            "span_id": link.span_id.hex(),
                            "attributes": attributes(link.attributes),
                        }
                        for link in span.links
                    ],
                }


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        request = ExportTraceServiceRequest()
        try:
            if self.path != "/v1/traces":
                raise ValueError(f"not the traces path: {self.path}")
            if self.headers.get("Content-Type", "").startswith("application/json"):
                json_format.Parse(body, request)
            else:
                request.ParseFromString(body)
        except Exception as error:  # a malformed export is the exporter's bug: say so, loudly
            self.send_response(400)
            self.end_headers()
            sys.stderr.write(f"undecodable export: {error}\n")
            return
        with lock, open(sys.argv[1], "a", encoding="utf-8") as out:
            # The export's own headers (x-…: a collector's API key), so a test sees them arrive.
            sent = {name.lower(): text for name, text in self.headers.items() if name.lower().startswith("x-")}
            for span in spans(request):
                out.write(json.dumps(dict(span, export_headers=sent)) + "\n")
        reply = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def watch_parent():
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


if __name__ == "__main__":
    # A parent's thread may have SIGTERM blocked, and the mask is inherited: stopping must work.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=watch_parent, daemon=True).start()
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()
