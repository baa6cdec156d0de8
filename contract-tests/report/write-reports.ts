// The report files: the matrix as Markdown and JSON, and JUnit, all from one set of results, every secret
// scrubbed. They belong to the run that wrote them: a run removes them before it starts.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult } from '../run/run-cases';
import { junitXml } from './junit';
import { type ContractReport, reportMarkdown } from './matrix';
import { redactSecrets } from './redact';

export const REPORT_FILES = { markdown: 'contract-matrix.md', json: 'contract-matrix.json', junit: 'junit.xml' };

/** Removes the kit's report files (and only those) from the report directory. */
export async function clearReports(dir: string): Promise<void> {
  await Promise.all(Object.values(REPORT_FILES).map((file) => rm(path.join(dir, file), { force: true })));
}

export async function writeReports(
  dir: string,
  report: ContractReport,
  results: CaseResult[],
  secrets: Array<string | undefined>,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [
    [path.join(dir, REPORT_FILES.markdown), reportMarkdown(report, results)],
    [path.join(dir, REPORT_FILES.json), `${JSON.stringify(report, null, 2)}\n`],
    [path.join(dir, REPORT_FILES.junit), junitXml(report, results)],
  ] as const;
  for (const [file, text] of files) await writeFile(file, redactSecrets(text, secrets));
  return files.map(([file]) => file);
}
