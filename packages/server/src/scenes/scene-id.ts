import { createHmac } from 'node:crypto'
import { MiniCodeError, SCENE_ID_BODY_LENGTH, SCENE_ID_PREFIX } from '@minicode/core'

// Domain separation: the same secret may key other HMACs (sessions); these never collide with them.
const LABEL = 'minicode scene id v1\n'

/**
 * Makes long-scene ids: `~` + the first 31 base64url characters (186 bits) of
 * HMAC-SHA256(secret, canonical data). Deterministic (same data, same id, on every process that has
 * the secret), and without the secret neither computable nor guessable: walking ids finds nothing.
 * The secret must be at least 32 bytes.
 */
export function createSceneIdMaker(secret: string | Uint8Array): (canonicalData: string) => string {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret)
  if (key.length < 32) {
    throw new MiniCodeError(
      'invalid_request',
      'The scene id secret must be at least 32 bytes (e.g. `openssl rand -hex 32` in MINICODE_SCENE_SECRET).',
      { field: 'secret' },
    )
  }
  return (canonicalData) =>
    SCENE_ID_PREFIX +
    createHmac('sha256', key)
      .update(LABEL + canonicalData)
      .digest('base64url')
      .slice(0, SCENE_ID_BODY_LENGTH)
}
