import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { CodeObserver, getDefaultCodeClient } from '@minicode/core'
import type {
  CodeBackend,
  CodeClient,
  CodeRequest,
  CodeStatus,
  ImageMime,
  MiniCodeError,
} from '@minicode/core'

export interface UseMiniCodeOptions {
  /** Where the code comes from: httpBackend, cloudBackend, localBackend or your own. */
  backend: CodeBackend
  /** Cache to use; default the app-wide one (images shared by every useMiniCode). */
  client?: CodeClient
}

export interface UseMiniCodeResult {
  status: CodeStatus
  /** `data:<mime>;base64,…` of the code when ready (an Image `src` on every platform), else null. */
  dataUrl: string | null
  mime: ImageMime | null
  error: MiniCodeError | null
  /** Fetches the code again past the cache (e.g. a retry button). Never rejects. */
  refresh: () => Promise<void>
}

/**
 * The code image for a request. `null` request = idle. The request is compared by content (its
 * cache key), so an inline object literal does not refetch on every render.
 *
 * @example
 * const backend = httpBackend({ url: 'https://api.example.com/minicode' })
 * const { status, dataUrl, refresh } = useMiniCode({ scene: 'id=42', page: 'pages/item/item' }, { backend })
 */
export function useMiniCode(request: CodeRequest | null, options: UseMiniCodeOptions): UseMiniCodeResult {
  const { backend, client } = options
  const [observer] = useState(() => new CodeObserver(client ?? getDefaultCodeClient()))
  const snapshot = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getSnapshot)
  // Before the effect below has run for this request, show what it will show (no idle flash,
  // a cached code at once).
  const predicted = observer.getResultFor(request, backend)
  const state = snapshot.key === predicted.key ? snapshot : predicted

  // Every commit: a no-op unless the request's key (or the backend's name) changed.
  useEffect(() => {
    observer.setRequest(request, backend)
  })
  // Unmount (and StrictMode's rehearsal of it): drop late results; the next setRequest re-attaches.
  useEffect(() => () => observer.detach(), [observer])

  const refresh = useCallback(() => observer.refresh(), [observer])
  return useMemo(
    () => ({ status: state.status, dataUrl: state.dataUrl, mime: state.mime, error: state.error, refresh }),
    [state, refresh],
  )
}
