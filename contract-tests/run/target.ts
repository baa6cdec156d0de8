// What the suite learns about a target before deriving cases, and the misconfigurations it refuses up front
// with one line (exit 2) instead of a wall of failures: nothing there, not the API, /api/v1 missing, a refused
// key, a lapsed-account key that is not one. Then: does it honour `Prefer: code=NNN` (the kit's mock does)?
import type { LoadedSpec, Operation } from '../../openapi/spec';
import type { Exchange, Sender } from '../send/sender';

export class PreflightError extends Error {}

export function isLoopback(target: string): boolean {
  const host = new URL(target).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export interface PreflightInput {
  sender: Sender;
  target: string;
  spec: LoadedSpec;
  apiKey: string;
  lapsedKey?: string;
}

/** Throws a PreflightError saying what is wrong; resolves to whether the target honours `Prefer: code`. */
export async function preflight(
  input: PreflightInput,
): Promise<{ honoursPrefer: boolean; listsReflectWrites: boolean }> {
  const probes = readOnlyProbes(input.spec);
  const [first, second] = probes;
  if (!first) return { honoursPrefer: false, listsReflectWrites: true };
  let answer = await get(input, first, input.apiKey);
  judgeReachable(input, first, answer);
  // The key check is read-only and needs nothing: an answer that is not the API says the URL is wrong.
  if (status(answer) === 404 && second) {
    const other = await get(input, second, input.apiKey);
    if (status(other) !== 404 && isJson(other)) answer = other;
  }
  const probe = answer.request.url.slice(input.target.length);
  const code = status(answer);
  const said = `GET ${probe} answered ${code}`;
  if (code >= 300 && code < 400) {
    const location = answer.response?.headers.location;
    throw new PreflightError(
      `${input.target} redirects (${said}${location ? ` to ${location}` : ''}): give the URL the API answers at; the suite follows no redirect`,
    );
  }
  if (!isApiAnswer(answer)) {
    const type = answer.response?.headers['content-type'] ?? 'no content type';
    throw new PreflightError(
      `${input.target} is not the XtraKit API: ${said} with ${type}, not JSON (a web page or a proxy's error page?)${basePathHint(input)}`,
    );
  }
  if (code === 404) throw new PreflightError(`no XtraKit API at ${input.target}: ${said}${basePathHint(input)}`);
  if (code === 401)
    throw new PreflightError(
      `the API key was refused: ${said} (check XTRAKIT_API_KEY; with a wrong key every case would fail)`,
    );
  if (code === 402)
    throw new PreflightError(
      `the API key belongs to a lapsed account: ${said}; give an active account's key (a lapsed one goes in --lapsed-key)`,
    );
  if (input.lapsedKey !== undefined) {
    const lapsed = await get(input, first, input.lapsedKey);
    judgeReachable(input, first, lapsed);
    if (status(lapsed) !== 402)
      throw new PreflightError(
        `--lapsed-key is not a lapsed account's key: GET ${first.path} answered ${status(lapsed)} to it, not 402`,
      );
  }
  // The kit's own mock says its mode: in static mode its lists are the spec's examples, whatever a run writes.
  const listsReflectWrites = answer.response?.headers['x-xtrakit-mock'] !== 'static';
  return { honoursPrefer: await probeHonoursPrefer(input, first), listsReflectWrites };
}

/** GET operations that need no path parameter and no required query: the authentication check first. */
function readOnlyProbes(spec: LoadedSpec): Operation[] {
  const free = spec.operations.filter(
    (o) => o.method === 'get' && !o.path.includes('{') && !o.parameters.some((p) => p.required && p.in !== 'header'),
  );
  return [...free.filter((o) => /authenticat/i.test(o.path)), ...free.filter((o) => !/authenticat/i.test(o.path))];
}

function get(input: PreflightInput, op: Operation, key: string): Promise<Exchange> {
  return input.sender.send({
    method: 'GET',
    url: `${input.target}${op.path}`,
    headers: { accept: 'application/json', authorization: `Bearer ${key}` },
  });
}

function judgeReachable(input: PreflightInput, op: Operation, exchange: Exchange): void {
  if (exchange.error)
    throw new PreflightError(`cannot reach ${input.target}: ${exchange.error.message} (GET ${op.path})`);
}

const status = (exchange: Exchange) => exchange.response?.status ?? 0;

function isJson(exchange: Exchange): boolean {
  const text = exchange.response?.bodyText.trim() ?? '';
  if (text === '' || exchange.response?.truncated) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * An answer from the API, well-formed or not: JSON, or declared JSON (`application/json`, `…+json`) whose body is
 * cut short or broken. The second is the target's fault, for the cases to judge (`body-is-json`), not a wrong URL:
 * a web page or a proxy's error page declares HTML or text.
 */
function isApiAnswer(exchange: Exchange): boolean {
  if (isJson(exchange)) return true;
  const type = (exchange.response?.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

/** The spec's server URLs all end in the API's base path (`/api/v1`): say so when the target does not. */
function basePathHint(input: PreflightInput): string {
  const servers = (input.spec.document.servers ?? []).map((s) => {
    try {
      return new URL(s.url).pathname.replace(/\/+$/, '');
    } catch {
      return '';
    }
  });
  const basePath = servers.find((p) => p !== '');
  if (!basePath) return '';
  const path = new URL(input.target).pathname.replace(/\/+$/, '');
  if (path.endsWith(basePath)) return '';
  // The part of the base path the URL already ends in (`…/api` of `/api/v1`) is not repeated.
  let overlap = 0;
  for (let n = basePath.length; n > 0; n--) {
    const head = basePath.slice(0, n);
    if ((n === basePath.length || basePath[n] === '/') && path.endsWith(head)) {
      overlap = n;
      break;
    }
  }
  const base = new URL(input.target);
  base.pathname = `${path}${basePath.slice(overlap)}`;
  const suggestion = base.toString().replace(/\/+$/, '');
  return `; the URL does not end in ${basePath}, the API's base path: try --target ${suggestion}`;
}

/** Forces two different documented statuses on a read-only operation; a target that returns both honours Prefer. */
async function probeHonoursPrefer(input: PreflightInput, op: Operation): Promise<boolean> {
  const codes = Object.keys(op.responses)
    .filter((c) => /^[45]\d\d$/.test(c) && c !== '401')
    .slice(0, 2);
  if (codes.length < 2) return false;
  for (const code of codes) {
    const exchange = await input.sender.send({
      method: 'GET',
      url: `${input.target}${op.path}`,
      headers: { accept: 'application/json', authorization: `Bearer ${input.apiKey}`, prefer: `code=${code}` },
    });
    // The key was just accepted: a 401 now is the target refusing a valid key at random, which would fail or
    // skip cases at random. Said as such, instead of quietly reading it as "Prefer not honoured".
    if (status(exchange) === 401)
      throw new PreflightError(
        `the API key was accepted, then refused: GET ${op.path} accepted it, then answered 401 to the same key (with Prefer: code=${code}); a target that refuses a valid key now and then cannot be judged (a transient 401: check the target's auth and rate limits)`,
      );
    if (status(exchange) !== Number(code)) return false;
  }
  return true;
}
