import { Inject, Injectable, Logger } from '@nestjs/common';
import { IsNull } from 'typeorm';
import type * as openpgp from 'openpgp';
import { AccountsService } from '../accounts/accounts.service.js';
import type { OrganisationResponse } from '../accounts/dto/user.response.js';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors } from '../common/domain-error.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { OrganisationKey, type KeyRevocationReason } from './entities/organisation-key.entity.js';
import { KeyEncryptionPassphrase } from './key-encryption-passphrase.js';
import {
  armouredKeyRing, binaryKeyRing, certifyPublicKey, clearSign, generateOrganisationKey, KeyUnlockError, revokePublicKey, unlockPrivateKey,
} from './organisation-key.crypto.js';
import { VerificationErrors } from './verification.errors.js';
import { wkdHash } from './wkd.js';

export interface KeyActor {
  id: string;
  role: string;
  organisationId: string | null;
}

export interface KeyRotation {
  organisationId: string;
  fingerprint: string;
  previousFingerprint: string | null;
  createdAt: Date;
}

/** What `revokeAndReplace` did: the keys now revoked (the current one first) and the key that replaces them. */
export interface KeyReplacement {
  revoked: OrganisationKey[];
  created: OrganisationKey;
}

/** The local part of an organisation key's address: `ondersteuningsteam-<slug of the name>`. */
export function organisationKeyLocalPart(organisationName: string, organisationId: string): string {
  let slug = organisationName.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .replace(/^ondersteuningsteam(-|$)/, '');
  slug = slug.slice(0, 32).replace(/-+$/, '');
  return `ondersteuningsteam-${slug || organisationId.slice(0, 8)}`;
}

/** ORG_KEY_EMAIL_DOMAIN, or the host PUBLIC_URL names. Lower case, as WKD compares it. */
export function organisationKeyDomain(config: AppConfig): string {
  return (config.ORG_KEY_EMAIL_DOMAIN ?? new URL(config.PUBLIC_URL).hostname).toLowerCase().replace(/^\[|\]$/g, '');
}

/**
 * Each support team's OpenPGP signing key: created on first need, its private half stored encrypted
 * under the key-encryption passphrase and unlocked in memory only, rotated on a coordinator's request
 * (the new key certified by the old; the old stays published so what it signed still verifies).
 */
@Injectable()
export class OrganisationKeysService {
  private readonly logger = new Logger('OrganisationKeys');
  /** Unlocked signing keys by key id. Unlocking runs the S2K once per key and process, not per signature. */
  private readonly unlocked = new Map<string, Promise<openpgp.PrivateKey>>();

  constructor(
    private readonly txHost: TransactionHost,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly passphrase: KeyEncryptionPassphrase,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private get keys() {
    return this.txHost.tx.getRepository(OrganisationKey);
  }

  get emailDomain(): string {
    return organisationKeyDomain(this.config);
  }

  /** The team's current signing key, created when it has none yet. Only support teams have keys. */
  async currentKey(organisationId: string): Promise<OrganisationKey> {
    const existing = await this.keys.findOneBy({ organisationId, retiredAt: IsNull() });
    if (existing) return existing;
    return this.createFirstKey(await this.supportTeam(organisationId));
  }

  @Transactional()
  private async createFirstKey(organisation: OrganisationResponse): Promise<OrganisationKey> {
    await this.lockKeysOf(organisation.id);
    const raced = await this.keys.createQueryBuilder('k')
      .where('k.organisation_id = :organisationId AND k.retired_at IS NULL', { organisationId: organisation.id }).getOne();
    return raced ?? this.createKey(organisation, null);
  }

  /** Clear-signs `text` with `key` (from `currentKey`), so the text can name the key that signs it. */
  async clearSignWith(key: OrganisationKey, text: string): Promise<string> {
    return clearSign(text, await this.signingKey(key));
  }

  /**
   * HOOK for the attachments module: the counsellor's own public key, certified by the team's current
   * key, so partners' GnuPG shows that the support team vouches for it. Returns the armoured key.
   */
  async certifyCounsellorKey(organisationId: string, armoredPublicKey: string): Promise<{ certifiedKey: string; organisationFingerprint: string }> {
    const key = await this.currentKey(organisationId);
    return { certifiedKey: await certifyPublicKey(armoredPublicKey, await this.signingKey(key)), organisationFingerprint: key.fingerprint };
  }

  /** Every key the team has had, current first, as one armoured block: old statements verify too. */
  async publishedKeyRing(organisationId: string): Promise<string> {
    await this.currentKey(organisationId);
    return armouredKeyRing((await this.keysOf(organisationId)).map((k) => k.publicKey));
  }

  /**
   * Web Key Directory: the binary keys published under `hash` for `domain`, or null. Only keys whose
   * address is on `domain` count, so a key made under an earlier domain is not served under a new one.
   */
  async wkdKeyRing(domain: string, hash: string): Promise<Buffer | null> {
    const keys = await this.keys.createQueryBuilder('k')
      .where('k.wkd_hash = :hash AND lower(k.email) LIKE :suffix', { hash, suffix: `%@${domain.toLowerCase().replace(/[%_\\]/g, '\\$&')}` })
      .orderBy('k.retiredAt', 'DESC', 'NULLS FIRST')
      .getMany();
    return keys.length ? binaryKeyRing(keys.map((k) => k.publicKey)) : null;
  }

  /** Fingerprints of keys by id, for answers that name the key that signed something. */
  async fingerprints(keyIds: string[]): Promise<Map<string, string>> {
    if (keyIds.length === 0) return new Map();
    const rows = await this.keys.createQueryBuilder('k').where('k.id IN (:...keyIds)', { keyIds }).getMany();
    return new Map(rows.map((k) => [k.id, k.fingerprint]));
  }

  /** Coordinators rotate their own team's key. Another team's key answers 404, like any foreign resource. */
  @Transactional()
  async rotate(actor: KeyActor, organisationId: string): Promise<KeyRotation> {
    if (actor.role !== 'coordinator' || actor.organisationId !== organisationId) throw CommonErrors.notFound('organisation');
    const organisation = await this.supportTeam(organisationId);
    await this.lockKeysOf(organisationId);
    const previous = await this.keys.createQueryBuilder('k')
      .where('k.organisation_id = :organisationId AND k.retired_at IS NULL', { organisationId }).getOne();
    if (previous) await this.keys.update({ id: previous.id }, { retiredAt: new Date() });
    const created = await this.createKey(organisation, previous);
    if (previous) {
      await this.audit.record({
        action: 'organisation_key.rotated', subjectType: 'organisation', subjectId: organisationId,
        details: { fingerprint: created.fingerprint, previousFingerprint: previous.fingerprint },
      });
    }
    return { organisationId, fingerprint: created.fingerprint, previousFingerprint: previous?.fingerprint ?? null, createdAt: created.createdAt };
  }

  /**
   * Revokes the team's current key and creates its successor, in the caller's transaction (holding the
   * key lock until it commits). Each revoked key's published copy gains a revocation signature made
   * with its own private half, so partners' GnuPG sees it revoked on the next fetch (HTTP or WKD).
   * `superseded`: only the current key, and the successor is certified by it, as in a rotation.
   * `compromised`: every key of the team not yet revoked, retired ones too (their private halves sit
   * beside the current one, under the same passphrase), and the successor is NOT certified by any of
   * them — a thief's key could make the same certification. Authorisation is the caller's job.
   */
  @Transactional()
  async revokeAndReplace(organisationId: string, reason: KeyRevocationReason, note: string | null): Promise<KeyReplacement> {
    const organisation = await this.supportTeam(organisationId);
    await this.lockKeysOf(organisationId);
    const current = await this.keys.createQueryBuilder('k')
      .where('k.organisation_id = :organisationId AND k.retired_at IS NULL', { organisationId }).getOne();
    if (!current) throw VerificationErrors.noKeyToRevoke();
    const retiredBefore = reason === 'compromised'
      ? await this.keys.createQueryBuilder('k')
        .where('k.organisation_id = :organisationId AND k.retired_at IS NOT NULL AND k.revoked_at IS NULL', { organisationId })
        .orderBy('k.retiredAt', 'DESC').getMany()
      : [];
    await this.keys.update({ id: current.id }, { retiredAt: new Date() });
    const created = await this.createKey(organisation, current, { certifiedByPredecessor: reason === 'superseded' });
    // After the successor's certification, so that certification predates the revocation.
    const revokedAt = new Date();
    const comment = `Vervangen door / replaced by ${created.fingerprint}`;
    const revoked: OrganisationKey[] = [];
    for (const key of [current, ...retiredBefore]) {
      const publicKey = await revokePublicKey(key.publicKey, await this.signingKey(key), reason, comment, revokedAt);
      const changes = {
        publicKey, retiredAt: key.retiredAt ?? revokedAt, revokedAt, revocationReason: reason, revocationNote: key.id === current.id ? note : null,
      };
      await this.keys.update({ id: key.id }, changes);
      // Nothing signs with a revoked key again; forget its unlocked copy.
      this.unlocked.delete(key.id);
      revoked.push({ ...key, ...changes });
    }
    this.logger.warn(`Revoked organisation key(s) ${revoked.map((k) => k.fingerprint).join(', ')} of organisation ${organisationId} (${reason}); new key ${created.fingerprint}`);
    return { revoked, created };
  }

  private async keysOf(organisationId: string): Promise<OrganisationKey[]> {
    return this.keys.createQueryBuilder('k')
      .where('k.organisation_id = :organisationId', { organisationId })
      .orderBy('k.retiredAt', 'DESC', 'NULLS FIRST')
      .getMany();
  }

  private async supportTeam(organisationId: string): Promise<OrganisationResponse> {
    const organisation = await this.accounts.getOrganisation(organisationId);
    if (organisation.kind !== 'support_team') throw VerificationErrors.noOrganisationKey();
    return organisation;
  }

  /**
   * Serialises key creation, rotation and revocation per organisation, across every app process, until
   * the caller's transaction ends. Issuing a credential holds it too, so nothing is signed with a key
   * while it is being revoked.
   */
  async lockKeysOf(organisationId: string): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`organisation_key:${organisationId}`]);
  }

  /**
   * In the caller's transaction, holding the organisation's key lock. A successor is certified by
   * `predecessor`, unless that key is being revoked as compromised.
   */
  private async createKey(
    organisation: OrganisationResponse, predecessor: OrganisationKey | null, { certifiedByPredecessor = true } = {},
  ): Promise<OrganisationKey> {
    const email = predecessor?.email ?? (await this.freeAddress(organisation));
    const generated = await generateOrganisationKey({ name: organisation.name, email }, await this.passphrase.get());
    const publicKey = predecessor && certifiedByPredecessor
      ? await certifyPublicKey(generated.publicKey, await this.signingKey(predecessor)) : generated.publicKey;
    const saved = await this.keys.save(this.keys.create({
      organisationId: organisation.id,
      fingerprint: generated.fingerprint,
      email,
      wkdHash: wkdHash(email.split('@')[0]),
      publicKey,
      encryptedPrivateKey: generated.encryptedPrivateKey,
      retiredAt: null,
      predecessorId: predecessor?.id ?? null,
    }));
    await this.audit.record({
      action: 'organisation_key.created', subjectType: 'organisation', subjectId: organisation.id,
      details: { fingerprint: saved.fingerprint, predecessorFingerprint: predecessor?.fingerprint ?? null, certifiedByPredecessor: !!predecessor && certifiedByPredecessor },
    });
    this.logger.log(`Created organisation key ${saved.fingerprint} for organisation ${organisation.id}`);
    return saved;
  }

  /** Two teams with the same name must not share an address (WKD would mix their keys). */
  private async freeAddress(organisation: OrganisationResponse): Promise<string> {
    const localPart = organisationKeyLocalPart(organisation.name, organisation.id);
    const email = `${localPart}@${this.emailDomain}`;
    const taken = await this.keys.createQueryBuilder('k')
      .where('lower(k.email) = lower(:email) AND k.organisation_id <> :id', { email, id: organisation.id }).getExists();
    return taken ? `${localPart}-${organisation.id.slice(0, 8)}@${this.emailDomain}` : email;
  }

  private async signingKey(key: OrganisationKey): Promise<openpgp.PrivateKey> {
    let unlocked = this.unlocked.get(key.id);
    if (!unlocked) {
      unlocked = this.unlock(key.id);
      this.unlocked.set(key.id, unlocked);
      unlocked.catch(() => this.unlocked.delete(key.id));
    }
    return unlocked;
  }

  private async unlock(keyId: string): Promise<openpgp.PrivateKey> {
    const row = await this.keys.createQueryBuilder('k').addSelect('k.encryptedPrivateKey').where('k.id = :keyId', { keyId }).getOneOrFail();
    try {
      return await unlockPrivateKey(row.encryptedPrivateKey, await this.passphrase.get());
    } catch (error) {
      if (error instanceof KeyUnlockError) {
        // The key id and fingerprint only: never the key or the passphrase.
        this.logger.error(`Organisation key ${row.fingerprint} cannot be unlocked: ORG_KEY_PASSPHRASE differs from the one it was created under`);
        throw VerificationErrors.organisationKeyUnavailable();
      }
      throw error;
    }
  }
}
