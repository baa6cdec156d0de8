import { afterAll, afterEach, beforeAll } from 'vitest';
import { server, xtrakit } from './mocks/xtrakit';

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await xtrakit.ready(); // loads the contract once, so the first test is not the slow one
});
afterEach(async () => {
  server.resetHandlers();
  await xtrakit.reset();
});
afterAll(() => server.close());
