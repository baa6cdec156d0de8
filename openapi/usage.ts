// What both products say about the contract's own conventions, defined once: the docs' sample key, the one
// usage error of both commands, and what a base URL given by a flag may be.

/** The docs' own sample key: accepted by the kit's mock, so the docs' examples work unchanged and a loopback target needs no key. */
export const DOCS_SAMPLE_KEY = '92857043717beff382ae75c8dc7514162f04';

/** A command's usage error: one line, exit 2. */
export class UsageError extends Error {}

/** A base URL given by a flag (`--target`, the mock's `--proxy`): http or https, without query or fragment. */
export function baseUrlOf(flag: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${flag} must be an http or https URL`);
  if (url.search || url.hash) throw new UsageError(`${flag} is a base URL: no query string or fragment`);
  return url;
}
