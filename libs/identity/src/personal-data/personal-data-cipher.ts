import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys for personal data: AES-256-GCM keys by id (one current), and the HMAC key of the lookup index. */
export interface PersonalDataKeys {
  /** Key id -> 32-byte key. Old keys stay here until every value is re-encrypted. */
  encryptionKeys: ReadonlyMap<string, Buffer>;
  currentKeyId: string;
  /** Key of the keyed hash used to find and deduplicate values without decrypting them. */
  indexKey: Buffer;
}

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class PersonalDataError extends Error {}

/**
 * Encrypts personal fields at rest (AES-256-GCM) and computes their keyed-hash index (HMAC-SHA256).
 *
 * A stored value is one buffer: version (1 byte), key-id length (1) and key id, IV (12), auth tag (16),
 * ciphertext. The key id makes rotation possible: new values use the current key, old ones are still
 * read with theirs, `needsRotation` tells which to re-encrypt. The field's purpose (e.g.
 * "resident.cccd") is authenticated data, so a value copied into another column does not decrypt.
 * The index is deterministic per purpose and normalised value: equal values give equal indexes (unique
 * constraint, exact lookup), and without the index key it reveals nothing.
 */
export class PersonalDataCipher {
  constructor(private readonly keys: PersonalDataKeys) {
    if (!keys.encryptionKeys.has(keys.currentKeyId)) throw new PersonalDataError(`no encryption key "${keys.currentKeyId}"`);
    for (const [id, key] of keys.encryptionKeys) {
      if (!KEY_ID.test(id)) throw new PersonalDataError(`bad key id "${id}"`);
      if (key.length !== 32) throw new PersonalDataError(`encryption key "${id}" must be 32 bytes`);
    }
    if (keys.indexKey.length < 32) throw new PersonalDataError('the index key must be at least 32 bytes');
  }

  encrypt(plaintext: string, purpose: string): Buffer {
    const keyId = this.keys.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.encryptionKeys.get(keyId) as Buffer, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const id = Buffer.from(keyId, 'ascii');
    return Buffer.concat([Buffer.from([FORMAT_VERSION, id.length]), id, iv, cipher.getAuthTag(), data]);
  }

  decrypt(stored: Buffer, purpose: string): string {
    const { keyId, iv, tag, data } = this.unpack(stored);
    const key = this.keys.encryptionKeys.get(keyId);
    if (!key) throw new PersonalDataError(`no encryption key "${keyId}" to read this value`);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      throw new PersonalDataError('personal data failed authentication (tampered, or read for another purpose)');
    }
  }

  /** The key id a stored value was encrypted with. */
  keyIdOf(stored: Buffer): string {
    return this.unpack(stored).keyId;
  }

  /** True when a stored value was encrypted with another key than the current one. */
  needsRotation(stored: Buffer): boolean {
    return this.keyIdOf(stored) !== this.keys.currentKeyId;
  }

  /** Keyed hash of a value for exact lookup and uniqueness; normalise the value before (e.g. digits only). */
  index(value: string, purpose: string): Buffer {
    return createHmac('sha256', this.keys.indexKey).update(purpose, 'utf8').update('\0').update(value, 'utf8').digest();
  }

  /** Compares a value with an index in constant time. */
  matches(value: string, purpose: string, index: Buffer): boolean {
    const computed = this.index(value, purpose);
    return computed.length === index.length && timingSafeEqual(computed, index);
  }

  private unpack(stored: Buffer): { keyId: string; iv: Buffer; tag: Buffer; data: Buffer } {
    if (stored.length < 2 || stored[0] !== FORMAT_VERSION) throw new PersonalDataError('unknown personal data format');
    const idLength = stored[1];
    const ivStart = 2 + idLength;
    const tagStart = ivStart + IV_BYTES;
    const dataStart = tagStart + TAG_BYTES;
    if (stored.length < dataStart) throw new PersonalDataError('truncated personal data');
    return {
      keyId: stored.subarray(2, ivStart).toString('ascii'),
      iv: stored.subarray(ivStart, tagStart),
      tag: stored.subarray(tagStart, dataStart),
      data: stored.subarray(dataStart),
    };
  }
}

/**
 * Parses keys from configuration: `PII_ENCRYPTION_KEYS` = "id1:base64,id2:base64" (32-byte keys),
 * `PII_ENCRYPTION_KEY_ID` = the current id, `PII_INDEX_KEY` = base64 (at least 32 bytes).
 */
export function parsePersonalDataKeys(encryptionKeys: string, currentKeyId: string, indexKey: string): PersonalDataKeys {
  const map = new Map<string, Buffer>();
  for (const pair of encryptionKeys.split(',').map((p) => p.trim()).filter(Boolean)) {
    const sep = pair.indexOf(':');
    if (sep <= 0) throw new PersonalDataError('PII_ENCRYPTION_KEYS must look like "id:base64key,id2:base64key"');
    map.set(pair.slice(0, sep), Buffer.from(pair.slice(sep + 1), 'base64'));
  }
  return { encryptionKeys: map, currentKeyId, indexKey: Buffer.from(indexKey, 'base64') };
}
