// A browser app (or Storybook's preview) in development: the kit's handlers under msw's service worker.
// Serve msw's worker script at /mockServiceWorker.js (npx msw init public/).
import { setupWorker } from 'msw/browser';
import { xtrakitHandlers } from 'xtrakit-contract-kit/msw';

const xtrakit = xtrakitHandlers();
await setupWorker(...xtrakit.handlers).start({ onUnhandledRequest: 'bypass' });

const response = await fetch('/api/v1/customers', {
  headers: { authorization: 'Bearer 92857043717beff382ae75c8dc7514162f04' },
});
const body = await response.json();
document.body.dataset.status = String(response.status);
document.body.textContent = body.message;
