/**
 * The board file format as JSON Schema, generated from the zod schema (schema.ts), for editors and
 * for `arielsim boards --schema`; and the list of its field paths, which the README's board-file
 * reference is checked against (test/platforms/board-reference.test.ts).
 */
import { z } from 'zod';
import { Board } from './schema.js';

/** The JSON Schema (draft 2020-12) of a board file. */
export function boardJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Board, { unrepresentable: 'any' }) as Record<string, unknown>;
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/**
 * Every field a board file may have, as dotted paths with `[]` for list entries
 * (`cores[].clockHz`, `boot.queueLock.register`); the variants of a union share their paths.
 */
export function boardFieldPaths(): string[] {
  const paths = new Set<string>();
  const walk = (node: SchemaNode, prefix: string) => {
    for (const v of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) walk(v, prefix);
    if (node.items !== undefined) walk(node.items, `${prefix}[]`);
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      paths.add(path);
      walk(child, path);
    }
  };
  walk(boardJsonSchema() as SchemaNode, '');
  return [...paths];
}
