import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { ProjectSuperTypeEntity, ProjectTypeEntity, TechnologyClassEntity, TechnologyEntity } from './taxonomy.entity';

/*
 * The taxonomy is built once per app into these objects, linked to each other, and every request
 * reads the same instances: relations are plain properties, so they cost no SQL and no loader.
 */

@ObjectType('ProjectSuperType', { implements: Node, description: 'The broadest kind of project, such as Software or Design.' })
export class ProjectSuperTypeType extends Node {
  localId: number;

  @Field({ description: 'Name, such as "Software".' })
  name: string;

  @Field(() => [ProjectTypeType], { description: 'The project types of this super type.' })
  projectTypes: ProjectTypeType[];
}

@ObjectType('ProjectType', { implements: Node, description: 'A kind of project: a super type, optionally narrowed by type and platform.' })
export class ProjectTypeType extends Node {
  localId: number;

  @Field({ description: 'Super type, type and platform joined, e.g. "Software · Web · Backend" or "Project Management".' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Type within the super type, e.g. "Web"; null when the super type is not divided.' })
  type: string | null;

  @Field(() => String, { nullable: true, description: 'Platform, e.g. "Backend"; null when the type has none.' })
  platform: string | null;

  @Field(() => ProjectSuperTypeType, { description: 'The super type.' })
  superType: ProjectSuperTypeType;
}

@ObjectType('TechnologyClass', { implements: Node, description: 'A group of technologies, such as Data Store.' })
export class TechnologyClassType extends Node {
  localId: number;

  @Field({ description: 'Name, such as "Programming Language".' })
  name: string;

  @Field(() => [TechnologyType], { description: 'The technologies of this class.' })
  technologies: TechnologyType[];
}

@ObjectType('Technology', { implements: Node, description: 'A technology a gig needs, such as TypeScript or PostgreSQL.' })
export class TechnologyType extends Node {
  localId: number;

  @Field({ description: 'Name, spelled as the product spells itself.' })
  name: string;

  @Field({ description: 'Icon slug, e.g. "postgresql", for the client to map to an image.' })
  icon: string;

  @Field(() => TechnologyClassType, { description: 'The class it belongs to.' })
  technologyClass: TechnologyClassType;
}

export function projectTypeName(superTypeName: string, type: string | null, platform: string | null): string {
  return [superTypeName, type, platform].filter((part): part is string => Boolean(part)).join(' · ');
}

export interface TaxonomyRows {
  superTypes: ProjectSuperTypeEntity[];
  projectTypes: ProjectTypeEntity[];
  classes: TechnologyClassEntity[];
  technologies: TechnologyEntity[];
}

/** Links the rows into one graph of GraphQL objects; rows must be complete (foreign keys hold). */
export function toTaxonomyTypes(rows: TaxonomyRows): {
  superTypes: ProjectSuperTypeType[];
  projectTypes: ProjectTypeType[];
  classes: TechnologyClassType[];
  technologies: TechnologyType[];
} {
  const superTypes = rows.superTypes.map((row) =>
    Object.assign(new ProjectSuperTypeType(), { id: toGlobalId('ProjectSuperType', row.id), localId: row.id, name: row.name, projectTypes: [] }),
  );
  const superTypeById = new Map(superTypes.map((superType) => [superType.localId, superType]));
  const projectTypes = rows.projectTypes.map((row) => {
    const superType = superTypeById.get(row.superTypeId);
    if (!superType) throw new Error(`project type ${row.id} has no super type ${row.superTypeId}`);
    const projectType = Object.assign(new ProjectTypeType(), {
      id: toGlobalId('ProjectType', row.id),
      localId: row.id,
      name: projectTypeName(superType.name, row.type, row.platform),
      type: row.type,
      platform: row.platform,
      superType,
    });
    superType.projectTypes.push(projectType);
    return projectType;
  });

  const classes = rows.classes.map((row) =>
    Object.assign(new TechnologyClassType(), { id: toGlobalId('TechnologyClass', row.id), localId: row.id, name: row.name, technologies: [] }),
  );
  const classById = new Map(classes.map((technologyClass) => [technologyClass.localId, technologyClass]));
  const technologies = rows.technologies.map((row) => {
    const technologyClass = classById.get(row.technologyClassId);
    if (!technologyClass) throw new Error(`technology ${row.id} has no class ${row.technologyClassId}`);
    const technology = Object.assign(new TechnologyType(), {
      id: toGlobalId('Technology', row.id),
      localId: row.id,
      name: row.name,
      icon: row.icon,
      technologyClass,
    });
    technologyClass.technologies.push(technology);
    return technology;
  });

  return { superTypes, projectTypes, classes, technologies };
}
