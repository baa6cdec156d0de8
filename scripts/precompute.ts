// Build step (npm run build): precomputes the packaged contract's start-up work (see mocks/precomputed.ts).
import path from 'node:path';
import { writePrecomputed } from '../mocks/precomputed';

writePrecomputed().then(
  (file) => console.log(`precomputed ${path.relative(process.cwd(), file)}`),
  (error: unknown) => {
    console.error(`precompute: ${(error as Error).message}`);
    process.exit(1);
  },
);
