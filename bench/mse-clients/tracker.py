# A tracker that hands every downloader one peer, the gateway (127.0.0.1:6881), and the seeders none.
import http.server, urllib.parse, socket, struct
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        port = int(q.get('port', ['0'])[0])
        peers = b'' if port in (7001, 7002) else socket.inet_aton('127.0.0.1') + struct.pack('>H', 6881)
        body = b'd8:intervali60e5:peers%d:%se' % (len(peers), peers)
        self.send_response(200); self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', 7999), H).serve_forever()
