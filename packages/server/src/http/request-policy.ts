import { MiniCodeError, isSceneId, type CodeKind, type CodeRequest } from '@minicode/core'
import { compileScenePatterns } from './scene-patterns'

export interface RequestPolicyOptions {
  /** Kinds this endpoint makes. Default ['unlimited']: limited and qrcode spend a lifetime quota. */
  kinds?: readonly CodeKind[]
  /** Pages codes may open ('pages/a/index', or a prefix ending in '*'). Omitted = any page. */
  allowPages?: readonly string[]
  /** Scene patterns (see compileScenePatterns), e.g. ['id=<digits>']. Omitted = any scene. */
  allowScenes?: readonly string[]
}

const KINDS: readonly CodeKind[] = ['unlimited', 'limited', 'qrcode']

/**
 * Which validated requests this endpoint serves, checked before any upstream call (a refused request
 * costs nothing at WeChat). Throws 'forbidden' naming the field and the setting that would allow it.
 * The options themselves are checked at once: a bad kind or pattern throws 'invalid_request'.
 */
export function createRequestPolicy(options: RequestPolicyOptions): (request: CodeRequest) => void {
  const kinds = options.kinds ?? ['unlimited']
  for (const kind of kinds) {
    if (!KINDS.includes(kind)) {
      throw new MiniCodeError(
        'invalid_request',
        `kinds: '${String(kind)}' is not a code kind (${KINDS.join(', ')}).`,
        { field: 'kinds' },
      )
    }
  }
  const pages = options.allowPages?.map((p) => p.replace(/^\/+/, ''))
  const sceneAllowed = options.allowScenes ? compileScenePatterns(options.allowScenes) : null

  return (request) => {
    const kind = request.kind ?? 'unlimited'
    if (!kinds.includes(kind)) {
      throw new MiniCodeError(
        'forbidden',
        `This server does not make '${kind}' codes: they spend the app's lifetime quota of 100,000 (each new path ` +
          `uses one, forever). Use kind 'unlimited' with a scene, or allow it with the kinds option / MINICODE_KINDS=unlimited,${kind}.`,
        { field: 'kind' },
      )
    }
    const byPath = kind === 'limited' || kind === 'qrcode'
    if (pages) {
      const page = ((byPath ? request.path : request.page) ?? '').split('?')[0]!.replace(/^\/+/, '')
      // A code without a page opens the home page, which is always allowed.
      if (
        page !== '' &&
        !pages.some((p) => (p.endsWith('*') ? page.startsWith(p.slice(0, -1)) : page === p))
      ) {
        throw new MiniCodeError(
          'forbidden',
          `Page '${page.slice(0, 128)}' is not in this server's allowPages (MINICODE_ALLOW_PAGES).`,
          {
            field: byPath ? 'path' : 'page',
          },
        )
      }
    }
    // An id scene was made by this server from data (the handler refuses one given as a scene).
    if (sceneAllowed && !byPath && !isSceneId(request.scene) && !sceneAllowed(request.scene ?? '')) {
      throw new MiniCodeError(
        'forbidden',
        `Scene '${request.scene}' matches none of this server's allowScenes patterns (MINICODE_ALLOW_SCENES).`,
        {
          field: 'scene',
        },
      )
    }
  }
}
