import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { SIM_APP_ID, SIM_APP_SECRET, type RunningWeChatSim } from '../index'

/** GET /cgi-bin/token with the given (default: the simulator's) credentials. */
export async function getToken(
  sim: RunningWeChatSim,
  appid = SIM_APP_ID,
  secret = SIM_APP_SECRET,
): Promise<Record<string, unknown>> {
  const res = await fetch(
    `${sim.url}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appid)}&secret=${encodeURIComponent(secret)}`,
  )
  return res.json() as Promise<Record<string, unknown>>
}

/** POST /cgi-bin/stable_token. */
export async function getStable(
  sim: RunningWeChatSim,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const res = await fetch(`${sim.url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({
      grant_type: 'client_credential',
      appid: SIM_APP_ID,
      secret: SIM_APP_SECRET,
      ...body,
    }),
  })
  return res.json() as Promise<Record<string, unknown>>
}

/** POST a code API with a raw or JSON body; returns status, headers and bytes. */
export async function postCode(sim: RunningWeChatSim, path: string, token: string | null, body: unknown) {
  const query = token === null ? '' : `?access_token=${encodeURIComponent(token)}`
  const res = await fetch(`${sim.url}${path}${query}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    numUsed: res.headers.get('num-used'),
    bytes,
  }
}

/** The errcode of a JSON error body (throws if the body is not JSON). */
export function errcodeOf(bytes: Uint8Array): number {
  return (JSON.parse(Buffer.from(bytes).toString('utf8')) as { errcode: number }).errcode
}

/** Decodes a PNG code with jsQR (alpha flattened onto white) and returns its text and size. */
export function decodeQr(bytes: Uint8Array): {
  text: string | null
  width: number
  height: number
  transparent: boolean
} {
  const png = PNG.sync.read(Buffer.from(bytes))
  let transparent = false
  const data = new Uint8ClampedArray(png.data.length)
  for (let i = 0; i < png.data.length; i += 4) {
    const a = png.data[i + 3] / 255
    if (a < 1) transparent = true
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(png.data[i + c] * a + 255 * (1 - a))
    data[i + 3] = 255
  }
  const code = jsQR(data, png.width, png.height)
  return { text: code ? code.data : null, width: png.width, height: png.height, transparent }
}
