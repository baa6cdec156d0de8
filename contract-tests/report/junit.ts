// JUnit XML, a view of the same results as the matrix: one testcase per case (set-up excluded), one testsuite
// per operation named like the Jest describe block; failed → <failure>, not provoked and waived → <skipped> with
// the reason; advisories in the testcase's <system-out>. CI systems read this file; Jest's own counts come from
// the same results. Its shape is junit.xsd beside this file (what Jenkins' JUnit readers accept), checked by the
// tests with xmllint and Python's xml.etree, never with the library that wrote it.
import { XMLBuilder } from 'fast-xml-parser';
import { describeName, testTitle } from '../cases/select';
import type { CaseResult } from '../run/run-cases';
import { explainResult } from './explain';
import type { ContractReport } from './matrix';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  suppressEmptyNode: true,
  // Without this the builder writes the attribute value "true" as a bare attribute (`value/>`): not XML.
  suppressBooleanAttributes: false,
});

/** Characters XML 1.0 cannot hold, which a target's answer may contain. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const clean = (text: string) => text.replace(NOT_XML, '\uFFFD');
const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

export function junitXml(report: ContractReport, results: CaseResult[]): string {
  const tests = results.filter((r) => r.case.role !== 'setup');
  const suites = new Map<string, CaseResult[]>();
  for (const r of tests) {
    const name = describeName(r.case);
    suites.set(name, [...(suites.get(name) ?? []), r]);
  }
  const count = (rs: CaseResult[], ...outcomes: string[]) => rs.filter((r) => outcomes.includes(r.outcome)).length;
  const { run } = report;
  const properties = {
    property: [
      { '@_name': 'target', '@_value': run.target },
      { '@_name': 'startedAt', '@_value': run.startedAt },
      { '@_name': 'seed', '@_value': String(run.seed) },
      { '@_name': 'kitVersion', '@_value': run.kitVersion },
      { '@_name': 'conformant', '@_value': String(report.summary.conformant) },
      { '@_name': 'finished', '@_value': String(report.summary.finished) },
      { '@_name': 'advisories', '@_value': String(report.summary.warnings) },
    ],
  };
  const advisories = (r: CaseResult) =>
    r.notes
      .filter((n) => n.severity === 'warning')
      .map((n) => `advisory ${n.check}: ${n.message}`)
      .join('\n');
  const totalMs = (rs: CaseResult[]) => rs.reduce((ms, r) => ms + (r.exchange?.ms ?? 0), 0);
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'XtraKit contract',
      '@_tests': tests.length,
      '@_failures': count(tests, 'failed'),
      '@_errors': 0,
      '@_time': seconds(report.summary.replayMs),
      testsuite: [...suites].map(([name, rs]) => ({
        '@_name': clean(name),
        '@_tests': rs.length,
        '@_failures': count(rs, 'failed'),
        '@_errors': 0,
        '@_skipped': count(rs, 'not-provoked', 'waived'),
        '@_time': seconds(totalMs(rs)),
        '@_timestamp': run.startedAt,
        properties,
        testcase: rs.map((r) => ({
          '@_classname': clean(name),
          '@_name': clean(testTitle(r.case)),
          '@_time': seconds(r.exchange?.ms),
          ...(r.outcome === 'failed'
            ? {
                failure: {
                  '@_message': clean(r.violations.map((v) => `${v.check}: ${v.message}`).join('; ')),
                  '@_type': r.violations[0]?.check ?? 'failed',
                  '#text': clean(explainResult(r)),
                },
              }
            : {}),
          ...(r.outcome === 'not-provoked' || r.outcome === 'waived'
            ? { skipped: { '@_message': clean(`${r.outcome}: ${r.reason ?? ''}`) } }
            : {}),
          ...(advisories(r) ? { 'system-out': clean(advisories(r)) } : {}),
        })),
      })),
    },
  };
  return builder.build(document) as string;
}
