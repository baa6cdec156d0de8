// Progress while the replay runs: one updating line on a terminal, one line per case in CI logs.
import type { CaseResult } from '../run/run-cases';

export interface Progress {
  record(result: CaseResult): void;
  finish(): void;
}

interface Out {
  write(text: string): boolean;
  isTTY?: boolean;
}

export function createProgress(total: number, out: Out): Progress {
  let done = 0;
  let failed = 0;
  const tty = Boolean(out.isTTY) && !process.env.CI;
  return {
    record(result) {
      done += 1;
      if (result.outcome === 'failed') failed += 1;
      const mark = result.outcome === 'failed' ? '✗' : '✓';
      const ms = result.exchange ? ` ${Math.round(result.exchange.ms)} ms` : '';
      if (tty) {
        out.write(`\r\x1b[2K[${done}/${total}] ${failed} failed so far · ${mark} ${result.case.id}${ms}`);
      } else {
        out.write(
          `[${done}/${total}] ${mark} ${result.case.id}${ms}${failed > 0 ? ` (${failed} failed so far)` : ''}\n`,
        );
      }
    },
    finish() {
      if (tty && done > 0) out.write('\n');
    },
  };
}
