import { bytesToBase64 } from '../../encoding/base64'
import { utf8Encode } from '../../encoding/utf8'
import { createAlbumSim } from '../../testing'
import { classifySource } from '../classify-source'
import { describeBytes } from '../describe-bytes'
import { saveToAlbum } from '../save-to-album'

const b64 = (text: string) => bytesToBase64(utf8Encode(text))
const HTML_404 = '<!DOCTYPE html><html><body>404 Not Found</body></html>'
const JSON_ERROR = '{"errcode":40001,"errmsg":"invalid credential"}'
const PDF = '%PDF-1.7\n%âãÏÓ\n1 0 obj'

// Each: the source, the type its label claimed (null: no label), what the bytes are.
test.each([
  [
    'png-labelled HTML (an error page saved as the poster)',
    `data:image/png;base64,${b64(HTML_404)}`,
    'image/png',
    'HTML',
  ],
  ['jpeg-labelled JSON (an API error)', `data:image/jpeg;base64,${b64(JSON_ERROR)}`, 'image/jpeg', 'JSON'],
  ['webp-labelled PDF', `data:image/webp;base64,${b64(PDF)}`, 'image/webp', 'PDF'],
  [
    'png-labelled SVG',
    `data:image/png;base64,${b64('<svg xmlns="http://www.w3.org/2000/svg"/>')}`,
    'image/png',
    'SVG or XML',
  ],
  ['heic-labelled text', `data:image/heic;base64,${b64('hello, this is plain text')}`, 'image/heic', 'text'],
  [
    'png-labelled binary of no image',
    `data:image/png;base64,${bytesToBase64(new Uint8Array(30).fill(7))}`,
    'image/png',
    'unknown bytes (07 07 07 07 07 07 07 07)',
  ],
  ['png-labelled percent-encoded text', 'data:image/png,not%20an%20image%20at%20all', 'image/png', 'text'],
  ['raw base64 of JSON', b64(JSON_ERROR), null, 'JSON'],
  ['bytes of HTML', utf8Encode(HTML_404), null, 'HTML'],
])(
  '%s: invalid_source before any platform call, naming label and bytes',
  async (_name, source, claimed, bytes) => {
    const sim = createAlbumSim({ permission: 'never-asked' })
    const error = await saveToAlbum(source, { platform: sim }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'invalid_source', cause: { claimed, bytes } })
    expect((error as Error).message).toContain(`the bytes are ${bytes}`)
    if (claimed) expect((error as Error).message).toContain(`labelled ${claimed}`)
    // No popup, no setting read, nothing written.
    expect(sim.calls).toEqual([])
    expect(sim.ledger.written).toEqual([])
    expect(sim.ledger.album).toEqual([])
  },
)

test('a type sniffing cannot tell is still believed for binary bytes (HEIC has no magic at offset 0)', () => {
  // An ISO-BMFF box: a size, then 'ftyp' 'heic'.
  const heic = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0])
  expect(classifySource(`data:image/heic;base64,${bytesToBase64(heic)}`)).toMatchObject({
    kind: 'data',
    mime: 'image/heic',
  })
})

test('describeBytes', () => {
  expect(describeBytes(new Uint8Array())).toBe('no bytes')
  expect(describeBytes(utf8Encode('PK\x03\x04rest'))).toBe('ZIP')
  expect(describeBytes(utf8Encode('\uFEFF  [1,2]'))).toBe('JSON')
  expect(describeBytes(utf8Encode('<?xml version'))).toBe('SVG or XML')
  expect(describeBytes(utf8Encode('<html>'))).toBe('HTML')
})
