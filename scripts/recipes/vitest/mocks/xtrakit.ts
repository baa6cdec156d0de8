// The kit's handlers and the server, shared by the set-up file and the tests (which add per-test overrides).
import { setupServer } from 'msw/node';
import { xtrakitHandlers } from 'xtrakit-contract-kit/msw';

export const xtrakit = xtrakitHandlers({ stateful: true });
export const server = setupServer(...xtrakit.handlers);
