// Waivers: a checked-in list of a target's known deviations, each with a reason. A waived cell is
// reported as waived, never as passed.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { createValidator } from '../openapi/ajv';
import { CHECKS } from '../openapi/conformance';
import type { Case } from './cases/case';

export interface Waiver {
  /** An operationId, or "*" for every operation. */
  operation: string;
  /** The documented status of the cell; omitted: every status. */
  status?: number;
  /** Only this check's violations; omitted: every check. */
  check?: string;
  reason: string;
}

const FILE_SCHEMA = {
  type: 'object',
  required: ['waivers'],
  additionalProperties: false,
  properties: {
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['operation', 'reason'],
        additionalProperties: false,
        properties: {
          operation: { type: 'string', minLength: 1 },
          status: { type: 'integer', minimum: 100, maximum: 599 },
          check: { enum: Object.keys(CHECKS) },
          reason: { type: 'string', minLength: 3 },
        },
      },
    },
  },
};

export async function loadWaivers(file: string): Promise<Waiver[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`cannot read the waivers file ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new Error(`the waivers file ${file} is not YAML: ${(error as Error).message}`);
  }
  const ajv = createValidator();
  if (!ajv.validate(FILE_SCHEMA, parsed)) {
    const first = ajv.errors?.[0];
    throw new Error(
      `the waivers file ${file} is invalid at ${first?.instancePath || '/'}: ${first?.message ?? 'unknown error'}`,
    );
  }
  return (parsed as { waivers: Waiver[] }).waivers;
}

/** Marks the cases a waiver covers; a case that is not run stays not run. */
export function applyWaivers(cases: Case[], waivers: Waiver[]): Case[] {
  return cases.map((c) => {
    if (c.disposition.kind !== 'run') return c;
    const waiver = waivers.find(
      (w) =>
        (w.operation === '*' || w.operation === c.operationId) &&
        (w.status === undefined || w.status === c.expectedStatus),
    );
    if (!waiver) return c;
    return {
      ...c,
      disposition: { kind: 'waived', reason: waiver.reason, ...(waiver.check ? { check: waiver.check } : {}) },
    };
  });
}

/** Waivers that name an operation the spec does not have: a typo would otherwise waive nothing, silently. */
export function unknownWaivers(waivers: Waiver[], operationIds: string[]): Waiver[] {
  return waivers.filter((w) => w.operation !== '*' && !operationIds.includes(w.operation));
}
