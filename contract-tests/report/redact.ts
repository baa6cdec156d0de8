// The API key never reaches an output: every answer the sender reads, and every text a report writes, passes
// through here. Not only the whole key: any run of 8 or more characters of it (or of its Basic or URL-encoded
// forms) is replaced, so a preview cut in the middle of an echoed key shows no fragment of it either.

/** The shortest run of a key's characters that is redacted wherever it appears. */
export const MIN_FRAGMENT = 8;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Matcher {
  forms: string[];
  pattern: RegExp;
}

const matchers = new Map<string, Matcher | undefined>();

function matcherFor(secrets: Array<string | undefined>): Matcher | undefined {
  const id = secrets.filter(Boolean).join('\u0000');
  if (matchers.has(id)) return matchers.get(id);
  const forms = [
    ...new Set(
      secrets
        .filter((s): s is string => s !== undefined && s.length >= 4)
        .flatMap((s) => [s, Buffer.from(`${s}:`).toString('base64'), encodeURIComponent(s)]),
    ),
  ];
  const grams = new Set<string>();
  for (const form of forms) {
    // A key shorter than a fragment is redacted whole.
    if (form.length < MIN_FRAGMENT) grams.add(form);
    for (let i = 0; i + MIN_FRAGMENT <= form.length; i++) grams.add(form.slice(i, i + MIN_FRAGMENT));
  }
  const matcher =
    grams.size === 0 ? undefined : { forms, pattern: new RegExp([...grams].map(escapeRegExp).join('|'), 'g') };
  if (matchers.size > 16) matchers.clear();
  matchers.set(id, matcher);
  return matcher;
}

export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
  const matcher = matcherFor(secrets);
  if (!matcher || text === '') return text;
  const { forms, pattern } = matcher;
  pattern.lastIndex = 0;
  let out = '';
  let from = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index;
    // The longest run from here that is still part of one of the key's forms.
    let end = start + match[0].length;
    while (end < text.length && forms.some((f) => f.includes(text.slice(start, end + 1)))) end += 1;
    out += `${text.slice(from, start)}***`;
    from = end;
    pattern.lastIndex = end;
  }
  return from === 0 ? text : out + text.slice(from);
}
