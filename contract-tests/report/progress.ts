// Progress while the replay runs: one updating line on a terminal, one line per case in CI logs.
import type { CaseResult, Outcome } from '../run/run-cases';

export interface Progress {
  record(result: CaseResult): void;
  finish(): void;
}

export interface Out {
  write(text: string): boolean;
  isTTY?: boolean;
}

const MARK: Record<Outcome, string> = {
  passed: '✓ passed      ',
  failed: '✗ FAILED      ',
  'not-provoked': '- not provoked',
  waived: '~ waived      ',
};

export function createProgress(total: number, out: Out, tty = Boolean(out.isTTY) && !process.env.CI): Progress {
  let done = 0;
  let failed = 0;
  return {
    record(result) {
      done += 1;
      const setup = result.case.role === 'setup';
      if (result.outcome === 'failed' && !setup) failed += 1;
      const mark = `${MARK[result.outcome]}${setup ? ' (set-up)' : ''}`;
      const ms = result.exchange ? ` ${Math.round(result.exchange.ms)} ms` : '';
      if (tty) {
        out.write(`\r\x1b[2K[${done}/${total}] ${failed} failed so far · ${result.case.id}`);
      } else {
        out.write(`[${done}/${total}] ${mark} ${result.case.id}${ms}\n`);
      }
    },
    finish() {
      if (tty && done > 0) out.write('\r\x1b[2K');
    },
  };
}
