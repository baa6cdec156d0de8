// The suite changes only what it created: a PUT or DELETE aimed at an id the run did not create is sent
// only when a GET shows no record there.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LAPSED_KEY } from '../mocks/options';
import { startTestMock } from '../mocks/test-support';
import { loadSpec } from '../openapi/spec';
import { deriveCases } from './cases/derive-cases';
import { negativeRequests } from './cases/negative';
import { buildReport } from './report/matrix';
import { replayCases, testConfig } from './test-support';

test('against a target where every id exists, only the records the run created are edited or deleted', async () => {
  const writes: string[] = [];
  const group = {
    id: 777,
    group_name: 'Made by the suite',
    created_at: '2024-08-04 08:23:45',
    updated_at: '2024-08-04 08:23:45',
  };
  const server = createServer((req, res) => {
    req.resume();
    const reply = (status: number, data: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status, message: 'ok', data }));
    };
    if (req.method === 'PUT' || req.method === 'DELETE') writes.push(`${req.method} ${req.url}`);
    if (req.method === 'POST') return reply(201, { group });
    if (req.method === 'DELETE') {
      res.writeHead(204);
      return res.end();
    }
    return reply(200, { group: { ...group, id: 5 }, groups: [] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const spec = await loadSpec();
  const assumptions = { honoursPrefer: false, hasLapsedKey: false, writesAllowed: true, seed: 3 };
  const cases = deriveCases(spec, assumptions).filter(
    (c) => c.operationId.endsWith('CustomerGroup') || c.operationId === 'listCustomerGroups',
  );
  const config = testConfig(target, { allowWrites: true, spec: spec.file, seed: 3 });
  try {
    const run = await replayCases(spec, cases, assumptions, config);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((w) => !w.endsWith('/customer-groups/777'))).toEqual([]);
    const skipped = run.results.filter((r) => r.reason?.startsWith('not sent: GET'));
    expect(skipped.map((r) => r.case.id)).toEqual(
      expect.arrayContaining(['deleteCustomerGroup 404 missing', 'editCustomerGroup 404 missing']),
    );
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('a target seeded with the docs’ records, without Prefer, given a lapsed key: every cell is exercised but those only a forced answer reaches, and the coverage says why', async () => {
  const mock = await startTestMock({ stateful: true });
  try {
    const spec = await loadSpec();
    // A real server: Prefer is not honoured, so nothing is forced; the 402s come from the lapsed key.
    const assumptions = { honoursPrefer: false, hasLapsedKey: true, writesAllowed: true, seed: 5 };
    const config = testConfig(mock.baseUrl, { allowWrites: true, seed: 5, lapsedKey: DEFAULT_LAPSED_KEY });
    const run = await replayCases(spec, deriveCases(spec, assumptions), assumptions, config);
    const { coverage } = buildReport(
      {
        target: mock.baseUrl,
        startedAt: new Date(0).toISOString(),
        seed: 5,
        kitVersion: '0',
        spec: spec.file,
        filters: { operations: [] },
        honoursPrefer: false,
        writesAllowed: true,
        readOnly: false,
      },
      spec.operations,
      run,
    ).summary;
    // Derived from the spec: only the 500s, a create's second success code and the 400s of operations with no
    // input the spec forbids (a fetch by a string id) need a forced answer; no cell is left for want of a record.
    const noForbiddenInput = spec.operations.filter(
      (op) => '400' in op.responses && negativeRequests(op).length === 0,
    ).length;
    const forcedOnly =
      noForbiddenInput +
      spec.operations.reduce(
        (n, op) =>
          n +
          Object.keys(op.responses).filter(
            (code) =>
              code.startsWith('5') ||
              (code.startsWith('2') &&
                code !==
                  Object.keys(op.responses)
                    .filter((c) => c.startsWith('2'))
                    .sort()[0]),
          ).length,
        0,
      );
    expect(run.results.filter((r) => r.outcome === 'failed').map((r) => r.case.id)).toEqual([]);
    expect(coverage.documented - coverage.exercised).toBe(forcedOnly);
    expect(coverage.unreached.reduce((n, u) => n + u.cells, 0)).toBe(forcedOnly);
    expect(coverage.unreached.map((u) => u.reason).sort()).toEqual([
      'a healthy server cannot be made to fail on demand',
      'no request the spec forbids can be built for it',
      expect.stringMatching(/^the server chooses between 200 and 201/),
    ]);
    // Every 402 is reached on the run's own records, edits and deletes included.
    const lapsed = run.results.filter((r) => r.case.kind === 'lapsed');
    expect(lapsed.length).toBe(spec.operations.filter((op) => '402' in op.responses).length);
    expect(lapsed.every((r) => r.outcome === 'passed')).toBe(true);
  } finally {
    await mock.close();
  }
});
