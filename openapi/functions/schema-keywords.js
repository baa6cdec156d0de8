// Reports keys of a Schema Object that are not JSON Schema 2020-12 keywords, OpenAPI 3.1's additions or
// `x-` extensions: a typo (`maxLenght`), or a YAML flow map cut by an unquoted comma
// (`{ description: Stock on hand, written as a string }` makes "written as a string" a key).
const KEYWORDS = new Set([
  // core and applicator
  '$schema',
  '$id',
  '$ref',
  '$anchor',
  '$dynamicRef',
  '$dynamicAnchor',
  '$vocabulary',
  '$comment',
  '$defs',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'prefixItems',
  'items',
  'contains',
  'properties',
  'patternProperties',
  'additionalProperties',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  // validation
  'type',
  'enum',
  'const',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxContains',
  'minContains',
  'maxProperties',
  'minProperties',
  'required',
  'dependentRequired',
  // meta-data, format, content
  'title',
  'description',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'examples',
  'format',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
  // OpenAPI 3.1
  'discriminator',
  'xml',
  'externalDocs',
  'example',
]);

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMAS = [
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'additionalProperties',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
];

function walkSchema(schema, path, out) {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS.has(key) && !key.startsWith('x-')) {
      out.push({
        message: `"${key}" is not a JSON Schema keyword (a typo, or an unquoted comma in a flow map?)`,
        path: [...path, key],
      });
    }
  }
  for (const name of SUBSCHEMA_MAPS) {
    for (const [key, sub] of Object.entries(schema[name] ?? {})) walkSchema(sub, [...path, name, key], out);
  }
  for (const name of SUBSCHEMA_LISTS) {
    const list = Array.isArray(schema[name]) ? schema[name] : [];
    for (const [i, sub] of list.entries()) walkSchema(sub, [...path, name, i], out);
  }
  for (const name of SUBSCHEMAS) walkSchema(schema[name], [...path, name], out);
}

function walkContent(content, path, out) {
  for (const [type, media] of Object.entries(content ?? {})) walkSchema(media?.schema, [...path, type, 'schema'], out);
}

function walkParameters(parameters, path, out) {
  for (const [i, p] of (parameters ?? []).entries()) {
    walkSchema(p?.schema, [...path, i, 'schema'], out);
    walkContent(p?.content, [...path, i, 'content'], out);
  }
}

function walkResponses(responses, path, out) {
  for (const [code, response] of Object.entries(responses ?? {})) {
    walkContent(response?.content, [...path, code, 'content'], out);
    for (const [name, header] of Object.entries(response?.headers ?? {})) {
      walkSchema(header?.schema, [...path, code, 'headers', name, 'schema'], out);
    }
  }
}

export default (document) => {
  const out = [];
  if (!document || typeof document !== 'object') return out;
  const components = document.components ?? {};
  for (const [name, schema] of Object.entries(components.schemas ?? {}))
    walkSchema(schema, ['components', 'schemas', name], out);
  for (const [name, p] of Object.entries(components.parameters ?? {}))
    walkParameters([p], ['components', 'parameters', name], out);
  walkResponses(components.responses, ['components', 'responses'], out);
  for (const [name, body] of Object.entries(components.requestBodies ?? {}))
    walkContent(body?.content, ['components', 'requestBodies', name, 'content'], out);
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    if (!item || typeof item !== 'object') continue;
    walkParameters(item.parameters, ['paths', route, 'parameters'], out);
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']) {
      const op = item[method];
      if (!op) continue;
      walkParameters(op.parameters, ['paths', route, method, 'parameters'], out);
      walkContent(op.requestBody?.content, ['paths', route, method, 'requestBody', 'content'], out);
      walkResponses(op.responses, ['paths', route, method, 'responses'], out);
    }
  }
  // Results are de-duplicated by path: a JSONPath may be reached through aliases more than once.
  const seen = new Set();
  return out.filter((r) => {
    const key = r.path.join('/');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
