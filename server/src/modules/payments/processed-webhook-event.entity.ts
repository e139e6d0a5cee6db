import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Stripe event ids already handled: a redelivered event is acknowledged and ignored. */
@Entity('processed_webhook_events')
export class ProcessedWebhookEventEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  type: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt: Date;
}
