// What keeps a web page from driving the HTTP mock: the Host check (DNS rebinding: a page on the internet whose name
// resolves to 127.0.0.1 reaches the mock with its own name in Host) and the control routes' Origin rule (a page of
// another site may call the API, as frontends need, but may not reset the store or read the proxy's violations).
import type { IncomingMessage } from 'node:http';
import { isJsonType } from './json-body';

/** localhost, *.localhost, 127.0.0.0/8, ::1 (with or without brackets). */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(name) ||
    name === '::1' ||
    name === '0:0:0:0:0:0:0:1' ||
    name === '::ffff:127.0.0.1'
  );
}

const hostnameOf = (authority: string): string | undefined => {
  try {
    return new URL(`http://${authority}`).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
};

/**
 * A Host the mock answers: a loopback name, the address it is bound to (unless that is every address), or one
 * the user allowed. A request without Host (HTTP/1.0) comes from no browser: answered.
 */
export function hostAllowed(host: string | undefined, bound: string, allowed: string[]): boolean {
  if (host === undefined) return true;
  const name = hostnameOf(host);
  if (name === undefined) return false;
  if (isLoopbackName(name)) return true;
  const boundName = bound.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === boundName && boundName !== '0.0.0.0' && boundName !== '::') return true;
  return allowed.some((a) => (hostnameOf(a) ?? a) === name);
}

/** A control route's caller: no Origin (a test set-up, curl), a loopback page, or the mock's own origin. */
export function controlOriginAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return isLoopbackName(url.hostname) || (host !== undefined && url.host.toLowerCase() === host.toLowerCase());
  } catch {
    return false; // "null" (a sandboxed frame, a file: page) and anything unreadable
  }
}

/**
 * A request a page could not send without a CORS preflight: a JSON body or a custom X- header. A state change
 * needs one, so that even a browser that sent no Origin could not make it with a form or a simple fetch.
 */
export function isNonSimple(req: IncomingMessage): boolean {
  return isJsonType(req.headers['content-type']).ok || Object.keys(req.headers).some((name) => name.startsWith('x-'));
}
