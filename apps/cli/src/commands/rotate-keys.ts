import { NestFactory } from '@nestjs/core';
import { ResidentKeyRotation } from '@hvs/identity';
import { SetupModule } from '../setup.module';
import type { Say } from './say';

/**
 * Re-encrypts personal data under the current key (PII_ENCRYPTION_KEY_ID). Rotation: add the new key to
 * PII_ENCRYPTION_KEYS, make it current, restart, run this; then the old key can be removed.
 */
export async function rotateKeys(say: Say): Promise<void> {
  const app = await NestFactory.createApplicationContext(SetupModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const result = await app.get(ResidentKeyRotation).run();
    say(
      `personal data: ${result.scanned} resident record(s) checked, ${result.rotated} re-encrypted under the current key, ` +
        `${result.outboxPurged} expired SMS message(s) under an old key deleted`,
    );
  } finally {
    await app.close();
  }
}
