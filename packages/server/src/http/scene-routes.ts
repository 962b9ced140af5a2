import { MiniCodeError, isSceneId, validateCodeRequest, type CodeRequest } from '@minicode/core'
import type { PreparedScene, SceneStore } from '../scenes/scene-store'
import { fastResponse } from './fast-response'

/** Who may ask, as the handler decides it for /minicode: null to go on, else its refusal (429). */
export type Admit = (
  request: Request,
  remoteAddress: string | undefined,
  extra: Record<string, string>,
) => Response | null

export interface LongScenes {
  /** A POST body as a validated code request; `data` becomes the id scene of its stored copy. */
  fromBody(body: Record<string, unknown>): CodeRequest
  /** Refuses an ordinary scene shaped like an id scene (reserved for codes made from data). */
  checkScene(request: CodeRequest): CodeRequest
  /** Stores the data behind a request made from data (after the policy allowed it); its id, else undefined. */
  keep(request: CodeRequest): Promise<string | undefined>
  /** `GET /scene/:id`: the stored data as `{ id, data }`, or 404 `not_found`. */
  route(
    request: Request,
    url: URL,
    remoteAddress: string | undefined,
    extra: Record<string, string>,
  ): Promise<Response>
}

/** Path prefix of the scene lookup route. */
export const SCENE_ROUTE_PREFIX = '/scene/'

/**
 * The handler's long-scene parts: `data` in a code request, and `GET /scene/:id`. The lookup has the
 * same auth and rate limit as `/minicode` (`admit`): with requireSession only the app's logged-in users
 * read scenes; without it the id itself is the capability (unguessable, see createSceneIdMaker).
 */
export function createLongScenes(scenes: SceneStore | undefined, admit: Admit): LongScenes {
  // Requests made from data, and the scene to store for each.
  const made = new WeakMap<CodeRequest, PreparedScene>()

  const checkScene = (request: CodeRequest): CodeRequest => {
    if (isSceneId(request.scene) && !made.has(request)) {
      throw new MiniCodeError(
        'invalid_request',
        `scene '${request.scene}' has the shape of a long scene's id ('~' and 31 base64url characters), which this server keeps for codes made from data: pass { data } instead, or change the scene.`,
        { field: 'scene' },
      )
    }
    return request
  }

  return {
    checkScene,

    fromBody(body) {
      if (body.data === undefined || body.data === null) return checkScene(validateCodeRequest(body))
      if (!scenes) {
        throw new MiniCodeError(
          'invalid_request',
          'This server does not store long scenes (data): give a scene of at most 32 characters, or enable them (createHandler scenes option).',
          { field: 'data' },
        )
      }
      const { data, ...rest } = body
      if (rest.scene !== undefined && rest.scene !== null) {
        throw new MiniCodeError('invalid_request', 'Give either scene or data, not both.', { field: 'scene' })
      }
      if (rest.kind !== undefined && rest.kind !== null && rest.kind !== 'unlimited') {
        throw new MiniCodeError(
          'invalid_request',
          `data needs kind 'unlimited' (its id goes in the scene); kind '${String(rest.kind).slice(0, 20)}' codes carry a path.`,
          { field: 'kind' },
        )
      }
      const prepared = scenes.prepare(data)
      const request = validateCodeRequest({ ...rest, scene: prepared.id })
      made.set(request, prepared)
      return request
    },

    async keep(request) {
      const prepared = made.get(request)
      if (!prepared || !scenes) return undefined
      await scenes.keep(prepared)
      return prepared.id
    },

    async route(request, url, remoteAddress, extra) {
      if (!scenes) return json(404, notFound('This server does not store long scenes.'), extra)
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return json(
          405,
          { error: { code: 'method_not_allowed', message: 'Use GET.' } },
          { ...extra, allow: 'GET, HEAD, OPTIONS' },
        )
      }
      const refused = admit(request, remoteAddress, extra)
      if (refused) return refused
      const id = safeDecode(url.pathname.slice(SCENE_ROUTE_PREFIX.length))
      // Not id-shaped: unknown without asking the store.
      const data = isSceneId(id) ? await scenes.get(id) : null
      if (!data) {
        return json(
          404,
          notFound(
            'No long scene has this id on this server (a code from another server, or a mistyped id).',
          ),
          extra,
        )
      }
      // Same id, same data, forever; private because a session may be what allowed reading it.
      return json(200, { id, data }, { ...extra, 'cache-control': 'private, max-age=86400' })
    },
  }
}

function notFound(message: string) {
  return { error: { code: 'not_found', message } }
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return fastResponse(
    status,
    { ...headers, 'content-type': 'application/json; charset=utf-8' },
    JSON.stringify(body),
  )
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
