import type { Infrastructure } from '../../infrastructure';
import { ProjectSuperTypeEntity, ProjectTypeEntity, TechnologyClassEntity, TechnologyEntity } from './taxonomy.entity';
import { ProjectSuperTypeType, ProjectTypeType, type TechnologyClassType, TechnologyType, toTaxonomyTypes } from './taxonomy.type';

export type TaxonomyItem = ProjectSuperTypeType | ProjectTypeType | TechnologyClassType | TechnologyType;

/** The whole taxonomy in memory, with lookups by local id. */
export class Taxonomy {
  readonly projectSuperTypes: readonly ProjectSuperTypeType[];
  readonly projectTypes: readonly ProjectTypeType[];
  readonly technologyClasses: readonly TechnologyClassType[];
  readonly technologies: readonly TechnologyType[];
  private readonly superTypeById: ReadonlyMap<number, ProjectSuperTypeType>;
  private readonly projectTypeById: ReadonlyMap<number, ProjectTypeType>;
  private readonly classById: ReadonlyMap<number, TechnologyClassType>;
  private readonly technologyById: ReadonlyMap<number, TechnologyType>;
  /** Global ids are canonical (one string per object), so input ids resolve by exact match. */
  private readonly byGlobalId: ReadonlyMap<string, TaxonomyItem>;

  constructor(types: ReturnType<typeof toTaxonomyTypes>) {
    this.projectSuperTypes = types.superTypes;
    this.projectTypes = types.projectTypes;
    this.technologyClasses = types.classes;
    this.technologies = types.technologies;
    this.superTypeById = new Map(types.superTypes.map((item) => [item.localId, item]));
    this.projectTypeById = new Map(types.projectTypes.map((item) => [item.localId, item]));
    this.classById = new Map(types.classes.map((item) => [item.localId, item]));
    this.technologyById = new Map(types.technologies.map((item) => [item.localId, item]));
    this.byGlobalId = new Map(
      [...types.superTypes, ...types.projectTypes, ...types.classes, ...types.technologies].map((item) => [item.id, item]),
    );
  }

  /** The object of a global id if it is one of `type`'s, e.g. `findByGlobalId(id, TechnologyType)`. */
  findByGlobalId<T extends TaxonomyItem>(globalId: string, type: abstract new () => T): T | undefined {
    const found = this.byGlobalId.get(globalId);
    return found instanceof type ? found : undefined;
  }

  /** The local id of a technology's global id; undefined for anything else. */
  technologyIdOf(globalId: string): number | undefined {
    return this.findByGlobalId(globalId, TechnologyType)?.localId;
  }

  /** The local id of a project type's global id; undefined for anything else. */
  projectTypeIdOf(globalId: string): number | undefined {
    return this.findByGlobalId(globalId, ProjectTypeType)?.localId;
  }

  /** The local id of a project super type's global id; undefined for anything else. */
  projectSuperTypeIdOf(globalId: string): number | undefined {
    return this.findByGlobalId(globalId, ProjectSuperTypeType)?.localId;
  }

  projectSuperType(id: number): ProjectSuperTypeType | undefined {
    return this.superTypeById.get(id);
  }

  projectType(id: number): ProjectTypeType | undefined {
    return this.projectTypeById.get(id);
  }

  technologyClass(id: number): TechnologyClassType | undefined {
    return this.classById.get(id);
  }

  technology(id: number): TechnologyType | undefined {
    return this.technologyById.get(id);
  }
}

/**
 * The taxonomy changes only by migration, so each app reads it once, on first use, and answers
 * every later lookup from memory: no request issues SQL for it. A failed load is forgotten, so
 * the next request tries again instead of caching the failure.
 */
export class TaxonomyService {
  private loaded: Promise<Taxonomy> | undefined;
  /** The taxonomy once read, for `use`. */
  private read: Taxonomy | undefined;

  constructor(private readonly deps: Infrastructure) {}

  get(): Promise<Taxonomy> {
    this.loaded ??= this.load().then(
      (taxonomy) => (this.read = taxonomy),
      (error: unknown) => {
        this.loaded = undefined;
        throw error;
      },
    );
    return this.loaded;
  }

  /**
   * `lookup` applied to the taxonomy: at once (no promise) once it has been read, which is every
   * request but an app's first. A field resolver that returns at once lets GraphQL complete its
   * object without a promise: on a page of listings that is one promise fewer per listing and field.
   */
  use<T>(lookup: (taxonomy: Taxonomy) => T): T | Promise<T> {
    return this.read ? lookup(this.read) : this.get().then(lookup);
  }

  private async load(): Promise<Taxonomy> {
    const { ds } = this.deps;
    const byId = { order: { id: 'ASC' as const } };
    const [superTypes, projectTypes, classes, technologies] = await Promise.all([
      ds.getRepository(ProjectSuperTypeEntity).find(byId),
      ds.getRepository(ProjectTypeEntity).find(byId),
      ds.getRepository(TechnologyClassEntity).find(byId),
      ds.getRepository(TechnologyEntity).find(byId),
    ]);
    return new Taxonomy(toTaxonomyTypes({ superTypes, projectTypes, classes, technologies }));
  }
}
