// Synthetic contracts of any size for the scaling benchmark: the customer-group resource (list, fetch,
// create, edit, delete) repeated under new names, with the real contract's components.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './servers';

type Json = Record<string, unknown>;

export function writeSyntheticSpec(operations: number, dir: string): string {
  const source = parse(readFileSync(path.join(ROOT, 'openapi', 'xtrakit.yaml'), 'utf8'), { maxAliasCount: -1 }) as Json;
  const paths = source.paths as Record<string, Json>;
  const template = {
    list: paths['/customer-groups'] as Json,
    item: paths['/customer-groups/{id}'] as Json,
    add: paths['/customer-groups/add'] as Json,
  };
  const resources = Math.max(1, Math.round(operations / 5));
  const out: Record<string, Json> = {};
  for (let i = 0; i < resources; i++) {
    const rename = (item: Json): Json => {
      let text = JSON.stringify(item);
      text = text
        .replace(/"collection":"customer-groups"/g, `"collection":"res${i}"`)
        .replace(/"operationId":"(\w+)CustomerGroups?"/g, `"operationId":"$1Res${i}"`)
        .replace(/"operationId":"listCustomerGroups"/g, `"operationId":"listRes${i}"`);
      return JSON.parse(text) as Json;
    };
    out[`/res${i}`] = rename(template.list);
    out[`/res${i}/{id}`] = rename(template.item);
    out[`/res${i}/add`] = rename(template.add);
  }
  const file = path.join(dir, `synthetic-${resources * 5}.json`);
  writeFileSync(file, JSON.stringify({ ...source, paths: out }));
  return file;
}
