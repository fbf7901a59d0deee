import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/transaction.js';
import { badUserInput, notFound } from '../../shared/errors.js';
import { logger } from '../../shared/logger.js';
import type { AuditActor } from '../../shared/request-context.js';
import { inCatalogTransaction, recordChange } from '../change/record-change.js';
import { ApiKeyEntity } from './api-key.entity.js';

/** `chk_` and 32 URL-safe characters (192 random bits). */
const KEY_PATTERN = /^chk_[A-Za-z0-9_-]{32}$/;
const PREFIX_LENGTH = 12;
export const MAX_KEY_QUOTA = 1_000_000_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

interface PendingUse {
  count: number;
  /** ms since the epoch: a Date is made once per write, not per request. */
  lastUsedAt: number;
}

/**
 * Creates, lists and revokes API keys, and recognises them on requests. Uses are counted in memory
 * and written every few seconds (and before a listing, and when the server stops), so that a busy
 * key does not cost a database write per request.
 */
export class ApiKeyService {
  private pending = new Map<number, PendingUse>();
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async create(input: { name: string; quota?: number | null }, by: AuditActor): Promise<{ apiKey: ApiKeyEntity; key: string }> {
    const name = input.name.trim();
    if (!name || name.length > 200) throw badUserInput('Name the third party the key is for (200 characters at most).', 'name');
    const quota = input.quota ?? null;
    if (quota !== null && (!Number.isInteger(quota) || quota < 1 || quota > MAX_KEY_QUOTA)) {
      throw badUserInput(`A quota is a whole number of cost points from 1 to ${MAX_KEY_QUOTA}.`, 'quota');
    }
    const key = `chk_${randomBytes(24).toString('base64url')}`;
    // A catalogue transaction: recording an API key's event moves the revision (record-change.ts).
    const apiKey = await inCatalogTransaction(this.dataSource, async (manager) => {
      const created = await manager.save(
        manager.create(ApiKeyEntity, {
          name,
          prefix: key.slice(0, PREFIX_LENGTH),
          keyHash: hashApiKey(key),
          quota,
          createdByUserId: by.actorId,
        }),
      );
      await recordChange(manager, {
        audit: [
          {
            ...by,
            batchId: randomUUID(),
            entityType: 'ApiKey',
            entityId: String(created.id),
            action: 'api-key-created',
            summary: `Created API key ${created.prefix}… for ${name}`,
            changes: { name: { from: null, to: name }, quota: { from: null, to: quota } },
          },
        ],
      });
      return created;
    });
    return { apiKey, key };
  }

  async revoke(id: number, by: AuditActor): Promise<ApiKeyEntity> {
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const apiKey = await manager.findOneBy(ApiKeyEntity, { id });
      if (!apiKey) throw notFound('No API key has this id.', 'id');
      if (apiKey.revokedAt) return apiKey;
      apiKey.revokedAt = new Date();
      await manager.update(ApiKeyEntity, { id }, { revokedAt: apiKey.revokedAt });
      await recordChange(manager, {
        audit: [
          {
            ...by,
            batchId: randomUUID(),
            entityType: 'ApiKey',
            entityId: String(id),
            action: 'api-key-revoked',
            summary: `Revoked API key ${apiKey.prefix}… of ${apiKey.name}`,
            changes: { revokedAt: { from: null, to: apiKey.revokedAt.toISOString() } },
          },
        ],
      });
      return apiKey;
    });
  }

  /** Every key, newest first, with its uses written first so the counts are current. */
  async list(): Promise<ApiKeyEntity[]> {
    await this.flushUsage();
    return this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** The working key a request presents, or null for a malformed, unknown or revoked one. Counts the use. */
  async authenticate(key: string): Promise<ApiKeyEntity | null> {
    const apiKey = await this.find(key);
    if (apiKey) this.countUse(apiKey.id);
    return apiKey;
  }

  /** The working key a request presents, or null for a malformed, unknown or revoked one; the use is not counted. */
  async find(key: string): Promise<ApiKeyEntity | null> {
    if (!KEY_PATTERN.test(key)) return null;
    const apiKey = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ keyHash: hashApiKey(key) });
    return apiKey && !apiKey.revokedAt ? apiKey : null;
  }

  /** Counts a request made with a working key (written with the others by `flushUsage`). */
  countUse(apiKeyId: number): void {
    const use = this.pending.get(apiKeyId);
    if (use) {
      use.count++;
      use.lastUsedAt = Date.now();
    } else {
      this.pending.set(apiKeyId, { count: 1, lastUsedAt: Date.now() });
    }
  }

  /** Writes the uses counted since the last write. */
  flushUsage(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.pending.size) return;
      const uses = [...this.pending];
      this.pending = new Map();
      try {
        await inTransaction(this.dataSource, async (manager) => {
          for (const [id, use] of uses) {
            await manager
              .createQueryBuilder()
              .update(ApiKeyEntity)
              .set({ requestCount: () => `request_count + ${use.count}`, lastUsedAt: new Date(use.lastUsedAt) })
              .where('id = :id', { id })
              .execute();
          }
        });
      } catch (error) {
        // Kept for the next write rather than lost.
        for (const [id, use] of uses) {
          const later = this.pending.get(id);
          this.pending.set(id, later ? { count: later.count + use.count, lastUsedAt: later.lastUsedAt } : use);
        }
        logger.error({ err: error }, 'Could not record API key uses.');
      }
    });
    return this.flushing;
  }

  /** Writes uses every `intervalMs` until `stop`. */
  startRecording(intervalMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flushUsage(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushUsage();
  }
}
