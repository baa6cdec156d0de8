// Writes the matrix as Markdown and JSON into the report folder, with every secret scrubbed.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult } from '../run/run-cases';
import { type ContractReport, reportMarkdown } from './matrix';
import { redactSecrets } from './redact';

export const REPORT_FILES = { markdown: 'contract-matrix.md', json: 'contract-matrix.json', junit: 'junit.xml' };

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
  ] as const;
  for (const [file, text] of files) await writeFile(file, redactSecrets(text, secrets));
  return files.map(([file]) => file);
}
