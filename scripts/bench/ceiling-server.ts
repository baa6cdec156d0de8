// The machine's ceiling: a bare node:http server answering a fixed envelope to everything.
import { createServer } from 'node:http';

const payload = JSON.stringify({ status: 200, message: 'Customers found: 0', data: { customers: [] } });
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`ceiling listening at http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
