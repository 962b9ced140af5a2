import { sleep } from '../retry'
import { fromUtf8, utf8, type Store } from '../stores/store'
import {
  emptyQuotaState,
  figuresOf,
  reserveIn,
  settleIn,
  type QuotaFigures,
  type QuotaRules,
  type QuotaState,
} from './quota-state'

/**
 * Where the quota figures live, shared by every process that makes codes: the last `Num-Used` seen,
 * the codes being made now and today's count. Each reservation is atomic, so processes sharing a
 * ledger can't together go below the reserve.
 */
export interface QuotaLedger {
  /** Reserves one new code as `id` (see reserveIn), or says why not. */
  reserve(rules: QuotaRules, id: string, holdMs: number): Promise<QuotaFigures>
  /** Ends reservation `id` (see settleIn). */
  settle(id: string, numUsed: number | undefined, spent: boolean): Promise<void>
  /** The figures as they stand. */
  read(rules: QuotaRules): Promise<Omit<QuotaFigures, 'outcome'>>
}

export const quotaKey = (appId: string) => `minicode:quota:${appId}`

/**
 * A ledger in any Store (memory, file), one JSON value changed under the store's lock: atomic for
 * every process sharing the store. Redis gets {@link redisQuotaLedger}, one Lua script per change.
 */
export function storeQuotaLedger(store: Store, appId: string, now: () => number = Date.now): QuotaLedger {
  const key = quotaKey(appId)
  const lockKey = `${key}:lock`

  const change = async <T>(apply: (state: QuotaState) => T): Promise<T> => {
    const deadline = now() + 10_000
    for (;;) {
      const release = await store.tryLock(lockKey, 5_000)
      if (release) {
        try {
          const raw = await store.get(key)
          const state = raw ? (JSON.parse(fromUtf8.decode(raw)) as QuotaState) : emptyQuotaState()
          const result = apply(state)
          await store.set(key, utf8.encode(JSON.stringify(state)))
          return result
        } finally {
          await release()
        }
      }
      if (now() > deadline) throw new Error('The quota ledger stayed locked for 10 s.')
      await sleep(2 + Math.random() * 8)
    }
  }

  return {
    reserve: (rules, id, holdMs) => change((state) => reserveIn(state, rules, id, now(), holdMs)),
    settle: (id, numUsed, spent) => change((state) => settleIn(state, id, numUsed, spent, now())),
    read: (rules) => change((state) => figuresOf(state, rules, now())),
  }
}
