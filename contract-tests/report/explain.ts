// Every failure explains itself: the rule, what was expected, what came back, where, and how to replay it.
import type { Violation } from '../../openapi/conformance/types';
import type { CaseResult } from '../run/run-cases';
import { toCurl } from './curl';

export function explainViolation(v: Violation): string {
  return [
    `${v.severity === 'error' ? '✗' : '!'} ${v.check}: ${v.message}`,
    `    Expected: ${v.expected}`,
    `    Received: ${v.received}`,
    `    At: ${v.pointer === '' ? '(the whole body)' : v.pointer}`,
  ].join('\n');
}

export function explainResult(result: CaseResult): string {
  const { case: c, exchange } = result;
  const lines = [`${c.method} ${c.path} — ${c.title} (case "${c.id}")`];
  for (const v of [...result.violations, ...result.notes]) lines.push(explainViolation(v));
  if (result.reason) lines.push(`  ${result.outcome}: ${result.reason}`);
  if (exchange) {
    lines.push(`  Response time: ${exchange.ms.toFixed(0)} ms`);
    lines.push(`  Reproduce with: ${toCurl(c, exchange.request)}`);
  }
  return lines.join('\n');
}
