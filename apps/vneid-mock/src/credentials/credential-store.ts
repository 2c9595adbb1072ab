import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { maskCccd } from '@hvs/identity';
import { partnerError } from '../mock-errors';
import type { RecordCredentialBody } from './credential.dto';

/** The stored answer of a recording: what a replay of its key repeats. */
export interface RecordedAnswer {
  reference: string;
  status: 'recorded';
  recordedAt: string;
}

interface CredentialRecord {
  seq: number;
  reference: string;
  clientId: string;
  idempotencyKey: string;
  body: RecordCredentialBody;
  status: 'recorded' | 'revoked';
  recordedAt: Date;
  revokedAt: Date | null;
  revocationReason: string | null;
  answer: RecordedAnswer;
}

interface KeyState {
  key: string;
  /** Set once the key recorded a credential: the body it is bound to, and the reference. */
  fingerprint: string | null;
  reference: string | null;
  inProgress: boolean;
  requests: number;
  replays: number;
  inProgressRefusals: number;
  reuseRefusals: number;
}

interface SerialState {
  reference: string | null;
  keys: Set<string>;
  refusals: number;
  inProgressKey: string | null;
}

/** Everything recorded; replaced as a whole by a reset, so a request still in flight writes into the old one. */
class StoreState {
  seq = 0;
  readonly byReference = new Map<string, CredentialRecord>();
  readonly ordered: CredentialRecord[] = [];
  readonly keys = new Map<string, KeyState>();
  readonly serials = new Map<string, SerialState>();
}

/** JSON with sorted keys: two bodies are "the same" when their values are, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const fingerprint = (body: RecordCredentialBody) => createHash('sha256').update(canonicalJson(body)).digest('hex');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const REFERENCE = /^VNC-[0-9A-F]{20}$/;

export interface RecordRequest {
  clientId: string;
  key: string;
  body: RecordCredentialBody;
  /** How long the recording takes while the key is held (the fault setting processingMs). */
  processingMs: number;
  /** Throws when the holder cannot receive a credential (CITIZEN_NOT_FOUND, HOLDER_MISMATCH). */
  checkHolder: (holder: RecordCredentialBody['holder']) => void;
}

/**
 * The partner's credentials and idempotency keys (docs/vneid-partner-api.md, 4.1): a key is bound to
 * its body once it recorded a credential, concurrent requests with one key never both record, and a
 * serial is recorded once whatever the keys. In memory: nothing survives a restart or a reset.
 */
@Injectable()
export class CredentialStore {
  private state = new StoreState();

  async record(req: RecordRequest): Promise<{ answer: RecordedAnswer; replayed: boolean }> {
    const state = this.state;
    const keyId = `${req.clientId}\u0000${req.key}`;
    let key = state.keys.get(keyId);
    if (!key) {
      key = { key: req.key, fingerprint: null, reference: null, inProgress: false, requests: 0, replays: 0, inProgressRefusals: 0, reuseRefusals: 0 };
      state.keys.set(keyId, key);
    }
    key.requests++;
    if (key.inProgress) {
      key.inProgressRefusals++;
      throw partnerError('IDEMPOTENCY_KEY_IN_PROGRESS', { retryAfterSeconds: 1 });
    }
    const print = fingerprint(req.body);
    if (key.reference) {
      if (key.fingerprint !== print) {
        key.reuseRefusals++;
        throw partnerError('IDEMPOTENCY_KEY_REUSED');
      }
      key.replays++;
      return { answer: (state.byReference.get(key.reference) as CredentialRecord).answer, replayed: true };
    }
    let serial = state.serials.get(req.body.serial);
    if (!serial) {
      serial = { reference: null, keys: new Set(), refusals: 0, inProgressKey: null };
      state.serials.set(req.body.serial, serial);
    }
    serial.keys.add(req.key);
    if (serial.reference) {
      serial.refusals++;
      const existing = state.byReference.get(serial.reference) as CredentialRecord;
      throw partnerError('SERIAL_ALREADY_RECORDED', { reference: existing.reference, recordedAt: existing.recordedAt.toISOString() });
    }
    if (serial.inProgressKey !== null) throw partnerError('SERIAL_IN_PROGRESS', { retryAfterSeconds: 1 });

    key.inProgress = true;
    serial.inProgressKey = req.key;
    try {
      if (req.processingMs > 0) await sleep(req.processingMs);
      req.checkHolder(req.body.holder);
      const recordedAt = new Date();
      const reference = `VNC-${randomBytes(10).toString('hex').toUpperCase()}`;
      const record: CredentialRecord = {
        seq: ++state.seq,
        reference,
        clientId: req.clientId,
        idempotencyKey: req.key,
        body: req.body,
        status: 'recorded',
        recordedAt,
        revokedAt: null,
        revocationReason: null,
        answer: { reference, status: 'recorded', recordedAt: recordedAt.toISOString() },
      };
      state.byReference.set(reference, record);
      state.ordered.push(record);
      key.fingerprint = print;
      key.reference = reference;
      serial.reference = reference;
      return { answer: record.answer, replayed: false };
    } finally {
      key.inProgress = false;
      serial.inProgressKey = null;
    }
  }

  get(clientId: string, reference: string) {
    return this.view(this.find(clientId, reference), true);
  }

  list(clientId: string, query: { serial?: string; after?: string; limit: number }) {
    const after = query.after ? Number(query.after.slice(1)) : 0;
    const matching = this.state.ordered.filter((r) => r.clientId === clientId && r.seq > after && (!query.serial || r.body.serial === query.serial));
    const page = matching.slice(0, query.limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => this.view(r, false)), nextCursor: matching.length > page.length && last ? `c${last.seq}` : null };
  }

  /** Revokes once; a second revocation answers the first one's moment and reason. */
  revoke(clientId: string, reference: string, reason: string) {
    const record = this.find(clientId, reference);
    if (record.status !== 'revoked') {
      record.status = 'revoked';
      record.revokedAt = new Date();
      record.revocationReason = reason;
    }
    return { reference, status: record.status, revokedAt: record.revokedAt?.toISOString(), revocationReason: record.revocationReason };
  }

  /** Every credential and key, for GET /admin/inspection (docs/vneid-partner-api.md, 7). */
  inspection() {
    const state = this.state;
    const keys = [...state.keys.values()];
    const keyOf = (r: CredentialRecord) => state.keys.get(`${r.clientId}\u0000${r.idempotencyKey}`) as KeyState;
    const credentials = state.ordered.map((r) => {
      const serial = state.serials.get(r.body.serial) as SerialState;
      return {
        reference: r.reference,
        serial: r.body.serial,
        status: r.status,
        recordedAt: r.recordedAt.toISOString(),
        revokedAt: r.revokedAt?.toISOString() ?? null,
        idempotencyKey: r.idempotencyKey,
        keyRequests: keyOf(r).requests,
        keyReplays: keyOf(r).replays,
        serialKeys: serial.keys.size,
        serialRefusals: serial.refusals,
      };
    });
    const duplicates = [...state.serials.entries()]
      .filter(([, s]) => s.keys.size > 1)
      .map(([serial, s]) => ({ serial, keys: [...s.keys], refusals: s.refusals }));
    return {
      totals: {
        credentials: state.ordered.length,
        revoked: state.ordered.filter((r) => r.status === 'revoked').length,
        idempotencyKeys: keys.length,
        replays: keys.reduce((n, k) => n + k.replays, 0),
        keysUsedMoreThanOnce: keys.filter((k) => k.requests > 1).length,
        serialsWithSeveralKeys: duplicates.length,
      },
      credentials,
      idempotencyKeys: keys.map((k) => ({
        key: k.key,
        requests: k.requests,
        recorded: k.reference ? 1 : 0,
        replays: k.replays,
        inProgressRefusals: k.inProgressRefusals,
        reuseRefusals: k.reuseRefusals,
        reference: k.reference,
      })),
      duplicates,
    };
  }

  reset(): void {
    this.state = new StoreState();
  }

  private find(clientId: string, reference: string): CredentialRecord {
    const record = REFERENCE.test(reference) ? this.state.byReference.get(reference) : undefined;
    if (!record || record.clientId !== clientId) throw partnerError('CREDENTIAL_NOT_FOUND');
    return record;
  }

  private view(r: CredentialRecord, withCredential: boolean) {
    const b = r.body;
    return {
      reference: r.reference,
      serial: b.serial,
      status: r.status,
      courseCode: b.courseCode,
      courseVersion: b.courseVersion,
      issuedAt: b.issuedAt,
      issuingUnitCode: b.issuingUnitCode,
      holder: { cccd: maskCccd(b.holder.cccd), fullName: b.holder.fullName },
      recordedAt: r.recordedAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
      revocationReason: r.revocationReason,
      ...(withCredential ? { credential: b.credential } : {}),
    };
  }
}
