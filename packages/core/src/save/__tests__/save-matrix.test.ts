import { bytesToBase64 } from '../../encoding/base64'
import { isMiniCodeError, type MiniCodeError } from '../../errors'
import { createAlbumSim, type AlbumSimOptions, type SimPlatform, type SimProfile } from '../../testing'
import { saveToAlbum, type SaveProgress } from '../save-to-album'

// The whole matrix: every source x permission state x failure, on every platform, each case checked for
// its outcome code, its status sequence and its file ledger (nothing left behind, nothing foreign removed).

const PNG = new Uint8Array([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21,
  196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 240, 31, 0, 5, 0, 1, 255, 137, 153, 61,
  29, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
])
const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
])
const GIF = new Uint8Array([
  71, 73, 70, 56, 57, 97, 1, 0, 1, 0, 0, 0, 0, 33, 249, 4, 1, 0, 0, 0, 0, 44, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 1,
  68, 0, 59,
])

type Kind = 'url' | 'cloud' | 'bytes' | 'local'
interface SourceCase {
  name: string
  kind: Kind
  make(paths: { user: string; temp: string }): string | Uint8Array | ArrayBuffer
}

const wrapped = (b64: string) => b64.replace(/(.{16})/g, '$1\r\n ')
const SOURCES: SourceCase[] = [
  { name: 'https URL', kind: 'url', make: () => 'https://cdn.example.com/poster.png' },
  { name: 'http URL with query', kind: 'url', make: () => 'http://img.example.com/p?id=1&w=430' },
  { name: 'cloud fileID', kind: 'cloud', make: () => 'cloud://prod-1a2b.7072-prod-1a2b-1300/codes/42.png' },
  { name: 'PNG data URL', kind: 'bytes', make: () => `data:image/png;base64,${bytesToBase64(PNG)}` },
  {
    name: 'JPEG data URL with CRLF and spaces',
    kind: 'bytes',
    make: () => `data:image/jpeg;base64,${wrapped(bytesToBase64(JPEG))}`,
  },
  {
    name: 'GIF data URL, upper-case BASE64',
    kind: 'bytes',
    make: () => `  data:image/gif;BASE64,${bytesToBase64(GIF)}\n`,
  },
  { name: 'raw base64 PNG', kind: 'bytes', make: () => wrapped(bytesToBase64(PNG)) },
  { name: 'Uint8Array', kind: 'bytes', make: () => PNG.slice() },
  { name: 'ArrayBuffer', kind: 'bytes', make: () => JPEG.slice().buffer },
  { name: 'USER_DATA_PATH file', kind: 'local', make: (p) => `${p.user}/kept/poster.png` },
  { name: 'temp file path', kind: 'local', make: (p) => `${p.temp}existing.jpg` },
]

type Permission =
  | 'granted'
  | 'refused'
  | 'never-asked:allow'
  | 'never-asked:deny'
  | 'never-asked:cancel'
  | 'never-asked:no-response'
const PERMISSIONS: Permission[] = [
  'granted',
  'refused',
  'never-asked:allow',
  'never-asked:deny',
  'never-asked:cancel',
  'never-asked:no-response',
]

type Failure =
  'none' | 'privacy-not-declared' | 'privacy-refused' | 'storage' | 'http-404' | 'network' | 'save-error'
const FAILURES: Failure[] = [
  'none',
  'privacy-not-declared',
  'privacy-refused',
  'storage',
  'http-404',
  'network',
  'save-error',
]

const PLATFORMS: Array<{ platform: SimPlatform; profile?: SimProfile; temp: string }> = [
  { platform: 'weapp', profile: 'android', temp: 'wxfile://tmp_' },
  { platform: 'weapp', profile: 'ios', temp: 'wxfile://tmp_' },
  { platform: 'weapp', profile: 'devtools', temp: 'http://tmp/' },
  { platform: 'weapp', profile: 'wecom', temp: 'wxfile://tmp_' },
  { platform: 'qq', temp: 'qqfile://tmp_' },
  { platform: 'jd', temp: 'jdfile://tmp_' },
  { platform: 'tt', temp: 'ttfile://temp/' },
  { platform: 'alipay', temp: 'https://resource/apml' },
]

interface Case {
  label: string
  platform: SimPlatform
  profile?: SimProfile
  temp: string
  source: SourceCase
  permission: Permission
  failure: Failure
}

const cases: Case[] = []
for (const p of PLATFORMS)
  for (const source of SOURCES)
    for (const permission of PERMISSIONS)
      for (const failure of FAILURES)
        cases.push({
          label: `${p.platform}/${p.profile ?? '-'} | ${source.name} | ${permission} | ${failure}`,
          ...p,
          source,
          permission,
          failure,
        })

type Step = 'permission' | 'prepare' | 'save'
interface Expected {
  code: string | null
  at: Step | 'done'
  status?: number
}

/** The rules of DESIGN.md's "Client save flow", stated once: what each case must end in. */
function expected(c: Case): Expected {
  const [state, answer] = c.permission.split(':') as [string, string | undefined]
  // Alipay has no authorize step for the album: its popup comes with the save itself.
  const popupAtSave = c.platform === 'alipay'
  const answerCode = answer === 'cancel' ? 'cancelled' : 'auth_denied'
  const privacyCode = privacyCodeOf(c.failure)
  const remote = c.source.kind === 'url' || c.source.kind === 'cloud'

  if (state === 'refused') return { code: 'auth_denied', at: 'permission' }
  if (state === 'never-asked' && !popupAtSave) {
    if (privacyCode) return { code: privacyCode, at: 'permission' }
    if (answer !== 'allow') return { code: answerCode, at: 'permission' }
  }
  if (c.failure === 'storage' && c.source.kind === 'bytes') return { code: 'storage_full', at: 'prepare' }
  if (c.failure === 'http-404' && remote) return { code: 'download_failed', at: 'prepare', status: 404 }
  if (c.failure === 'network' && remote) return { code: 'download_failed', at: 'prepare' }
  if (privacyCode) return { code: privacyCode, at: 'save' }
  if (state === 'never-asked' && popupAtSave && answer !== 'allow') return { code: answerCode, at: 'save' }
  if (c.failure === 'save-error') return { code: 'save_failed', at: 'save' }
  return { code: null, at: 'done' }
}

function privacyCodeOf(failure: Case['failure']): 'privacy_not_declared' | 'privacy_refused' | null {
  if (failure === 'privacy-not-declared') return 'privacy_not_declared'
  if (failure === 'privacy-refused') return 'privacy_refused'
  return null
}

function simPrivacyOf(failure: Case['failure']): AlbumSimOptions['privacy'] {
  if (failure === 'privacy-not-declared') return 'not-declared'
  if (failure === 'privacy-refused') return 'refused'
  return 'ok'
}

/** The simulator's downloads for a failure: the URL answers 404, fails with `networkError`, or works. */
function downloadsOf(
  failure: Case['failure'],
  url: string,
  networkError: unknown,
): AlbumSimOptions['downloads'] {
  if (failure === 'http-404') return { [url]: 404 }
  if (failure === 'network') return { [url]: { error: networkError } }
  return {}
}

/** What a save ends in on H5, where a browser asks no permission before a download. */
function expectedOnH5(c: Pick<Case, 'source' | 'failure'>): string | null {
  if (c.source.kind === 'cloud') return 'unsupported' // no cloud SDK in a browser
  if (c.source.kind === 'url' && c.failure !== 'none' && c.failure !== 'save-error') return 'download_failed'
  if (c.failure === 'save-error') return 'save_failed'
  if (c.source.kind === 'local') return 'unsupported' // a mini-program path means nothing to a browser
  return null
}

function simFor(c: Case) {
  const state = c.permission.split(':')[0] as 'granted' | 'refused' | 'never-asked'
  const answer = (c.permission.split(':')[1] ?? 'allow') as AlbumSimOptions['answer']
  const probe = createAlbumSim({ platform: c.platform, profile: c.profile })
  const foreign = {
    [`${probe.userDataPath}/kept/poster.png`]: 5000,
    [`${c.temp}existing.jpg`]: 3000,
    [`${probe.userDataPath}/other.png`]: 100,
  }
  const url =
    c.source.kind === 'cloud'
      ? 'https://7072-prod.tcb.qcloud.la/codes/42.png'
      : (c.source.make({ user: '', temp: '' }) as string)
  const networkError =
    c.platform === 'alipay'
      ? { error: 12, errorMessage: '网络请求失败' }
      : { errMsg: 'downloadFile:fail url not in domain list' }
  const options: AlbumSimOptions = {
    platform: c.platform,
    profile: c.profile,
    permission: state,
    answer,
    files: foreign,
    privacy: simPrivacyOf(c.failure),
    // The foreign files use 5100 bytes of the quota: a write of the image no longer fits.
    quotaBytes: c.failure === 'storage' ? 5120 : undefined,
    cloudFiles: {
      'cloud://prod-1a2b.7072-prod-1a2b-1300/codes/42.png': 'https://7072-prod.tcb.qcloud.la/codes/42.png',
    },
    downloads: downloadsOf(c.failure, url, networkError),
    fail:
      c.failure === 'save-error'
        ? {
            saveImage:
              c.platform === 'alipay'
                ? { error: 3, errorMessage: '未知错误' }
                : { errMsg: 'saveImageToPhotosAlbum:fail internal error' },
          }
        : {},
  }
  return { sim: createAlbumSim(options), foreign: Object.keys(foreign) }
}

const STEPS: Record<Step | 'done', SaveProgress[]> = {
  permission: ['authorizing'],
  prepare: ['authorizing', 'preparing'],
  save: ['authorizing', 'preparing', 'saving'],
  done: ['authorizing', 'preparing', 'saving'],
}

test('the matrix is whole', () => {
  expect(cases).toHaveLength(PLATFORMS.length * SOURCES.length * PERMISSIONS.length * FAILURES.length)
  // Every outcome code the flow can produce from a platform appears somewhere in it.
  const codes = new Set(cases.map((c) => expected(c).code))
  expect([...codes].sort()).toEqual(
    [
      'auth_denied',
      'cancelled',
      'download_failed',
      'privacy_not_declared',
      'privacy_refused',
      'save_failed',
      'storage_full',
      null,
    ].sort(),
  )
})

test.each(cases.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
  const { sim, foreign } = simFor(c)
  const want = expected(c)
  const statuses: SaveProgress[] = []
  const source = c.source.make({ user: sim.userDataPath, temp: c.temp })

  const outcome = await saveToAlbum(source, { platform: sim, onStatus: (s) => statuses.push(s) }).then(
    (res) => ({ ok: true as const, res }),
    (error: unknown) => ({ ok: false as const, error }),
  )

  if (want.code === null) {
    if (!outcome.ok) throw outcome.error
    expect(sim.ledger.album).toEqual([outcome.res.filePath])
    if (c.source.kind === 'local') expect(outcome.res.filePath).toBe(String(source).trim())
  } else {
    expect(outcome.ok).toBe(false)
    const error = (outcome as { error: MiniCodeError }).error
    expect(isMiniCodeError(error)).toBe(true)
    expect(error.code).toBe(want.code)
    if (want.status) expect(error.status).toBe(want.status)
    if (want.code === 'save_failed') expect(error.cause).toBeDefined()
    expect(sim.ledger.album).toEqual([])
  }
  expect(statuses).toEqual(STEPS[want.at])

  // Refused before: no pointless authorize call. Never asked (outside Alipay): exactly one.
  const authorizeCalls = sim.calls.filter((call) => call.method === 'authorize').length
  if (c.permission === 'refused' || c.permission === 'granted') expect(authorizeCalls).toBe(0)
  else expect(authorizeCalls).toBe(1)

  // The ledger: what the flow wrote is gone, what it did not write is untouched.
  expect(sim.ledger.leftovers()).toEqual([])
  expect(sim.ledger.foreignRemoved()).toEqual([])
  expect([...sim.ledger.removed].sort()).toEqual([...sim.ledger.written].sort())
  for (const path of foreign) expect(sim.ledger.files.has(path)).toBe(true)
  if (want.at === 'permission') expect(sim.ledger.written).toEqual([])
  if (c.source.kind === 'local') expect(sim.ledger.written).toEqual([])
})

describe('h5: the browser download stands in for the album', () => {
  const h5Cases = SOURCES.flatMap((source) =>
    (['none', 'http-404', 'network', 'save-error'] as Failure[]).map((failure) => ({ source, failure })),
  )

  test.each(h5Cases.map((c) => [`${c.source.name} | ${c.failure}`, c] as const))('%s', async (_label, c) => {
    const url = c.source.kind === 'url' ? (c.source.make({ user: '', temp: '' }) as string) : ''
    const sim = createAlbumSim({
      platform: 'h5',
      permission: 'refused', // ignored: a browser asks nothing before a download
      downloads: downloadsOf(c.failure, url, { errMsg: 'downloadFile:fail Failed to fetch' }),
      fail:
        c.failure === 'save-error'
          ? { saveImage: { errMsg: 'saveImageToPhotosAlbum:fail the download could not start' } }
          : {},
    })
    const statuses: SaveProgress[] = []
    const outcome = await saveToAlbum(c.source.make({ user: sim.userDataPath, temp: 'wxfile://tmp_' }), {
      platform: sim,
      onStatus: (s) => statuses.push(s),
    }).then(
      () => null,
      (e: MiniCodeError) => e.code,
    )
    expect(outcome).toBe(expectedOnH5(c))
    expect(statuses[0]).toBe('authorizing')
    expect(sim.calls.some((call) => call.method === 'authorize')).toBe(false)
    expect(sim.ledger.leftovers()).toEqual([])
    expect(sim.ledger.foreignRemoved()).toEqual([])
  })
})
