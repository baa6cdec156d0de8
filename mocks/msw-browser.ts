// `xtrakit-contract-kit/msw` in a browser (msw's setupWorker in an app or Storybook), bundled by the build into
// dist/browser/msw.mjs with the packaged contract inside; msw itself stays the app's own.
//   const xtrakit = xtrakitHandlers();
//   await setupWorker(...xtrakit.handlers).start();
import { createMockCore, packagedDocument } from './core-browser';
import { createHandlers, type XtrakitHandlers, type XtrakitHandlersOptions } from './msw';

export type { ForceOptions, XtrakitHandlers, XtrakitHandlersOptions } from './msw';

export function xtrakitHandlers(options: XtrakitHandlersOptions = {}): XtrakitHandlers {
  return createHandlers({ createCore: createMockCore, documentNow: packagedDocument }, options);
}
