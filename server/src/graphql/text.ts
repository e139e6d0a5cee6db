import { validate, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import {
  defaultFieldResolver,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { Extensions, type ValidatorFn } from 'type-graphql';
import { graphemeLengthWithin, normaliseText, type TextKind } from '../text';
import { badInput, type FieldErrors } from '../errors';
import { fieldsFromValidationErrors } from './errors';

/**
 * An input field holding several lines of text (a description, a message). `mayBeEmpty`: an
 * empty value is accepted though the field is non-null (a contract section while drafting).
 */
export const MultilineText = (options: { mayBeEmpty?: boolean } = {}) =>
  Extensions({ text: 'multiline' satisfies TextKind, ...(options.mayBeEmpty ? { mayBeEmpty: true } : {}) });
/** An input field holding a password. */
export const SecretText = () => Extensions({ text: 'secret' satisfies TextKind });
/** On a query or mutation: which of its own string arguments hold several lines of text. */
export const MultilineArgs = (...names: string[]) => Extensions({ multilineArgs: names });

/** Length in user-perceived characters (grapheme clusters), of text already normalised. */
export function TextLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  const range = min === 0 ? `at most ${max.toLocaleString('en-US')}` : `${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  return ValidateBy(
    {
      name: 'textLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => {
          // null is for @IsOptional (allowed) or @OmitOrValue (refused, with its own message) to judge.
          if (value === null) return true;
          if (typeof value !== 'string') return false;
          return graphemeLengthWithin(value, min, max);
        },
      },
    },
    { message: `must be ${range} characters`, ...options },
  );
}

/**
 * For fields of a partial update that may be left out but not cleared: omitted (undefined) skips
 * validation, `null` is refused with a clear message instead of reaching the service.
 */
export function OmitOrValue(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_object, value) => value !== undefined)(target, key as string);
    ValidateBy(
      { name: 'notNull', validator: { validate: (value: unknown) => value !== null } },
      { message: 'cannot be null: leave it out to keep the current value' },
    )(target, key as string);
  };
}

type ArgPlan = (value: unknown, path: string, problems: FieldErrors) => unknown;

/** Problems `normaliseTextArguments` found in a resolver call's arguments, for `validateArguments` to report. */
const textProblems = new WeakMap<object, FieldErrors>();

/**
 * An input with rules across its fields (a range in order, a city exactly when on site): they are
 * checked in the same pass as each field's own rules, so one BAD_USER_INPUT names every bad field.
 * Paths as class-validator's (`budget.maxCents`); a field's own message wins where both name it,
 * so a rule across fields should skip a field whose own rules fail.
 */
export interface CrossFieldRules {
  crossFieldErrors(): FieldErrors;
}

function hasCrossFieldRules(value: object): value is CrossFieldRules {
  return typeof (value as Partial<CrossFieldRules>).crossFieldErrors === 'function';
}

/**
 * type-graphql's validation of each argument (its `validateFn`): class-validator's rules over the
 * normalised input, reported together with the text problems found in the same call, as one
 * BAD_USER_INPUT naming every bad field. Runs before the resolver's method.
 */
export const validateArguments: ValidatorFn = async (value, _type, resolverData) => {
  const fields: FieldErrors = {};
  const instances = (Array.isArray(value) ? value : [value]).filter((item): item is object => item !== null && typeof item === 'object');
  for (const instance of instances) {
    const own = fieldsFromValidationErrors(await validate(instance, { forbidUnknownValues: false, stopAtFirstError: false }));
    const across = hasCrossFieldRules(instance) ? instance.crossFieldErrors() : {};
    Object.assign(fields, across, own);
  }
  Object.assign(fields, textProblems.get(resolverData.args));
  if (Object.keys(fields).length > 0) throw badInput(fields);
};

/**
 * Wraps every field of the schema that takes text so that its arguments are normalised
 * (`normaliseText`) before any resolver, validator or rule sees them: one mechanism for every
 * string argument of every operation, nested inputs and lists included. Problems are reported
 * by `validateArguments` with the rest of the input's (one BAD_USER_INPUT naming each field:
 * `title`, `search`, `body`); a subscription, which type-graphql does not validate, is refused
 * here. IDs are left to their decoders, which answer BAD_USER_INPUT (or null for `node`) themselves.
 */
export function normaliseTextArguments(schema: GraphQLSchema): GraphQLSchema {
  const inputPlans = new Map<string, ArgPlan | null>();

  const planFor = (type: GraphQLInputType, kind: TextKind, mayBeEmpty = false): ArgPlan | null => {
    const required = isNonNullType(type) && !mayBeEmpty;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      const item = planFor(nullable.ofType, kind, mayBeEmpty);
      if (!item) return null;
      return (value, path, problems) => (Array.isArray(value) ? value.map((element, i) => item(element, `${path}.${i}`, problems)) : value);
    }
    if (isScalarType(nullable)) {
      if (nullable.name !== 'String') return null;
      return (value, path, problems) => {
        if (typeof value !== 'string') return value;
        const result = normaliseText(value, kind, required);
        if (result.ok) return result.value;
        problems[path] = result.problem;
        // Validators never see text that is refused (some, such as isEmail, throw on a lone surrogate).
        return undefined;
      };
    }
    if (isInputObjectType(nullable)) {
      if (inputPlans.has(nullable.name)) return inputPlans.get(nullable.name) ?? null;
      inputPlans.set(nullable.name, null); // a cycle of input types ends here
      const fields = Object.values(nullable.getFields())
        .map((field) => ({
          name: field.name,
          plan: planFor(field.type, (field.extensions?.text as TextKind | undefined) ?? 'line', field.extensions?.mayBeEmpty === true),
        }))
        .filter((field): field is { name: string; plan: ArgPlan } => field.plan !== null);
      const plan: ArgPlan | null =
        fields.length === 0
          ? null
          : (value, path, problems) => {
              if (value === null || typeof value !== 'object') return value;
              const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
              for (const field of fields) {
                if (field.name in copy) copy[field.name] = field.plan(copy[field.name], path ? `${path}.${field.name}` : field.name, problems);
              }
              return copy;
            };
      inputPlans.set(nullable.name, plan);
      return plan;
    }
    return null;
  };

  const argumentPlans = (field: GraphQLField<unknown, unknown>) => {
    const multiline = new Set((field.extensions?.multilineArgs as string[] | undefined) ?? []);
    return field.args
      .map((arg: GraphQLArgument) => {
        // An input object's fields are named on their own (`title`), as class-validator names them.
        const path = isInputObjectType(getNullableType(arg.type)) ? '' : arg.name;
        return { name: arg.name, path, plan: planFor(arg.type, multiline.has(arg.name) ? 'multiline' : 'line') };
      })
      .filter((arg): arg is { name: string; path: string; plan: ArgPlan } => arg.plan !== null);
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const plans = argumentPlans(field);
      if (plans.length === 0) continue;
      const normalise = (args: Record<string, unknown>): { args: Record<string, unknown>; problems: FieldErrors | null } => {
        const problems: FieldErrors = {};
        const normalised = { ...args };
        for (const { name, path, plan } of plans) {
          if (name in normalised) normalised[name] = plan(normalised[name], path, problems);
        }
        return { args: normalised, problems: Object.keys(problems).length > 0 ? problems : null };
      };
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const normalised = normalise(args);
        if (normalised.problems) textProblems.set(normalised.args, normalised.problems);
        return resolve(source, normalised.args, context, info);
      };
      const subscribe = field.subscribe;
      if (subscribe) {
        field.subscribe = (source, args, context, info) => {
          const normalised = normalise(args);
          if (normalised.problems) throw badInput(normalised.problems);
          return subscribe(source, normalised.args, context, info);
        };
      }
    }
  }
  return schema;
}
