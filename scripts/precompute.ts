// Build step (npm run build): precomputes the packaged contract's start-up work (see mocks/precomputed.ts).
import { PRECOMPUTED_FILE, writePrecomputed } from '../mocks/precomputed';

writePrecomputed().then(
  () => console.log(`precomputed ${PRECOMPUTED_FILE}`),
  (error: unknown) => {
    console.error(`precompute: ${(error as Error).message}`);
    process.exit(1);
  },
);
