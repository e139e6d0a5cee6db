import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, isScalarType, isSpecifiedScalarType, type GraphQLNamedType } from 'graphql';
import { getSchema } from './schema';

/** Every type, field, argument and enum value of the public API is described. */
it('describes every type, field, argument and enum value', async () => {
  const schema = await getSchema();
  const missing: string[] = [];
  const own = (type: GraphQLNamedType) => !type.name.startsWith('__') && !(isScalarType(type) && isSpecifiedScalarType(type));

  for (const type of Object.values(schema.getTypeMap()).filter(own)) {
    if (!type.description && !['Query', 'Mutation', 'Subscription'].includes(type.name)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    if (isUnionType(type) && !type.description) missing.push(type.name);
  }
  expect(missing).toEqual([]);
});

// CheckoutSession { id url } (DESIGN §5) carries the id of the Payment it pays for rather than an id of its own.
const NOT_NODES = ['CheckoutSession'];

it('lets every object type with an id implement Node', async () => {
  const schema = await getSchema();
  const node = schema.getType('Node');
  const offenders = Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => 'id' in type.getFields() && !NOT_NODES.includes(type.name) && !type.getInterfaces().some((i) => i === node))
    .map((type) => type.name);
  expect(offenders).toEqual([]);
});
