// What the suite learns about a target before deriving cases: is it there, is it this machine,
// does it honour `Prefer: code=NNN` (the kit's mock does; a real server does not).
import type { LoadedSpec } from '../../openapi/spec';
import type { Sender } from '../send/sender';

export function isLoopback(target: string): boolean {
  const host = new URL(target).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export async function probeReachable(
  sender: Sender,
  target: string,
): Promise<{ ok: true } | { ok: false; why: string }> {
  const exchange = await sender.send({ method: 'GET', url: `${target}/`, headers: { accept: 'application/json' } });
  return exchange.error ? { ok: false, why: exchange.error.message } : { ok: true };
}

/** Forces two different documented statuses on a read-only operation; a target that returns both honours Prefer. */
export async function probeHonoursPrefer(
  sender: Sender,
  target: string,
  spec: LoadedSpec,
  apiKey: string,
): Promise<boolean> {
  const op = spec.operations.find((o) => o.method === 'get' && !o.path.includes('{'));
  if (!op) return false;
  const codes = Object.keys(op.responses)
    .filter((c) => /^[45]\d\d$/.test(c) && c !== '401')
    .slice(0, 2);
  if (codes.length < 2) return false;
  for (const code of codes) {
    const exchange = await sender.send({
      method: 'GET',
      url: `${target}${op.path}`,
      headers: { accept: 'application/json', authorization: `Bearer ${apiKey}`, prefer: `code=${code}` },
    });
    if (exchange.response?.status !== Number(code)) return false;
  }
  return true;
}
