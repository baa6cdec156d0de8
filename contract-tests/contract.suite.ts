// The contract replay as Jest tests: one describe per operation, one test per case, declared from the results
// the replay decided once (see jest-view.ts). Run it through `npm run contract`, which replays the contract
// against the target first and hands the results to Jest in its globals.
import type { JestCase } from './jest-view';

const cases = (globalThis as Record<string, unknown>).xtrakitContractCases as JestCase[] | undefined;
if (!cases)
  throw new Error('contract.suite.ts is run by `npm run contract -- --target <url>`, which gives it the results');

const byDescribe = new Map<string, JestCase[]>();
for (const c of cases) byDescribe.set(c.describe, [...(byDescribe.get(c.describe) ?? []), c]);

for (const [name, group] of byDescribe) {
  describe(name, () => {
    for (const c of group) {
      if (c.outcome === 'passed') {
        test(c.title, () => undefined);
      } else if (c.outcome === 'failed') {
        test(c.title, () => {
          throw new Error(c.explanation);
        });
      } else {
        test.skip(c.title, () => undefined);
      }
    }
  });
}
