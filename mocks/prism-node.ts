// Prism's modules on Node: each required on first use, so that start-up pays only for routing; faker (every
// locale) deferred until dynamic data needs it. The browser build has its own (prism-browser.ts).
import path from 'node:path';
import type * as PrismHttp from '@stoplight/prism-http';
import type PrismRouter from '@stoplight/prism-http/dist/router';
import type { PrismModules } from './prism-engine';

type Loaded = ReturnType<PrismModules['prism']>;

let router: typeof PrismRouter | undefined;
let prism: Loaded | undefined;
let transform: typeof PrismHttp.getHttpOperationsFromSpec | undefined;

export const nodePrismModules: PrismModules = {
  route() {
    router ??= (require('@stoplight/prism-http/dist/router') as { default: typeof PrismRouter }).default;
    return router;
  },
  prism() {
    if (prism) return prism;
    const prismHttpDir = path.dirname(require.resolve('@stoplight/prism-http/package.json'));
    deferFakerLoading(prismHttpDir);
    // The factory alone: prism-core's index also loads pino, and the mock's Prism logs nothing.
    const core = require('@stoplight/prism-core/dist/factory') as Loaded['core'];
    const mocker = require('@stoplight/prism-http/dist/mocker') as { default: Loaded['mock'] };
    const validator = require('@stoplight/prism-http/dist/validator') as Record<string, unknown>;
    const body = require('@stoplight/prism-http/dist/validator/validators/body') as {
      validate: Loaded['validateBody'];
    };
    disableRandomExtraProperties(prismHttpDir);
    prism = { core, mock: mocker.default, validator, validateBody: body.validate };
    return prism;
  },
  transform() {
    transform ??= (
      require('@stoplight/prism-http/dist/utils/operations') as {
        getHttpOperationsFromSpec: typeof PrismHttp.getHttpOperationsFromSpec;
      }
    ).getHttpOperationsFromSpec;
    return transform;
  },
};

// Prism requires @faker-js/faker (every locale: about 1 s of a 2-core machine's start-up) only to hand it
// to json-schema-faker, which uses it for `x-faker` keywords in dynamic mode. A proxy stands in until the
// first use, so the mock starts in half the time and behaves the same once faker is needed.
function deferFakerLoading(prismHttpDir: string): void {
  const fakerPath = require.resolve('@faker-js/faker', { paths: [prismHttpDir] });
  if (require.cache[fakerPath]) return;
  let real: Record<string | symbol, unknown> | undefined;
  const load = () => {
    if (!real) {
      delete require.cache[fakerPath];
      real = (require(fakerPath) as { default: Record<string | symbol, unknown> }).default;
    }
    return real;
  };
  const lazy = new Proxy({}, { get: (_target, property) => load()[property], has: (_target, p) => p in load() });
  const stub = new (require('node:module') as typeof import('node:module'))(fakerPath);
  stub.filename = fakerPath;
  stub.loaded = true;
  stub.exports = { __esModule: true, default: lazy, faker: lazy };
  require.cache[fakerPath] = stub;
}

// json-schema-faker (Prism's generator) adds random properties to objects that do not forbid them; the
// envelope and the records must stay exactly as the spec describes them. Prism's CLI exposes the same
// switch as --json-schema-faker-fillProperties=false.
function disableRandomExtraProperties(prismHttpDir: string): void {
  const faker = require(require.resolve('json-schema-faker', { paths: [prismHttpDir] })) as {
    JSONSchemaFaker: { option(options: Record<string, unknown>): void };
  };
  faker.JSONSchemaFaker.option({ fillProperties: false });
}
