// fast-check arbitraries for what a hostile or broken page can send main: values shaped like a
// channel's input (read from its zod schema, so channels added later are covered) with keys
// missing, wrong types, extra and prototype-polluting keys; huge strings; deep nesting; and
// anything structured clone can carry.
import fc from 'fast-check';
import type { z } from 'zod';

/** Keys that reach an object's prototype or shadow its methods when code assigns them blindly. */
export const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'];

/** A string long enough to find code that copies or echoes input without a bound. */
export const hugeString = fc
  .tuple(fc.constantFrom(64 * 1024, 1024 * 1024, 3 * 1024 * 1024), fc.constantFrom('x', 'é', '\u{1F600}', '\ud800', '%2e', '"\\'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

/** Arrays or objects nested far deeper than any input: recursion on them would overflow the stack. */
export const deepNesting = fc.tuple(fc.constantFrom(1_000, 20_000, 200_000), fc.boolean()).map(([depth, asObject]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
});

/** An object with an own `__proto__` (or other hostile) key, as JSON.parse or structured clone makes it. */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

export const pollutingObject = fc
  .tuple(fc.constantFrom(...hostileKeys), fc.constantFrom<unknown>({ polluted: true }, null, 'x', [1], { isAdmin: true }))
  .map(([key, value]) => withOwnKey({}, key, value));

/** Anything Electron's structured clone can carry to main (the harness carries only its JSON subset). */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
      withObjectString: true,
    }),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: pollutingObject },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, NaN, -0, Infinity, '', [], {}, 0, false, true, '\u0000') },
);

/** A value of the wrong kind for almost any field, including the pathological ones. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: anyValue },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deepNesting },
);

const extraKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileKeys) },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
);

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/**
 * Values shaped like `schema`'s input: each object with its keys, some dropped, some of the wrong
 * kind, some extra (hostile names first); strings of every length and format; numbers at their edges.
 * Many are invalid and some are valid by chance: callers keep the ones the schema refuses.
 */
export function nearInput(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return anyValue;
  const def = defOf(schema);
  const inner = (s: unknown) => nearInput(s as z.ZodType, depth + 1);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const field = (value: z.ZodType) =>
        fc.option(fc.oneof({ weight: 5, arbitrary: inner(value) }, { weight: 1, arbitrary: wrongValue }), { freq: 6, nil: dropped });
      const fields = Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, field(value)]));
      return fc.tuple(fc.record(fields), fc.array(fc.tuple(extraKey, wrongValue), { maxLength: 2 })).map(([record, extras]) => {
        const value: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(record)) if (field !== dropped) value[key] = field;
        for (const [key, extra] of extras) withOwnKey(value, key, extra);
        return value;
      });
    }
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map(inner));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
    case 'prefault':
      return fc.oneof(inner(def.innerType), fc.constantFrom<unknown>(undefined, null));
    case 'pipe':
      return inner(def.in);
    case 'lazy':
      return inner((def.getter as () => unknown)());
    case 'array':
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(inner(def.element), { maxLength: 3 }) },
        { weight: 1, arbitrary: fc.array(fc.constant(0), { minLength: 501, maxLength: 20_000 }) },
      );
    case 'record':
      const entry = fc.tuple(fc.oneof(extraKey, fc.string({ maxLength: 70 })), fc.oneof(inner(def.valueType), wrongValue));
      return fc.array(entry, { maxLength: 3 }).map((entries) => {
        const value: Record<string, unknown> = {};
        for (const [key, entry] of entries) withOwnKey(value, key, entry);
        return value;
      });
    case 'string':
      return fc.oneof(
        { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
        { weight: 2, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.webUrl() },
        { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
        { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', 'javascript:alert(1)', 'file:///etc/passwd', '../../x', '\u0000') },
        { weight: 1, arbitrary: hugeString },
      );
    case 'number':
      return fc.oneof(fc.integer(), fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_SAFE_INTEGER + 2, 1e308));
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom<unknown>('true', 0, 1));
    case 'literal':
      return fc.oneof(fc.constantFrom(...(def.values as unknown[])), fc.string({ maxLength: 10 }));
    case 'enum':
      return fc.oneof(fc.constantFrom(...Object.values(def.entries as Record<string, unknown>)), fc.string({ maxLength: 10 }));
    case 'undefined':
      return anyValue;
    default:
      return anyValue;
  }
}

/** Marks a key `nearInput` leaves out (fc.option's nil must be distinguishable from undefined). */
const dropped = Symbol('dropped');

/** Every object in the schema, with its path: each must refuse keys it does not know (strict). */
export function looseObjects(schema: z.ZodType, path = '', seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const walk = (s: unknown, p: string) => looseObjects(s as z.ZodType, p, seen);
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall as z.ZodType | undefined;
      const strict = catchall !== undefined && defOf(catchall).type === 'never';
      const inside = Object.entries(def.shape as Record<string, unknown>).flatMap(([k, v]) => walk(v, `${path}.${k}`));
      return strict ? inside : [path || '(input)', ...inside];
    }
    case 'union':
      return (def.options as unknown[]).flatMap((o, i) => walk(o, `${path}|${i}`));
    case 'array':
      return walk(def.element, `${path}[]`);
    case 'record':
      return walk(def.valueType, `${path}{}`);
    case 'pipe':
      return walk(def.in, path);
    case 'lazy':
      return walk((def.getter as () => unknown)(), path);
    default:
      return 'innerType' in def ? walk(def.innerType, path) : [];
  }
}
