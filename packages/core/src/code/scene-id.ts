/**
 * Long scenes (data kept on the server, a short id in the code) put an *id scene* in the code: `~`
 * followed by 31 base64url characters (`0-9 A-Z a-z - _`), 32 characters in all, the most a scene
 * holds. The server derives the 31 characters from an HMAC of the data under its own secret, so the
 * same data always gets the same id and nobody without the secret can make or walk ids. An ordinary
 * scene of exactly this shape is refused by the server, so the two kinds never mix.
 */
export const SCENE_ID_PREFIX = '~'
/** Characters of an id scene after its prefix. */
export const SCENE_ID_BODY_LENGTH = 31

const SCENE_ID = /^~[0-9A-Za-z_-]{31}$/

/**
 * Whether a (decoded) scene is an id scene made by a minicode server for long-scene data.
 *
 * @example
 * isSceneId('id=42')                              // false
 * isSceneId('~Q2hhbmdlIG1lIHRvIGFuIGlkIHNjZW5') // true (a `~` and 31 base64url characters)
 */
export function isSceneId(scene: string | undefined | null): scene is string {
  return typeof scene === 'string' && SCENE_ID.test(scene)
}
