// npm run soak [-- --seconds N]: 60 s of mixed valid, invalid and forced-status load on the mock.
// Exit 0 when it holds (no unexpected 5xx, no socket error, RSS growth at most 20%), 1 otherwise.
import { parseArgs } from 'node:util';
import { describeSoak, soak } from './bench/soak-run';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, connections: { type: 'string', default: '50' } },
});

soak(Number(values.seconds), Number(values.connections)).then(
  (result) => {
    console.log(`soak: ${describeSoak(result)}`);
    console.log(`soak: ${result.holds ? 'holds' : 'does NOT hold'}`);
    process.exit(result.holds ? 0 : 1);
  },
  (error: unknown) => {
    console.error(`soak: ${(error as Error).message}`);
    process.exit(2);
  },
);
