import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { TechnologyEntity } from '../taxonomy/taxonomy.entity';
import { UserEntity } from './user.entity';

/** A technology of the taxonomy a user lists as a skill, in the order they gave. */
@Entity('profile_skills')
@Index(['technologyId', 'userId'])
@Unique('UQ_profile_skills_user_position', ['userId', 'position'])
@Check('CHK_profile_skills_position', `"position" BETWEEN 0 AND 19`)
export class ProfileSkillEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('int', { name: 'technology_id' })
  technologyId: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @ManyToOne(() => TechnologyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'technology_id' })
  technology?: Relation<TechnologyEntity>;

  @Column('smallint')
  position: number;
}
