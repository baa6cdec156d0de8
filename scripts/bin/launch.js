// The installed commands start here: they run the compiled command from dist/, and when a copy of the kit has no
// dist/ (installed from a git URL with its build script skipped), they say so and how to fix it, instead of npx
// looking for a package of that name on the registry.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const KIT = path.join(__dirname, '..', '..');

/** The git URL this copy was installed from, as npm recorded it (node_modules/.package-lock.json), if any. */
function installedFrom() {
  try {
    const lock = JSON.parse(readFileSync(path.join(KIT, '..', '.package-lock.json'), 'utf8'));
    const entry = Object.entries(lock.packages ?? {}).find(([at]) => at.endsWith('node_modules/xtrakit-contract-kit'));
    const resolved = entry?.[1]?.resolved;
    return typeof resolved === 'string' && resolved.startsWith('git') ? resolved.replace(/#.*$/, '') : undefined;
  } catch {
    return undefined;
  }
}

module.exports = function launch(command) {
  const file = path.join(KIT, 'dist', 'scripts', `${command}.js`);
  if (!existsSync(file)) {
    const url = installedFrom() ?? '<the kit’s git URL>';
    console.error(
      [
        `xtrakit-${command}: this copy of xtrakit-contract-kit has not been built (no ${path.relative(process.cwd(), file)}).`,
        'Installed from a git URL, the kit is built by its prepare script, which npm 12 skips (npm 11 lists it)',
        'unless your package.json allows scripts from that URL. Allow it and install the kit again:',
        `  "allowScripts": { "${url}": true }`,
        `  npm uninstall xtrakit-contract-kit && npm i -D ${url}`,
        'A tarball made by `npm pack` in the kit’s clone is built already.',
      ].join('\n'),
    );
    process.exit(2);
  }
  require(file);
};
