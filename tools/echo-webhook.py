#!/usr/bin/env python3
"""A webhook receiver for trying Switchboard out: prints every delivery and checks its signature.

    python3 tools/echo-webhook.py [port] [webhook_secret]

Answers 200 to every POST. With the channel's webhook_secret it verifies
X-Switchboard-Signature = sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>.
"""
import hashlib
import hmac
import http.server
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
SECRET = sys.argv[2] if len(sys.argv) > 2 else None


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        timestamp = self.headers.get("X-Switchboard-Timestamp", "")
        signature = self.headers.get("X-Switchboard-Signature", "")
        verdict = "not checked (no secret given)"
        if SECRET:
            expected = "sha256=" + hmac.new(SECRET.encode(), timestamp.encode() + b"." + body,
                                            hashlib.sha256).hexdigest()
            verdict = "VALID" if hmac.compare_digest(expected, signature) else "INVALID"
        print(f"--- delivery {self.headers.get('X-Switchboard-Delivery')} signature {verdict}")
        print(body.decode("utf-8", "replace"), flush=True)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"result":"ok"}')

    def log_message(self, *args):
        pass


print(f"listening on http://127.0.0.1:{PORT}/", flush=True)
http.server.HTTPServer(("127.0.0.1", PORT), Receiver).serve_forever()
