// minicode getMiniCode cloud function: long scenes. A code request may carry `data` (a JSON object)
// instead of `scene`; the function keeps the data in the cloud database and puts an id scene in the
// code ('~' + 31 base64url characters of an HMAC of the data), and `{ kind: 'scene', id }` gives the
// data back, as `minicode serve`'s GET /scene/:id does.
//
// A deployed cloud function can't import workspace packages, so this file carries a copy of
// @minicode/server's canonicalSceneData and createSceneIdMaker (server/src/scenes). Tests in
// packages/server/src/__tests__/cloudfunction-scenes.test.ts check both agree with the server's on
// many random inputs: the same data gets the same id here as on a server with the same secret.
'use strict'

const { createHmac } = require('crypto')

/** Largest data, in bytes of its canonical JSON (UTF-8), as on the server. */
const SCENE_DATA_MAX_BYTES = 2048
const MAX_DEPTH = 16
const SCENE_ID = /^~[0-9A-Za-z_-]{31}$/
// The server's domain separation label: ids made here and there agree.
const LABEL = 'minicode scene id v1\n'
/** The cloud database collection scenes live in (created on first use when it is missing). */
const COLLECTION = 'minicode_scenes'
// wx-server-sdk's errCode for a database collection that does not exist.
const COLLECTION_NOT_EXIST = -502005

/** Whether a scene has the shape of a long scene's id. */
function isSceneId(scene) {
  return typeof scene === 'string' && SCENE_ID.test(scene)
}

/** Data that cannot be a long scene: thrown inside canonical, answered as an error object. */
class Refused {
  constructor(code, field, message) {
    this.code = code
    this.field = field
    this.message = message
  }
}

/**
 * Returns { ok: text }, the canonical JSON of `data` (a plain JSON object, keys sorted at every
 * level, no whitespace), or { error: { code, field, message } }: 'invalid_request' with the field
 * path (`data.items[2].price`) for what JSON cannot carry faithfully or nesting deeper than 16,
 * 'payload_too_large' (field 'data') over `maxBytes`.
 */
function canonicalSceneData(data, maxBytes = SCENE_DATA_MAX_BYTES) {
  try {
    if (!isPlainObject(data))
      throw new Refused('invalid_request', 'data', 'data must be a JSON object such as { "sku": "A-1" }')
    const text = canonical(data, 'data', 0)
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes > maxBytes) {
      throw new Refused(
        'payload_too_large',
        'data',
        `data is ${bytes} bytes as canonical JSON; a long scene holds at most ${maxBytes}: keep the bulk in your own database and put its key in data`,
      )
    }
    return { ok: text }
  } catch (error) {
    if (!(error instanceof Refused)) throw error
    return { error: { code: error.code, field: error.field, message: error.message } }
  }
}

function canonical(value, path, depth) {
  if (depth > MAX_DEPTH)
    throw new Refused('invalid_request', path, `${path} is nested deeper than ${MAX_DEPTH} levels`)
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new Refused('invalid_request', path, `${path} is ${value}, which JSON cannot hold`)
    // -0 and 0 are the same JSON number.
    return JSON.stringify(value === 0 ? 0 : value)
  }
  if (Array.isArray(value))
    return `[${value.map((item, i) => canonical(item, `${path}[${i}]`, depth + 1)).join(',')}]`
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort()
    const members = keys.map(
      (key) => `${JSON.stringify(key)}:${canonical(value[key], childPath(path, key), depth + 1)}`,
    )
    return `{${members.join(',')}}`
  }
  throw new Refused(
    'invalid_request',
    path,
    `${path} is not JSON: data holds objects, arrays, strings, finite numbers, booleans and null`,
  )
}

function isPlainObject(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** `data.sku`, or `data["a b"]` for a key that is not an identifier. */
function childPath(path, key) {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

/**
 * Makes ids: '~' + the first 31 base64url characters of HMAC-SHA256(secret, label + canonical data).
 * Same data, same id; without the secret ids can be neither made nor guessed, so walking them finds
 * nothing. Throws for a secret under 32 bytes (a deployment mistake, found when the function loads).
 */
function sceneIdMaker(secret) {
  const key = Buffer.from(String(secret), 'utf8')
  if (key.length < 32)
    throw new Error('MINICODE_SCENE_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`).')
  return (canonicalData) =>
    '~' +
    createHmac('sha256', key)
      .update(LABEL + canonicalData)
      .digest('base64url')
      .slice(0, 31)
}

/** MINICODE_SCENE_SECRET, or undefined: long scenes need it (a cloud function has no AppSecret to derive one from). */
function sceneSecretFromEnv(env) {
  const secret = env && env.MINICODE_SCENE_SECRET
  return secret ? String(secret) : undefined
}

function unavailable(what, error) {
  const said = error && (error.errMsg || error.message) ? ` (${error.errMsg || error.message})` : ''
  return {
    errmsg: `store_unavailable: the cloud database could not be reached${said}, so ${what}; retry in a few seconds`,
    code: 'store_unavailable',
    retryable: true,
  }
}

/**
 * Long scenes in `cloud.database()`, collection 'minicode_scenes', one document per id holding the
 * canonical JSON (a string, so the data comes back exactly as it was given).
 */
function createSceneStore(cloud, secret) {
  const idOf = sceneIdMaker(secret)
  let db
  // Lazily, so a function that never sees a long scene never opens the database.
  const collection = () => {
    db = db || cloud.database({ throwOnNotFound: false })
    return db.collection(COLLECTION)
  }

  return {
    /** { ok: { id, canonical } } or { error } for data that cannot be a long scene. No IO. */
    prepare(data) {
      const text = canonicalSceneData(data)
      if (text.error) return text
      return { ok: { id: idOf(text.ok), canonical: text.ok } }
    },

    /** Stores a prepared scene (idempotent). Answers null, or the error to answer: refused, never lost. */
    async keep({ id, canonical }) {
      const write = () => collection().doc(id).set({ data: { canonical } })
      try {
        try {
          await write()
        } catch (error) {
          if (!error || error.errCode !== COLLECTION_NOT_EXIST) throw error
          // First long scene of this environment: make the collection, then write once more.
          await db.createCollection(COLLECTION)
          await write()
        }
        return null
      } catch (error) {
        return unavailable('new long scenes are refused rather than lost', error)
      }
    },

    /** { data } for a known id, { data: null } for an unknown one, or { error }. */
    async get(id) {
      if (!isSceneId(id)) return { data: null }
      try {
        const found = await collection().doc(id).get()
        const text = found && found.data && found.data.canonical
        return { data: typeof text === 'string' ? JSON.parse(text) : null }
      } catch (error) {
        if (error && error.errCode === COLLECTION_NOT_EXIST) return { data: null }
        return { error: unavailable('this scene cannot be looked up now', error) }
      }
    },
  }
}

module.exports = {
  SCENE_DATA_MAX_BYTES,
  COLLECTION,
  isSceneId,
  canonicalSceneData,
  sceneIdMaker,
  sceneSecretFromEnv,
  createSceneStore,
}
