import type { MiniCodeError } from '../errors'
import type { CodeRequest } from '../types'
import type { CodeBackend } from './backend'
import { CodeClient, KEY_SEPARATOR, getDefaultCodeClient, toMiniCodeError } from './code-client'
import { type CodeAction, type CodeState, IDLE, reduceCodeState } from './code-state'
import { stableJson } from './request-key'

/** A request as the observer sees it: nothing, invalid, or valid with its key. */
type Target =
  | { kind: 'idle'; key: '' }
  | { kind: 'invalid'; key: string; error: MiniCodeError }
  | { kind: 'valid'; key: string; request: CodeRequest }

type ValidTarget = Target & { kind: 'valid' }

/** The invalid request seen last, so re-renders report the same error object. */
interface LastInvalid {
  request: CodeRequest
  backendName: string
  target: Target
}

/**
 * One code view's state (the query-core half of useMiniCode). Framework-free:
 * `subscribe` / `getSnapshot` plug straight into React's useSyncExternalStore.
 * A response to an older request never overwrites a newer one (a fetch counter drops it).
 */
export class CodeObserver {
  private state: CodeState = IDLE
  private readonly listeners = new Set<() => void>()
  private fetchId = 0
  private active: Target | null = null
  private backend: CodeBackend | null = null
  private predicted: CodeState | null = null
  private lastInvalid?: LastInvalid

  constructor(readonly client: CodeClient = getDefaultCodeClient()) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  getSnapshot = (): CodeState => this.state

  /**
   * The state to render for a request before `setRequest` has run (it runs in an effect):
   * the current state if it is for this request, else what setRequest will produce at once
   * (idle, the validation error, the cached image, or loading). Same object for the same input.
   */
  getResultFor(request: CodeRequest | null, backend: CodeBackend): CodeState {
    const target = this.target(request, backend)
    if (this.state.key === target.key) return this.state
    if (this.predicted?.key === target.key) return this.predicted
    this.predicted = reduceCodeState(IDLE, this.firstAction(target))
    return this.predicted
  }

  /** Shows the code for `request` (null: nothing). The same request again (by key) does nothing. */
  setRequest(request: CodeRequest | null, backend: CodeBackend): void {
    const target = this.target(request, backend)
    this.backend = backend
    if (this.active?.key === target.key) return
    this.active = target
    this.fetchId++
    const id = this.fetchId
    const action = this.firstAction(target)
    this.dispatch(action)
    if (action.type === 'fetch') void this.run(id, target as ValidTarget, false)
  }

  /** Fetches the current request again, bypassing the cache. Resolves when done (never rejects). */
  refresh(): Promise<void> {
    const target = this.active
    if (target?.kind !== 'valid') return Promise.resolve()
    this.dispatch({ type: 'fetch', key: target.key })
    this.fetchId++
    return this.run(this.fetchId, target, true)
  }

  /** Stops applying results (on unmount). A later setRequest starts again. */
  detach(): void {
    this.active = null
    this.fetchId++
  }

  /** Where a target starts: idle, its validation error, its cached image, or loading. */
  private firstAction(target: Target): CodeAction {
    const { key } = target
    if (target.kind === 'idle') return { type: 'idle' }
    if (target.kind === 'invalid') return { type: 'error', key, error: target.error }
    const hit = this.client.peek(key)
    if (hit) return { type: 'success', key, result: hit }
    return { type: 'fetch', key }
  }

  private run(id: number, target: ValidTarget, force: boolean): Promise<void> {
    const backend = this.backend as CodeBackend
    const { key } = target
    return this.client.fetch(backend, target.request, { force }).then(
      (result) => {
        if (id === this.fetchId) this.dispatch({ type: 'success', key, result })
      },
      (error: unknown) => {
        if (id === this.fetchId)
          this.dispatch({ type: 'error', key, error: toMiniCodeError(error, backend.name) })
      },
    )
  }

  private target(request: CodeRequest | null, backend: CodeBackend): Target {
    if (request === null || request === undefined) return { kind: 'idle', key: '' }
    // Only development builds validate (see CodeClient.resolve), so only they meet an invalid request.
    if (__DEV__) {
      const last = this.lastInvalid
      if (last?.request === request && last.backendName === backend.name) return last.target
      try {
        return { kind: 'valid', ...this.client.resolve(backend, request) }
      } catch (error) {
        const key = [backend.name, 'invalid', stableJson(request)].join(KEY_SEPARATOR)
        const target: Target = { kind: 'invalid', key, error: toMiniCodeError(error, backend.name) }
        this.lastInvalid = { request, backendName: backend.name, target }
        return target
      }
    }
    return { kind: 'valid', ...this.client.resolve(backend, request) }
  }

  private dispatch(action: CodeAction): void {
    const next = reduceCodeState(this.state, action)
    if (next === this.state) return
    this.state = next
    this.predicted = null
    this.listeners.forEach((listener) => listener())
  }
}
