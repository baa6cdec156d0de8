// The installed commands start here: they run the compiled command from dist/, and when a copy of the kit has no
// dist/ (installed from a git URL with its build script skipped), they say so and how to fix it, instead of npx
// looking for a package of that name on the registry.
const { existsSync } = require('node:fs');
const path = require('node:path');

module.exports = function launch(command) {
  const file = path.join(__dirname, '..', '..', 'dist', 'scripts', `${command}.js`);
  if (!existsSync(file)) {
    console.error(
      [
        `xtrakit-${command}: this copy of xtrakit-contract-kit has not been built (no ${path.relative(process.cwd(), file)}).`,
        'Installed from a git URL, the kit is built by its prepare script, which npm 12 skips (and npm 11 lists)',
        'unless your project allows it. Allow it and install again:',
        '  npm pkg set allowScripts.xtrakit-contract-kit=true --json',
        '  npm uninstall xtrakit-contract-kit && npm i -D <the kit’s git URL>',
        'A tarball made by `npm pack` in the kit’s clone is built already.',
      ].join('\n'),
    );
    process.exit(2);
  }
  require(file);
};
