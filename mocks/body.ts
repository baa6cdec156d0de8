// Reading a request body off a socket: bounded in size and in idle time, and never left half-read. What the body
// means (JSON, UTF-8, depth) is decided by json-body.ts, for every host alike.
import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import type { RawBody } from './core';

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export interface BodyLimits {
  /** Bytes. */
  limit: number;
  /** A body that stops arriving for this long is answered 408 (a stalled or trickling sender). */
  idleTimeoutMs: number;
}

export function readRawBody(req: IncomingMessage, { limit, idleTimeoutMs }: BodyLimits): Promise<RawBody> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        req.off('data', arm);
        resolve({ kind: 'timeout', idleMs: idleTimeoutMs });
      }, idleTimeoutMs);
    };
    req.on('data', arm);
    arm();
    getRawBody(req, { limit }).then(
      (raw) => {
        clearTimeout(timer);
        req.off('data', arm);
        resolve({ kind: 'bytes', bytes: raw });
      },
      (error: { type?: string }) => {
        clearTimeout(timer);
        req.off('data', arm);
        if (error.type === 'entity.too.large') resolve({ kind: 'too-large' });
        else if (error.type === 'request.size.invalid') resolve({ kind: 'short' });
        else resolve({ kind: 'aborted' });
      },
    );
  });
}
