import type { SimEndpoint, SimFault, SimFaultOptions, SimFaultTarget } from './types'

type QueuedFault = Exclude<SimFault, { kind: 'revokeToken' }>

interface Entry {
  fault: QueuedFault
  left: number
  target: SimFaultTarget
}

const KINDS = ['delay', 'busy', 'rate', 'errcode', 'truncate', 'empty', 'reset', 'revokeToken']
const TARGETS = [
  'token',
  'stable_token',
  'getwxacodeunlimit',
  'getwxacode',
  'createwxaqrcode',
  'jscode2session',
  'generate_urllink',
  'generatescheme',
  'genwxashortlink',
  'code',
  'link',
  'tokens',
  'any',
]
const CODE_ENDPOINTS: readonly SimEndpoint[] = ['getwxacodeunlimit', 'getwxacode', 'createwxaqrcode']
const LINK_ENDPOINTS: readonly SimEndpoint[] = ['generate_urllink', 'generatescheme', 'genwxashortlink']

function matches(target: SimFaultTarget, endpoint: SimEndpoint): boolean {
  if (target === 'any' || target === endpoint) return true
  if (target === 'tokens') return endpoint === 'token' || endpoint === 'stable_token'
  if (target === 'link') return LINK_ENDPOINTS.includes(endpoint)
  return target === 'code' && CODE_ENDPOINTS.includes(endpoint)
}

/** Queued faults, first in first out; each call takes at most one. */
export class FaultQueue {
  private entries: Entry[] = []

  add(fault: QueuedFault, options: SimFaultOptions = {}): void {
    const times = options.times ?? 1
    this.entries.push({ fault, left: times, target: options.endpoint ?? 'code' })
  }

  /** The fault for this call, if one is queued for its endpoint (and counts it used). */
  take(endpoint: SimEndpoint): QueuedFault | undefined {
    const i = this.entries.findIndex((e) => matches(e.target, endpoint))
    if (i < 0) return undefined
    const entry = this.entries[i]
    if (--entry.left <= 0) this.entries.splice(i, 1)
    return entry.fault
  }

  clear(): void {
    this.entries = []
  }

  get size(): number {
    return this.entries.length
  }
}

/**
 * Checks a fault given from outside (JSON over HTTP or untyped JS); returns the fault and its options
 * or throws a TypeError that says what is wrong.
 */
export function parseFault(
  input: unknown,
  extra: SimFaultOptions = {},
): { fault: SimFault; options: SimFaultOptions } {
  if (typeof input !== 'object' || input === null)
    throw new TypeError('A fault is an object such as { "kind": "busy", "times": 2 }.')
  const f = input as Record<string, unknown>
  if (typeof f.kind !== 'string' || !KINDS.includes(f.kind)) {
    throw new TypeError(`fault kind must be one of ${KINDS.join(', ')}; got ${JSON.stringify(f.kind)}.`)
  }
  const times = extra.times ?? f.times
  const endpoint = extra.endpoint ?? f.endpoint
  if (times !== undefined && times !== null && (typeof times !== 'number' || !(times >= 1))) {
    throw new TypeError(
      `fault times must be a number ≥ 1 (Infinity or a large number for "always"); got ${JSON.stringify(times)}.`,
    )
  }
  if (
    endpoint !== undefined &&
    endpoint !== null &&
    (typeof endpoint !== 'string' || !TARGETS.includes(endpoint))
  ) {
    throw new TypeError(
      `fault endpoint must be one of ${TARGETS.join(', ')}; got ${JSON.stringify(endpoint)}.`,
    )
  }
  if (f.kind === 'delay' && (typeof f.ms !== 'number' || !(f.ms >= 0)))
    throw new TypeError('A delay fault needs ms ≥ 0.')
  if (f.kind === 'errcode' && (typeof f.errcode !== 'number' || !Number.isInteger(f.errcode))) {
    throw new TypeError(
      'An errcode fault needs a whole-number errcode, e.g. { "kind": "errcode", "errcode": 45009 }.',
    )
  }
  if (f.kind === 'revokeToken' && f.token !== undefined && typeof f.token !== 'string')
    throw new TypeError('revokeToken token must be a string.')
  const { times: _t, endpoint: _e, ...fault } = f
  return {
    fault: fault as unknown as SimFault,
    options: {
      times: (times as number | undefined) ?? undefined,
      endpoint: (endpoint as SimFaultTarget | undefined) ?? undefined,
    },
  }
}
