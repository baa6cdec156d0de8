// Build step: the browser entries (msw for setupWorker, the core) bundled with esbuild into dist/browser/*.mjs, with
// the packaged contract inside and msw left to the app. Prism's forwarder (an HTTP client the mock never uses:
// it never forwards through Prism) is left out, and the few Node built-ins that Prism's dependencies name but
// never call on the mock's path are replaced by modules that say so if anything does call them.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const DIST = path.resolve(__dirname, '..');

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const leaveOut: Plugin = {
  name: 'xtrakit-browser',
  setup(b) {
    b.onResolve({ filter: /(^|\/)forwarder(\/index(\.js)?)?$/ }, (args) =>
      args.importer.includes(`${path.sep}prism-http${path.sep}`) ? { path: 'forwarder', namespace: 'left-out' } : undefined,
    );
    b.onResolve({ filter: /^[a-z_:]+$/ }, (args) =>
      builtins.has(args.path) ? { path: args.path.replace(/^node:/, ''), namespace: 'node-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      contents: `module.exports = { default: () => () => { throw new Error('the XtraKit mock never forwards'); } };`,
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: builtinStub(args.path),
      loader: 'js',
    }));
  },
};

/** A Node built-in in the browser: what is read at load time exists; anything called says it is not there. */
function builtinStub(name: string): string {
  return `
const missing = (what) => function () { throw new Error('node:${name} ' + what + ' is not available in the browser'); };
const inspect = Object.assign(missing('inspect'), { custom: Symbol.for('nodejs.util.inspect.custom') });
class EventEmitter { on() { return this; } once() { return this; } emit() { return false; } removeListener() { return this; } }
const known = { inspect, EventEmitter, inherits(c, s) { Object.setPrototypeOf(c.prototype, s.prototype); } };
module.exports = new Proxy(known, { get: (t, p) => (p in t ? t[p] : p === '__esModule' ? false : missing(String(p))) });
`;
}

export async function buildBrowser(): Promise<string[]> {
  const entries = { msw: 'mocks/msw-browser.js', core: 'mocks/core-browser.js' };
  const written: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const outfile = path.join(DIST, 'browser', `${name}.mjs`);
    await build({
      entryPoints: [path.join(DIST, entry)],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      external: ['msw'],
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      plugins: [leaveOut],
      logLevel: 'error',
    });
    written.push(outfile);
  }
  return written;
}

if (require.main === module) {
  buildBrowser().then(
    (files) => console.log(`bundled ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
