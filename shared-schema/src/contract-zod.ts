import { z } from 'zod';
import { DAY, ISO_TIME, ROW_ID, type FieldDesc, type RowField } from './row-field.ts';

/**
 * The zod schema of a row-contract field, for REST validators and admin forms on the server.
 * Built from the field's description, so it holds exactly the limits the sync push checks; kept
 * apart from the contracts so the app's first load carries no validator library.
 */
export type ZodOf<D extends FieldDesc> = D extends { kind: 'enum'; values: infer V extends readonly [string, ...string[]] }
  ? z.ZodEnum<{ [K in V[number]]: K }>
  : D extends { kind: 'int' | 'real' }
    ? z.ZodNumber
    : D extends { kind: 'bool' }
      ? z.ZodBoolean
      : D extends { kind: 'json' }
        ? z.ZodUnknown
        : z.ZodString;

export function fieldZod<D extends FieldDesc>(f: RowField<D>): ZodOf<D> {
  const d = f.desc as FieldDesc;
  const schema = (() => {
    switch (d.kind) {
      case 'text':
        return z.string().max(d.max);
      case 'enum':
        return z.enum(d.values);
      case 'isoTime':
        return z.string().max(40).regex(ISO_TIME, 'must be an ISO-8601 time');
      case 'day':
        return z.string().regex(DAY, 'must be a date (YYYY-MM-DD)');
      case 'dayOrTime':
        return z.string().max(40).refine((v) => f.check(v) === null, 'must be a date (YYYY-MM-DD) or an ISO-8601 time');
      case 'ref':
        return z.string().regex(ROW_ID, 'must be a row id');
      case 'int':
        return z.number().int().min(d.min).max(d.max);
      case 'real':
        return z.number().min(d.min).max(d.max);
      case 'bool':
        return z.boolean();
      case 'json':
        return z.unknown().refine((v) => f.check(v) === null, `must be JSON of at most ${d.max} characters`);
    }
  })();
  return schema as unknown as ZodOf<D>;
}
