import { randomUUID } from 'node:crypto'
import { MiniCodeError, isMiniCodeError, type CodeRequest } from '@minicode/core'
import { sleep } from '../retry'
import type { QuotaLedger } from './quota-ledger'
import type { QuotaFigures, QuotaRules } from './quota-state'

export interface QuotaGuardOptions {
  ledger: QuotaLedger
  /** The app's lifetime quota of get + createQRCode codes. Default 100,000 (WeChat's). */
  quota?: number
  /**
   * Codes always kept back: new limited/qrcode codes are refused once making one would leave fewer.
   * Default 1,000 (1%): room for the owner's own `minicode gen` runs and for codes other tools make
   * with the same AppID, which this server only learns of at its next `Num-Used`.
   */
  reserve?: number
  /** New limited/qrcode codes a Beijing day. Default 1,000 (the whole quota would last 100 days). Infinity = no cap. */
  dailyCap?: number
  /** How long a process waits while another one makes the first code (to learn Num-Used). Default 30 s. */
  probeWaitMs?: number
}

/** One reserved code: settle it with the answer, or cancel it with the failure. */
export interface QuotaTicket {
  settle(numUsed: number | undefined): Promise<void>
  cancel(error: unknown): Promise<void>
}

export interface QuotaGuard {
  readonly rules: QuotaRules
  /** A ticket for one new code of `request`, or null when its kind spends no quota. Throws 'quota_exhausted'. */
  reserve(request: CodeRequest): Promise<QuotaTicket | null>
  read(): Promise<Omit<QuotaFigures, 'outcome'>>
}

// An unsettled reservation lapses after this (a process died mid-call): longer than any upstream call.
const HOLD_MS = 120_000

/** Whether a request spends the shared lifetime quota (get and createQRCode do; getUnlimited doesn't). */
export const spendsQuota = (request: CodeRequest) => request.kind === 'limited' || request.kind === 'qrcode'

/**
 * Guards the lifetime quota of limited and qrcode codes: before each new one (cached codes never get
 * here), reserve it in the shared ledger or refuse with 'quota_exhausted' saying how many remain.
 */
export function createQuotaGuard(options: QuotaGuardOptions): QuotaGuard {
  const rules: QuotaRules = {
    quota: options.quota ?? 100_000,
    reserve: options.reserve ?? 1_000,
    dailyCap: options.dailyCap ?? 1_000,
  }
  const probeWaitMs = options.probeWaitMs ?? 30_000
  const { ledger } = options

  return {
    rules,
    read: () => ledger.read(rules),
    async reserve(request) {
      if (!spendsQuota(request)) return null
      const id = randomUUID()
      const deadline = Date.now() + probeWaitMs
      let figures = await reserveIn(ledger, rules, id)
      // Num-Used not known yet and another call is finding it out: wait for its answer.
      while (figures.outcome === 'probe' && Date.now() < deadline) {
        await sleep(20 + Math.random() * 30)
        figures = await reserveIn(ledger, rules, id)
      }
      if (figures.outcome !== 'ok') throw refusal(figures, rules)
      let done = false
      return {
        async settle(numUsed) {
          if (done) return
          done = true
          await ledger.settle(id, numUsed, true)
        },
        async cancel(error) {
          if (done) return
          done = true
          // No answer in time (or a broken one): WeChat may have made the code all the same. The
          // reservation stays until it lapses, by when a later Num-Used tells the real figure.
          if (mayHaveSpent(error)) return
          // WeChat says the quota is used up (45029): remember it, so nobody asks again.
          const exhausted = isMiniCodeError(error) && error.errcode === 45029
          await ledger.settle(id, exhausted ? rules.quota : undefined, false)
        },
      }
    },
  }
}

/** Failures after which WeChat may still have made (and counted) the code: no answer, or a cut one. */
function mayHaveSpent(error: unknown): boolean {
  if (!isMiniCodeError(error)) return true
  return (
    error.code === 'timeout' ||
    error.code === 'network' ||
    error.code === 'not_an_image' ||
    error.code === 'http_status'
  )
}

// A ledger that can't be reached refuses: a code of the lifetime quota is never made unaccounted.
async function reserveIn(ledger: QuotaLedger, rules: QuotaRules, id: string): Promise<QuotaFigures> {
  try {
    return await ledger.reserve(rules, id, HOLD_MS)
  } catch (error) {
    throw new MiniCodeError(
      'busy',
      `The quota ledger (Redis or the cache directory) failed (${(error as Error)?.message ?? error}); new limited/qrcode codes wait until it is back.`,
      { retryable: true },
    )
  }
}

function refusal(figures: QuotaFigures, rules: QuotaRules): MiniCodeError {
  let message: string
  if (figures.outcome === 'daily') {
    message =
      `Today's cap of ${rules.dailyCap} new limited/qrcode codes is reached (MINICODE_QUOTA_DAILY); ` +
      `codes made before are still served. New ones again tomorrow (Beijing time)` +
      (figures.remaining === null
        ? '.'
        : `; ${figures.remaining} of the ${rules.quota} lifetime codes remain.`)
  } else if (figures.outcome === 'reserve') {
    message =
      `Only ${figures.remaining} of the app's ${rules.quota} lifetime limited/qrcode codes remain, and ` +
      `${rules.reserve} are kept in reserve (MINICODE_QUOTA_RESERVE): no new ones. Codes made before are still ` +
      `served; use kind 'unlimited' (no lifetime quota) for new codes.`
  } else {
    message =
      'Another process is still making the first limited/qrcode code (to learn how much quota is left). Try again.'
  }
  const error = new MiniCodeError(figures.outcome === 'probe' ? 'busy' : 'quota_exhausted', message, {
    retryable: figures.outcome !== 'reserve',
  })
  if (figures.remaining !== null) Object.assign(error, { remaining: figures.remaining })
  return error
}
