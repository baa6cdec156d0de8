import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Case } from './cases/case';
import { applyWaivers, loadWaivers, unknownWaivers } from './waivers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'waivers-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const aCase = (operationId: string, expectedStatus: number): Case =>
  ({ id: `${operationId} ${expectedStatus}`, operationId, expectedStatus, disposition: { kind: 'run' } }) as Case;

test('a waiver covers its operation and status, with its reason and check', async () => {
  const waivers = await loadWaivers(
    file(
      'ok.yaml',
      'waivers:\n  - operation: addCustomer\n    status: 201\n    check: status-code-conformance\n    reason: XtraKit answers creates with 200\n',
    ),
  );
  const [waived, other] = applyWaivers([aCase('addCustomer', 201), aCase('addCustomer', 400)], waivers);
  expect(waived?.disposition).toEqual({
    kind: 'waived',
    reason: 'XtraKit answers creates with 200',
    check: 'status-code-conformance',
  });
  expect(other?.disposition).toEqual({ kind: 'run' });
});

test('a not-provoked case stays not provoked', () => {
  const c = { ...aCase('x', 500), disposition: { kind: 'not-provoked' as const, reason: 'r' } };
  expect(applyWaivers([c], [{ operation: '*', reason: 'all' }])[0]?.disposition.kind).toBe('not-provoked');
});

test.each([
  ['no reason', 'waivers:\n  - operation: addCustomer\n'],
  ['an unknown check', 'waivers:\n  - operation: a\n    check: nope\n    reason: because\n'],
  ['not YAML', 'waivers: [\n'],
  ['an unknown key', 'waivers: []\nextra: 1\n'],
])('a waivers file with %s is rejected with a clear message', async (_name, text) => {
  await expect(loadWaivers(file(`${_name}.yaml`, text))).rejects.toThrow(/waivers file/);
});

test('waivers naming operations the spec does not have are reported', () => {
  expect(unknownWaivers([{ operation: 'addCustomr', reason: 'typo' }], ['addCustomer'])).toHaveLength(1);
});
