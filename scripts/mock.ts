#!/usr/bin/env node
// xtrakit-mock [flags] (npm start -- [flags] in the clone): the XtraKit mock. Exit 0 on SIGINT/SIGTERM, 2 on a usage or start-up error.
import { CommanderError } from 'commander';
import {
  DEFAULT_LAPSED_KEY,
  DOCS_SAMPLE_KEY,
  MOCK_HELP_FOOTER,
  mockCommand,
  type ParsedFlags,
  resolveMockOptions,
  UsageError,
} from '../mocks/options';
import { startMock } from '../mocks/server';
import { KIT_VERSION } from '../openapi/kit';

async function main(): Promise<number> {
  const command = mockCommand();
  let flags: ParsedFlags;
  try {
    command.parse(process.argv.slice(2), { from: 'user' });
    flags = command.opts<ParsedFlags>();
  } catch (error) {
    if (
      error instanceof CommanderError &&
      (error.code === 'commander.helpDisplayed' || error.code === 'commander.help')
    ) {
      console.log(command.helpInformation() + MOCK_HELP_FOOTER);
      return 0;
    }
    if (error instanceof CommanderError && error.code === 'commander.version') {
      console.log(KIT_VERSION);
      return 0;
    }
    console.error(`xtrakit-mock: ${(error as Error).message.replace(/^error: /, '')} (see xtrakit-mock --help)`);
    return 2;
  }
  const noCors = process.argv.includes('--no-cors');
  let options: ReturnType<typeof resolveMockOptions>;
  try {
    options = {
      ...resolveMockOptions(flags, process.env, noCors),
      log: (line) => console.log(line),
      notice: (line) => console.error(`xtrakit-mock: ${line}`),
    };
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`xtrakit-mock: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const mock = await startMock(options).catch((error: NodeJS.ErrnoException) => {
    const hint = error.code === 'EADDRINUSE' ? ` (port ${options.port} is taken: try --port 0 or another port)` : '';
    console.error(`xtrakit-mock: could not start: ${error.message}${hint}`);
    return undefined;
  });
  if (!mock) return 2;
  const mode = [options.stateful ? 'stateful' : 'static', options.dynamic ? 'dynamic data' : 'spec examples'];
  const { facts } = mock;
  if (options.proxy) {
    console.log(`${facts.title} validating proxy at ${mock.baseUrl} → ${options.proxy}`);
    console.log('  every request is forwarded unchanged; every answer is checked against the contract');
    console.log(
      `  violations: one VIOLATION line each, the X-Xtrakit-Violations header, GET ${mock.origin}/__mock/violations`,
    );
    await untilStopped();
    await mock.close();
    return 0;
  }
  console.log(`${facts.title} mock listening at ${mock.baseUrl} (${mode.join(', ')})`);
  // A world drawn at start can be had again: its seed is said (as it is in GET /__mock/health).
  const { seed } = mock.core.stats();
  if (seed !== null) console.log(`  dynamic world of seed ${seed}: --seed ${seed} gives this world again`);
  // Only the docs' public sample keys are ever printed; keys given by flag or environment stay unprinted.
  const shown = (keys: string[], sample: string) =>
    keys.length === 1 && keys[0] === sample ? sample : `${keys.length} key(s) from your --key flags or environment`;
  const secured = facts.secured.size > 0;
  if (secured) {
    console.log(`  accepted key: ${shown(options.keys, DOCS_SAMPLE_KEY)}`);
    console.log(`  lapsed-account key (every operation answers 402): ${shown(options.lapsedKeys, DEFAULT_LAPSED_KEY)}`);
  } else {
    console.log('  no key needed: the spec declares no security');
  }
  console.log('  force a status: header "Prefer: code=404" or ?__code=404; pick an example: "Prefer: example=NAME"');
  const key = options.keys[0] === DOCS_SAMPLE_KEY ? DOCS_SAMPLE_KEY : '<your key>';
  const example = facts.firstReadPath ?? '/';
  console.log(`  try: curl ${secured ? `-H "Authorization: Bearer ${key}" ` : ''}${mock.baseUrl}${example}`);
  console.log(`  reference: ${mock.origin}/__docs`);
  if (options.stateful)
    console.log(`  reset the store: curl -X POST -H 'Content-Type: application/json' ${mock.origin}/__mock/reset`);
  await untilStopped();
  await mock.close();
  return 0;
}

function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`xtrakit-mock: ${(error as Error).message}`);
    process.exit(2);
  },
);
