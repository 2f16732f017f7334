/**
 * A small JSON Schema validator for the subset report.schema.json uses: type (incl. arrays of
 * types), const, enum, properties, required, additionalProperties (boolean), items and local $ref.
 */

export interface SchemaNode {
  $ref?: string;
  /** Documentation only; ignored by the validator. */
  description?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  items?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
}

export interface SchemaError {
  path: string;
  message: string;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isFinite(v) ? 'number' : 'non-finite number';
  return typeof v;
}

function matchesType(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  if (t === 'integer') return actual === 'number' && Number.isInteger(v);
  return actual === t;
}

export function validateSchema(root: SchemaNode, value: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  const resolve = (ref: string): SchemaNode => {
    const m = /^#\/\$defs\/(.+)$/.exec(ref);
    const node = m?.[1] ? root.$defs?.[m[1]] : undefined;
    if (!node) throw new Error(`unresolvable $ref ${ref}`);
    return node;
  };
  const walk = (node: SchemaNode, v: unknown, path: string): void => {
    if (node.$ref) return walk(resolve(node.$ref), v, path);
    if (node.type !== undefined) {
      const types = Array.isArray(node.type) ? node.type : [node.type];
      if (!types.some((t) => matchesType(v, t))) {
        errors.push({ path, message: `expected ${types.join('|')}, got ${typeOf(v)}` });
        return;
      }
    }
    if ('const' in node && v !== node.const)
      errors.push({ path, message: `expected ${JSON.stringify(node.const)}` });
    if (node.enum && !node.enum.includes(v))
      errors.push({ path, message: `expected one of ${JSON.stringify(node.enum)}` });
    if (typeOf(v) === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of node.required ?? [])
        if (!(k in o)) errors.push({ path: `${path}.${k}`, message: 'required' });
      for (const [k, child] of Object.entries(o)) {
        const sub = node.properties?.[k];
        if (sub) walk(sub, child, `${path}.${k}`);
        else if (node.additionalProperties === false)
          errors.push({ path: `${path}.${k}`, message: 'not allowed' });
      }
    }
    if (typeOf(v) === 'array' && node.items)
      (v as unknown[]).forEach((x, i) => walk(node.items as SchemaNode, x, `${path}[${i}]`));
  };
  walk(root, value, '$');
  return errors;
}
