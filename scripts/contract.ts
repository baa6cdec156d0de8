// npm run contract -- --target <url>: replay the contract against a server.
// Exit 0 conformant, 1 violations, 2 usage error or unreachable target (one message, no wall of failures).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CommanderError } from 'commander';
import { runCLI } from 'jest';
import {
  type ContractConfig,
  type ContractFlags,
  contractCommand,
  ENV,
  resolveContractConfig,
  UsageError,
} from '../contract-tests/config';
import { preparePlan, senderFor, ToolError } from '../contract-tests/pipeline';
import type { ContractReport } from '../contract-tests/report/matrix';
import { REPORT_FILES } from '../contract-tests/report/write-reports';

const root = path.resolve(__dirname, '..');

function parse(argv: string[]): { config: ContractConfig; testNamePattern?: string } | number {
  const command = contractCommand();
  try {
    command.parse(argv, { from: 'user' });
    const flags = command.opts<ContractFlags>();
    return {
      config: resolveContractConfig(flags, process.env),
      ...(flags.testNamePattern ? { testNamePattern: flags.testNamePattern } : {}),
    };
  } catch (error) {
    if (
      error instanceof CommanderError &&
      (error.code === 'commander.helpDisplayed' || error.code === 'commander.help')
    ) {
      console.log(command.helpInformation());
      console.log('Exit codes: 0 conformant, 1 violations, 2 usage error or unreachable target.');
      return 0;
    }
    if (error instanceof CommanderError || error instanceof UsageError) {
      console.error(`contract: ${error.message.replace(/^error: /, '')} (see npm run contract -- --help)`);
      return 2;
    }
    throw error;
  }
}

async function main(): Promise<number> {
  const parsed = parse(process.argv.slice(2));
  if (typeof parsed === 'number') return parsed;
  const { config, testNamePattern } = parsed;

  const sender = senderFor(config);
  let planFile: string;
  let dir: string;
  try {
    const { plan } = await preparePlan(config, sender);
    dir = await mkdtemp(path.join(os.tmpdir(), 'xtrakit-contract-'));
    planFile = path.join(dir, 'plan.json');
    await writeFile(planFile, JSON.stringify(plan));
    const counts = plan.cases.reduce<Record<string, number>>(
      (n, c) => ({ ...n, [c.disposition.kind]: (n[c.disposition.kind] ?? 0) + 1 }),
      {},
    );
    console.log(
      `contract: ${plan.cases.length} cases against ${config.target} (${counts.run ?? 0} to send, ${counts['not-provoked'] ?? 0} not provoked, ${counts.waived ?? 0} waived); ` +
        `Prefer: code ${plan.assumptions.honoursPrefer ? 'honoured' : 'not honoured'}, writes ${plan.assumptions.writesAllowed ? 'allowed' : 'not allowed'}`,
    );
  } catch (error) {
    if (error instanceof ToolError) {
      console.error(`contract: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await sender.close();
  }

  const reportDir = path.resolve(config.reportDir);
  // The suite reads its settings from the environment of this process; the key stays in memory.
  Object.assign(process.env, {
    XTRAKIT_CONTRACT_PLAN: planFile,
    [ENV.apiKey]: config.apiKey,
    [ENV.timeoutMs]: String(config.timeoutMs),
    [ENV.concurrency]: String(config.concurrency),
    [ENV.reportDir]: reportDir,
    [ENV.seed]: String(config.seed),
    ...(config.lapsedKey ? { [ENV.lapsedKey]: config.lapsedKey } : {}),
    JEST_JUNIT_OUTPUT_DIR: reportDir,
    JEST_JUNIT_OUTPUT_NAME: REPORT_FILES.junit,
    JEST_JUNIT_SUITE_NAME: 'XtraKit contract',
    JEST_JUNIT_CLASSNAME: '{classname}',
    JEST_JUNIT_TITLE: '{title}',
  });
  try {
    await runCLI(
      {
        _: [],
        $0: 'contract',
        config: path.join(root, 'contract-tests', 'jest.contract.config.js'),
        runInBand: true,
        reporters: ['default', 'jest-junit'],
        ...(testNamePattern ? { testNamePattern } : {}),
      },
      [root],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  let report: ContractReport;
  try {
    report = JSON.parse(await readFile(path.join(reportDir, REPORT_FILES.json), 'utf8')) as ContractReport;
  } catch {
    console.error('contract: the replay did not finish (no report was written)');
    return 2;
  }
  const { cases } = report.summary;
  console.log(
    `contract: ${report.summary.conformant ? 'conformant' : 'NOT conformant'}: ${cases.passed} passed, ${cases.failed} failed, ` +
      `${cases['not-provoked']} not provoked, ${cases.waived} waived. Matrix: ${path.relative(process.cwd(), path.join(reportDir, REPORT_FILES.markdown))}`,
  );
  return report.summary.conformant ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`contract: ${(error as Error).message}`);
    process.exit(2);
  },
);
