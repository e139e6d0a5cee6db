import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/** The taxonomy changes only by migration; ids are fixed by the seed. */
@Entity('project_super_types')
export class ProjectSuperTypeEntity {
  @PrimaryColumn('int')
  id: number;

  @Column('text', { unique: true })
  name: string;
}

@Entity('project_types')
export class ProjectTypeEntity {
  @PrimaryColumn('int')
  id: number;

  @Index()
  @Column('int', { name: 'super_type_id' })
  superTypeId: number;

  @ManyToOne(() => ProjectSuperTypeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'super_type_id' })
  superType?: Relation<ProjectSuperTypeEntity>;

  @Column('text', { nullable: true })
  type: string | null;

  @Column('text', { nullable: true })
  platform: string | null;
}

@Entity('technology_classes')
export class TechnologyClassEntity {
  @PrimaryColumn('int')
  id: number;

  @Column('text', { unique: true })
  name: string;
}

@Entity('technologies')
export class TechnologyEntity {
  @PrimaryColumn('int')
  id: number;

  @Column('text', { unique: true })
  name: string;

  @Column('text')
  icon: string;

  @Index()
  @Column('int', { name: 'technology_class_id' })
  technologyClassId: number;

  @ManyToOne(() => TechnologyClassEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'technology_class_id' })
  technologyClass?: Relation<TechnologyClassEntity>;
}
