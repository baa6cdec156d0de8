// The suite changes only what it created: a PUT or DELETE aimed at an id the run did not create is sent
// only when a GET shows no record there.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSpec } from '../openapi/spec';
import { deriveCases } from './cases/derive-cases';
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
