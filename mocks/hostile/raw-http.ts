// A deliberately dumb HTTP client for hostile tests: writes exactly the bytes it is given (optionally in
// paced chunks) and reads one response, with a deadline.
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  /** Written as is; several chunks are written `gapMs` apart. */
  chunks: Array<string | Buffer>;
  gapMs?: number;
}

export function sendRaw(
  port: number,
  request: RawRequest,
  deadlineMs: number,
): Promise<RawResponse | { error: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (result: RawResponse | { error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      resolve(result);
    };
    const deadline = setTimeout(() => finish({ error: `no complete answer within ${deadlineMs} ms` }), deadlineMs);
    const tryParse = (closed: boolean) => {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (closed) finish({ error: `connection closed without a response (${buffer.length} bytes)` });
        return;
      }
      const head = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1]);
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const length = Number(headers['content-length'] ?? (status === 204 || status === 304 ? 0 : Number.NaN));
      const body = buffer.subarray(end + 4);
      if (Number.isFinite(length) && body.length >= length) {
        finish({ status, headers, body: body.subarray(0, length).toString('utf8') });
      } else if (closed) {
        finish({ status, headers, body: body.toString('utf8') });
      }
    };
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      tryParse(false);
    });
    socket.on('end', () => tryParse(true));
    socket.on('close', () => tryParse(true));
    socket.on('error', () => tryParse(true));
    socket.on('connect', async () => {
      for (const [i, chunk] of request.chunks.entries()) {
        if (i > 0 && request.gapMs) await new Promise((r) => setTimeout(r, request.gapMs));
        if (settled || socket.destroyed) return;
        socket.write(chunk);
      }
    });
  });
}
