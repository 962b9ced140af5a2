// The quota ledger's rules, shared by every ledger: the store ledger runs them under a lock, the Redis
// ledger runs the same steps in a Lua script (redis-ledger.ts), so both answer alike.

/** What a ledger keeps for one app. */
export interface QuotaState {
  /** The highest `Num-Used` seen (codes used of the lifetime quota); null until one is seen. */
  used: number | null
  /** Reservations of codes being made now: id -> when the reservation lapses (ms), if never settled. */
  inflight: Record<string, number>
  /** New codes reserved per Beijing day ('2026-12-02' -> count); only today's is kept. */
  days: Record<string, number>
}

/** The limits a reservation is checked against. */
export interface QuotaRules {
  /** Codes get + createQRCode may make in the app's lifetime (WeChat: 100,000). */
  quota: number
  /** Refuse once this few or fewer would remain. */
  reserve: number
  /** New codes a Beijing day; Infinity = no cap. */
  dailyCap: number
}

/** 'ok', or why not: the reserve is reached, the daily cap is reached, or a first call is finding out the figure. */
export type ReserveOutcome = 'ok' | 'reserve' | 'daily' | 'probe'

/** What a reservation found: its outcome and the figures then (remaining is null while used is unknown). */
export interface QuotaFigures {
  outcome: ReserveOutcome
  used: number | null
  inflight: number
  today: number
  remaining: number | null
}

export const emptyQuotaState = (): QuotaState => ({ used: null, inflight: {}, days: {} })

/** The Beijing (UTC+8) calendar day of `ms`, the day WeChat's daily limits count in. */
export function beijingDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)
}

/**
 * Tries to reserve one new code: refused when the daily cap is reached, or when making it would leave
 * fewer than `reserve` codes (counting the ones being made now). While no `Num-Used` was ever seen, one
 * code at a time is made (a probe), so the first answer tells the real figure before anyone else spends.
 * Mutates `state` only when the outcome is 'ok'.
 */
export function reserveIn(
  state: QuotaState,
  rules: QuotaRules,
  id: string,
  now: number,
  holdMs: number,
): QuotaFigures {
  dropLapsed(state, now)
  const day = beijingDay(now)
  const today = state.days[day] ?? 0
  const inflight = Object.keys(state.inflight).length
  const remaining = state.used === null ? null : rules.quota - state.used - inflight
  const refuse = (outcome: ReserveOutcome): QuotaFigures => ({
    outcome,
    used: state.used,
    inflight,
    today,
    remaining,
  })
  if (today >= rules.dailyCap) return refuse('daily')
  if (remaining === null) {
    if (inflight > 0) return refuse('probe')
  } else if (remaining - 1 < rules.reserve) return refuse('reserve')
  state.inflight[id] = now + holdMs
  state.days = { [day]: today + 1 }
  return {
    outcome: 'ok',
    used: state.used,
    inflight: inflight + 1,
    today: today + 1,
    remaining: remaining === null ? null : remaining - 1,
  }
}

/**
 * Ends a reservation: `numUsed` is the Num-Used the answer carried (kept if higher than the one known);
 * `spent` false gives the day's count back (the call made no code).
 */
export function settleIn(
  state: QuotaState,
  id: string,
  numUsed: number | undefined,
  spent: boolean,
  now: number,
): void {
  const held = id in state.inflight
  delete state.inflight[id]
  if (numUsed !== undefined && (state.used === null || numUsed > state.used)) state.used = numUsed
  const day = beijingDay(now)
  if (!spent && held && (state.days[day] ?? 0) > 0) state.days[day]! -= 1
}

/** The figures without reserving anything. */
export function figuresOf(state: QuotaState, rules: QuotaRules, now: number): Omit<QuotaFigures, 'outcome'> {
  dropLapsed(state, now)
  const inflight = Object.keys(state.inflight).length
  return {
    used: state.used,
    inflight,
    today: state.days[beijingDay(now)] ?? 0,
    remaining: state.used === null ? null : rules.quota - state.used - inflight,
  }
}

// A process that died mid-call never settles: its reservation lapses instead of holding quota forever.
function dropLapsed(state: QuotaState, now: number): void {
  for (const [id, until] of Object.entries(state.inflight)) if (until <= now) delete state.inflight[id]
}
