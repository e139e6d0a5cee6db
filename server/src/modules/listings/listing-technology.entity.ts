import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { TechnologyEntity } from '../taxonomy/taxonomy.entity';
import { ListingEntity } from './listing.entity';

@Entity('listing_technologies')
@Index(['technologyId', 'listingId'])
export class ListingTechnologyEntity {
  @PrimaryColumn('uuid', { name: 'listing_id' })
  listingId: string;

  @PrimaryColumn('int', { name: 'technology_id' })
  technologyId: number;

  @ManyToOne(() => ListingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listing_id' })
  listing?: Relation<ListingEntity>;

  @ManyToOne(() => TechnologyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'technology_id' })
  technology?: Relation<TechnologyEntity>;
}
