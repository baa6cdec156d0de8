// A body over the limit: the client, still uploading, reads the 413 envelope (a lingering close), and a raw
// upload that keeps sending gets its answer too.
import { connect } from 'node:net';
import type { RunningMock } from './server';
import { AUTH, startTestMock } from './test-support';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());

// Three times the 1 MiB limit: the client is still uploading when the 413 comes. (Twenty of 10 MiB, 200 MiB through
// loopback at once, could outlast the mock's 10 s discard window on a loaded 2-core machine.)
const OVER_LIMIT = Buffer.alloc(3 * 1024 * 1024, 'a');

test('20 of 20 fetch() uploads of 3 MiB get the 413 envelope with Connection: close', async () => {
  const answers = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const response = await fetch(`${mock.baseUrl}/customer-groups/add`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: OVER_LIMIT,
      });
      return { status: response.status, connection: response.headers.get('connection'), body: await response.json() };
    }),
  );
  for (const answer of answers) {
    expect(answer).toMatchObject({
      status: 413,
      connection: 'close',
      body: { status: 413, data: { code: 'BODY_TOO_LARGE' } },
    });
  }
});

test('a raw 5 MiB upload written in pieces gets the 413 and then a clean close', async () => {
  const { port } = new URL(mock.origin);
  const received = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    socket.write(
      `POST /api/v1/customer-groups/add HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH.authorization}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`,
    );
    const piece = Buffer.alloc(256 * 1024, 'b');
    let sent = 0;
    const more = () => {
      while (sent < 5 * 1024 * 1024) {
        sent += piece.length;
        if (!socket.write(piece)) return void socket.once('drain', more);
      }
    };
    more();
  });
  expect(received).toMatch(/^HTTP\/1\.1 413 /);
  expect(received).toContain('"code":"BODY_TOO_LARGE"');
});
