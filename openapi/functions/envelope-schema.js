// Checks that a response's application/json schema is the XtraKit envelope. Works on the resolved
// document, so the Envelope $ref is already inlined: allOf branches are merged before checking.
const collect = (schema, into) => {
  if (!schema || typeof schema !== 'object') return into;
  for (const name of schema.required || []) into.required.add(name);
  for (const [name, sub] of Object.entries(schema.properties || {})) {
    into.properties[name] = [...(into.properties[name] || []), sub];
  }
  for (const branch of schema.allOf || []) collect(branch, into);
  return into;
};

const typesOf = (subs) => {
  const types = new Set();
  for (const sub of subs) {
    if (!sub || typeof sub !== 'object') continue;
    for (const t of [].concat(sub.type || [])) types.add(t);
    if (sub.const !== undefined) types.add(Number.isInteger(sub.const) ? 'integer' : typeof sub.const);
  }
  return types;
};

const EXPECTED = { status: 'integer', message: 'string', data: 'object' };

export default (response) => {
  if (!response || typeof response !== 'object') return [];
  const media = response.content?.['application/json'];
  if (!media) return [{ message: 'Response has no application/json content; XtraKit answers with the envelope.' }];
  const merged = collect(media.schema, { required: new Set(), properties: {} });
  const problems = [];
  for (const [name, type] of Object.entries(EXPECTED)) {
    if (!merged.required.has(name)) problems.push(`envelope field "${name}" is not required`);
    const types = typesOf(merged.properties[name] || []);
    if (!types.has(type)) problems.push(`envelope field "${name}" is not typed ${type}`);
  }
  return problems.length ? [{ message: `Response schema is not the envelope: ${problems.join('; ')}.` }] : [];
};
