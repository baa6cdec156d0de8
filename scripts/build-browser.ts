// Build step: the browser entries (msw for setupWorker, the core) bundled with esbuild into dist/browser/*.mjs, with
// the packaged contract inside and msw left to the app. Prism's forwarder (an HTTP client the mock never uses:
// it never forwards through Prism) is left out, and the few Node built-ins that Prism's dependencies name but
// never call on the mock's path are replaced by modules that say so if anything does call them.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const DIST = path.resolve(__dirname, '..');

/** The browser entries: ESM modules re-exporting, by name, what the compiled (CommonJS) entries offer. */
const ENTRIES = {
  msw: `export { xtrakitHandlers } from './mocks/msw-browser.js';`,
  core: `export { createMockCore, CORE_DEFAULTS, DEFAULT_LAPSED_KEY } from './mocks/core-browser.js';`,
};

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const leaveOut: Plugin = {
  name: 'xtrakit-browser',
  setup(b) {
    b.onResolve({ filter: /^xtrakit:/ }, (args) => ({ path: args.path.slice('xtrakit:'.length), namespace: 'entry' }));
    b.onLoad({ filter: /.*/, namespace: 'entry' }, (args) => ({
      contents: ENTRIES[args.path as keyof typeof ENTRIES],
      resolveDir: DIST,
      loader: 'js',
    }));
    // The compiled handlers require('msw'); the app's msw is an ES module: imported by name, left to the app.
    b.onResolve({ filter: /^msw$/ }, (args) =>
      args.namespace === 'msw-import' ? { path: 'msw', external: true } : { path: 'msw', namespace: 'msw-import' },
    );
    b.onLoad({ filter: /.*/, namespace: 'msw-import' }, () => ({
      contents: `import { http, HttpResponse } from 'msw'; export { http, HttpResponse };`,
      loader: 'js',
    }));
    // jsonc-parser's main is a UMD module whose requires a bundler cannot follow: its ES module build instead.
    b.onResolve({ filter: /^jsonc-parser$/ }, (args) => ({
      path: require.resolve('jsonc-parser/lib/esm/main.js', { paths: [args.resolveDir] }),
    }));
    b.onResolve({ filter: /(^|\/)forwarder(\/index(\.js)?)?$/ }, (args) =>
      args.importer.includes(`${path.sep}prism-http${path.sep}`)
        ? { path: 'forwarder', namespace: 'left-out', pluginData: { resolveDir: args.resolveDir } }
        : undefined,
    );
    b.onResolve({ filter: /^[a-z_:]+$/ }, (args) =>
      builtins.has(args.path) ? { path: args.path.replace(/^node:/, ''), namespace: 'node-builtin' } : undefined,
    );
    // Prism hands faker to json-schema-faker for `x-faker` keywords: English only in the bundle, as the Node mock
    // loads for its realistic data (every locale would add 2 MB).
    b.onResolve({ filter: /^@faker-js\/faker$/ }, (args) => ({
      path: 'faker-en',
      namespace: 'faker-en',
      pluginData: { resolveDir: args.resolveDir },
    }));
    b.onLoad({ filter: /.*/, namespace: 'faker-en' }, (args) => ({
      contents: `const faker = require('@faker-js/faker/locale/en'); module.exports = { default: faker, faker };`,
      resolveDir: (args.pluginData as { resolveDir: string }).resolveDir,
      loader: 'js',
    }));
    // Prism's logger serialises bodies with the forwarder's serializeBody: that function alone, as Prism writes it.
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      contents: [
        "const E = require('fp-ts/Either');",
        "exports.default = () => () => { throw new Error('the XtraKit mock never forwards'); };",
        'exports.serializeBody = (body) => typeof body === "string" ? E.right(body)',
        '  : body ? E.tryCatch(() => JSON.stringify(body), E.toError) : E.right(undefined);',
      ].join('\n'),
      resolveDir: (args.pluginData as { resolveDir: string }).resolveDir,
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: builtinStub(args.path),
      loader: 'js',
    }));
  },
};

const PROCESS_SHIM = [
  'const process = globalThis.process ?? {',
  "browser: true, env: {}, argv: [], platform: 'browser', version: '', versions: {}, cwd: () => '/',",
  'nextTick: (f, ...a) => queueMicrotask(() => f(...a)), emitWarning: () => {},',
  '};',
].join(' ');

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
  // One bundle per entry, sharing one chunk (the core and the contract): an app that imports both loads it once.
  const result = await build({
    entryPoints: { msw: 'xtrakit:msw', core: 'xtrakit:core' },
    outdir: path.join(DIST, 'browser'),
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    // Prism's dependencies read a few of Node's process fields (nextTick, env, cwd): a page has none.
    banner: { js: PROCESS_SHIM },
    plugins: [leaveOut],
    logLevel: 'error',
  });
  return Object.keys(result.metafile.outputs).map((f) => path.resolve(f));
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
