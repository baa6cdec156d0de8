import { DOCS_SAMPLE_KEY, resolveContractConfig, UsageError } from './config';

const now = 1_700_000_123_456;

test('defaults for a loopback target: the docs sample key, 5 s timeout, 4 in flight', () => {
  expect(resolveContractConfig({ target: 'http://127.0.0.1:4010/api/v1/' }, {}, now)).toMatchObject({
    target: 'http://127.0.0.1:4010/api/v1',
    apiKey: DOCS_SAMPLE_KEY,
    allowWrites: false,
    timeoutMs: 5000,
    concurrency: 4,
    reportDir: 'reports/contract',
    seed: now % 1_000_000,
  });
});

test('environment variables fill in what flags do not say; flags win', () => {
  const env = {
    XTRAKIT_TARGET: 'https://api.xtrakit.com/api/v1',
    XTRAKIT_API_KEY: 'k',
    XTRAKIT_TIMEOUT_MS: '900',
    XTRAKIT_ALLOW_WRITES: 'true',
    XTRAKIT_SEED: '5',
  };
  expect(resolveContractConfig({ concurrency: 2 }, env, now)).toMatchObject({
    target: 'https://api.xtrakit.com/api/v1',
    apiKey: 'k',
    timeoutMs: 900,
    concurrency: 2,
    allowWrites: true,
    seed: 5,
  });
  expect(resolveContractConfig({ timeout: 100 }, env, now).timeoutMs).toBe(100);
});

test.each([
  [{}, {}, '--target is required'],
  [{ target: 'not a url' }, {}, 'not a URL'],
  [{ target: 'ftp://x/api/v1' }, {}, 'http or https'],
  [{ target: 'https://api.xtrakit.com/api/v1' }, {}, 'an API key is required'],
  [{ target: 'http://127.0.0.1/api/v1' }, { XTRAKIT_TIMEOUT_MS: 'soon' }, 'XTRAKIT_TIMEOUT_MS'],
  [{ target: 'http://127.0.0.1/api/v1' }, { XTRAKIT_ALLOW_WRITES: 'maybe' }, 'XTRAKIT_ALLOW_WRITES'],
])('given flags %p and env %p, a usage error mentioning %s', (flags, env, message) => {
  expect(() => resolveContractConfig(flags, env, now)).toThrow(UsageError);
  expect(() => resolveContractConfig(flags, env, now)).toThrow(message);
});
