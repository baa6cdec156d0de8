// The validating proxy: a conformant upstream gives no violation; each deviant upstream gives exactly its own.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Case } from '../contract-tests/cases/case';
import { deriveCases } from '../contract-tests/cases/derive-cases';
import { type Deviation, startDeviantServer } from '../contract-tests/fixtures/deviant-server';
import { DEVIATIONS } from '../contract-tests/fixtures/deviations';
import { CUSTOMER_GROUP_OPERATIONS, replayCases, testConfig } from '../contract-tests/test-support';
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import type { RecordedViolation } from './proxy';
import type { RunningMock } from './server';
import { AUTH, KEY, startTestMock } from './test-support';

const OPERATIONS = CUSTOMER_GROUP_OPERATIONS;
const ASSUMPTIONS = { honoursPrefer: true, hasLapsedKey: false, writesAllowed: true, seed: 5 };

// What a proxy can see: the shape of answers. Deviations in what the server decides (auth not enforced, a 200
// for a missing record, slowness) need a request built to provoke them: the contract suite's job.
const NOT_VISIBLE_TO_A_PROXY = new Set([
  'auth not enforced',
  'a wrong key accepted',
  '404 answered 200',
  'an answer slower than the timeout',
]);

let upstream: RunningMock;
let spec: LoadedSpec;
let cases: Case[];
beforeAll(async () => {
  spec = await loadSpec();
  upstream = await startTestMock({ stateful: true });
  cases = deriveCases(spec, ASSUMPTIONS).filter((c) => OPERATIONS.includes(c.operationId));
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

async function throughProxy(upstreamBaseUrl: string) {
  const lines: string[] = [];
  const proxy = await startTestMock({ proxy: upstreamBaseUrl, quiet: false, log: (line) => lines.push(line) });
  try {
    const run = await replayCases(spec, cases, ASSUMPTIONS, testConfig(proxy.baseUrl, { timeoutMs: 10_000 }));
    const answer = await fetch(`${proxy.origin}/__mock/violations`);
    const { data } = (await answer.json()) as { data: { count: number; violations: RecordedViolation[] } };
    const headers = run.results.map((r) => r.exchange?.response?.headers['x-xtrakit-violations']);
    return { data, lines, headers };
  } finally {
    await proxy.close();
  }
}

test('a conformant upstream (the mock): every answer checked, no violation, and the key in no log line', async () => {
  const { data, lines, headers } = await throughProxy(upstream.baseUrl);
  expect(data.count).toBe(0);
  expect(headers.length).toBeGreaterThan(0);
  expect(headers.every((h) => h === '0')).toBe(true);
  expect(lines.filter((l) => l.startsWith('VIOLATION'))).toEqual([]);
  expect(lines.join('\n')).not.toContain(KEY);
});

test.each(DEVIATIONS.filter((d) => !NOT_VISIBLE_TO_A_PROXY.has(d.name)).map((d) => [d.name, d] as const))(
  'an upstream with %s: the proxy reports exactly its violation',
  async (_name, deviation: Deviation) => {
    const fixture = await startDeviantServer(upstream.baseUrl, deviation);
    try {
      const { data, lines } = await throughProxy(fixture.baseUrl);
      expect([...new Set(data.violations.map((v) => v.check))].sort()).toEqual([...deviation.expected].sort());
      const violationLines = lines.filter((l) => l.startsWith('VIOLATION '));
      expect(violationLines).toHaveLength(data.count);
      expect(violationLines[0]).toMatch(
        /^VIOLATION [a-z-]+ (GET|POST|PUT|DELETE) \/api\/v1\/customer-groups\S* \d{3}: /,
      );
    } finally {
      await fixture.close();
    }
  },
);

test('the proxy serves the /api/v1 base path that Prism’s own proxy cannot, forwarding the key', async () => {
  const proxy = await startTestMock({ proxy: upstream.baseUrl });
  try {
    const answer = await fetch(`${proxy.baseUrl}/customer-groups/1`, { headers: AUTH });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-xtrakit-violations')).toBe('0');
    const refused = await fetch(`${proxy.baseUrl}/customer-groups/1`);
    expect(refused.status).toBe(401);
  } finally {
    await proxy.close();
  }
});

test('a path or method the contract does not have is forwarded, and reported as undocumented-operation', async () => {
  const lines: string[] = [];
  const proxy = await startTestMock({ proxy: upstream.baseUrl, quiet: false, log: (line) => lines.push(line) });
  try {
    for (const [method, path] of [
      ['GET', '/unicorns'],
      ['PATCH', '/customers/add'],
    ] as const) {
      const answer = await fetch(`${proxy.baseUrl}${path}`, { method, headers: AUTH });
      expect(answer.headers.get('x-xtrakit-violations')).toBe('1');
    }
    const { data } = (await (await fetch(`${proxy.origin}/__mock/violations`)).json()) as {
      data: { violations: RecordedViolation[] };
    };
    expect(data.violations.map((v) => [v.check, v.method, v.path])).toEqual([
      ['undocumented-operation', 'GET', '/api/v1/unicorns'],
      ['undocumented-operation', 'PATCH', '/api/v1/customers/add'],
    ]);
    expect(lines.filter((l) => l.startsWith('VIOLATION undocumented-operation'))).toHaveLength(2);
  } finally {
    await proxy.close();
  }
});

/** A standalone upstream on loopback: `answer` writes whatever it writes. */
async function upstreamThat(
  answer: (res: import('node:http').ServerResponse) => void,
): Promise<{ base: string; server: Server }> {
  const server = createServer((_req, res) => answer(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`, server };
}

test('an upstream that trickles its answer: the client gets a 504 envelope at the deadline, not a wait', async () => {
  const timers: NodeJS.Timeout[] = [];
  const slow = await upstreamThat((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"status":200,');
    timers.push(setInterval(() => res.write(' '), 200));
  });
  const proxy = await startTestMock({ proxy: slow.base, upstreamTimeoutMs: 3_000 });
  try {
    const answer = await fetch(`${proxy.baseUrl}/customers`, { headers: AUTH });
    expect(answer.status).toBe(504);
    expect(((await answer.json()) as { data: { code: string } }).data.code).toBe('UPSTREAM_TIMEOUT');
  } finally {
    for (const t of timers) clearInterval(t);
    await proxy.close();
    slow.server.closeAllConnections();
    await new Promise((resolve) => slow.server.close(resolve));
  }
});

test('an upstream answer over the bound is passed through whole, flagged too large to check', async () => {
  const body = JSON.stringify({ status: 200, message: 'x', data: { pad: 'a'.repeat(2 * 1024 * 1024) } });
  const big = await upstreamThat((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  const proxy = await startTestMock({ proxy: big.base, maxUpstreamBytes: 1024 * 1024 });
  try {
    const answer = await fetch(`${proxy.baseUrl}/customers`, { headers: AUTH });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-xtrakit-violations')).toBe('1');
    expect(await answer.text()).toBe(body);
    const { data } = (await (await fetch(`${proxy.origin}/__mock/violations`)).json()) as {
      data: { violations: RecordedViolation[] };
    };
    expect(data.violations.map((v) => [v.check, v.status])).toEqual([['body-is-json', 200]]);
    expect(data.violations[0]?.message).toMatch(/larger than/);
  } finally {
    await proxy.close();
    big.server.closeAllConnections();
    await new Promise((resolve) => big.server.close(resolve));
  }
});

test('past the bound the answer is streamed: the client reads it before the upstream has finished', async () => {
  const MiB = 1024 * 1024;
  let finish: () => void = () => undefined;
  let upstreamEnded = false;
  const big = await upstreamThat((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(`{"status":200,"message":"x","data":{"pad":"${'a'.repeat(2 * MiB)}`);
    const end = () => {
      if (upstreamEnded) return;
      upstreamEnded = true;
      res.end('"}}');
    };
    finish = end;
    // Ends by itself in any case, so a proxy that buffered fails this test instead of hanging it.
    setTimeout(end, 20_000).unref();
  });
  const proxy = await startTestMock({ proxy: big.base, maxUpstreamBytes: MiB });
  try {
    const answer = await fetch(`${proxy.baseUrl}/customers`, { headers: AUTH });
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    let endedBeforeTwoMiB: boolean | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      if (endedBeforeTwoMiB === undefined && received >= 2 * MiB) {
        endedBeforeTwoMiB = upstreamEnded;
        finish();
      }
    }
    expect(endedBeforeTwoMiB).toBe(false);
    expect(received).toBe(2 * MiB + '{"status":200,"message":"x","data":{"pad":""}}'.length);
  } finally {
    await proxy.close();
    big.server.closeAllConnections();
    await new Promise((resolve) => big.server.close(resolve));
  }
});
