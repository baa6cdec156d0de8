#!/usr/bin/env node
// xtrakit-contract --target <url> (npm run contract -- … in the clone): replay the contract against a server.
// Exit 0 conformant, 1 not conformant, 2 usage error, misconfigured target or unfinished replay (one message).
import { CommanderError } from 'commander';
import {
  CONTRACT_HELP_FOOTER,
  type ContractConfig,
  type ContractFlags,
  contractCommand,
  resolveContractConfig,
  UsageError,
} from '../contract-tests/config';
import { runContract } from '../contract-tests/pipeline';
import { KIT_VERSION } from '../openapi/kit';

function parse(argv: string[]): ContractConfig | number {
  const command = contractCommand();
  try {
    command.parse(argv, { from: 'user' });
    return resolveContractConfig(command.opts<ContractFlags>(), process.env);
  } catch (error) {
    if (
      error instanceof CommanderError &&
      (error.code === 'commander.helpDisplayed' || error.code === 'commander.help')
    ) {
      console.log(command.helpInformation() + CONTRACT_HELP_FOOTER);
      return 0;
    }
    if (error instanceof CommanderError && error.code === 'commander.version') {
      console.log(KIT_VERSION);
      return 0;
    }
    if (error instanceof CommanderError || error instanceof UsageError) {
      console.error(`contract: ${error.message.replace(/^error: /, '')} (see xtrakit-contract --help)`);
      return 2;
    }
    throw error;
  }
}

async function main(): Promise<number> {
  const config = parse(process.argv.slice(2));
  if (typeof config === 'number') return config;
  // The first Ctrl-C stops sending and cleans up what the run created; a second one quits at once.
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write(`\ncontract: ${signal}: stopping; deleting what this run created (again to quit at once)\n`);
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const outcome = await runContract(config, {
    stdout: process.stdout,
    stderr: process.stderr,
    signal: interrupt.signal,
  });
  return outcome.exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`contract: the replay did not finish: ${(error as Error).message}`);
    process.exit(2);
  },
);
