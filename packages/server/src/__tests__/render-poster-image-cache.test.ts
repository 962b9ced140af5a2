/**
 * renderPosterImage with an image cache (what each `minicode poster` thread keeps): rows that share a
 * photo fetch and decode it once; a new src is fetched; without a cache every render fetches.
 */
import { createImageCache, type PosterSpec } from '@minicode/core'
import { PNG } from 'pngjs'
import type { ImageFetcher } from '../poster/image-policy'
import { renderPosterImage } from '../poster/render-poster-image'

/** A 4×4 PNG of one colour. */
function squarePng(rgb: [number, number, number]): Uint8Array {
  const png = new PNG({ width: 4, height: 4 })
  for (let i = 0; i < 16; i++) png.data.set([...rgb, 255], i * 4)
  return new Uint8Array(PNG.sync.write(png))
}

const photos: Record<string, Uint8Array> = {
  'https://cdn.example.com/red.png': squarePng([255, 0, 0]),
  'https://cdn.example.com/blue.png': squarePng([0, 0, 255]),
}

function countingFetcher(): { fetchImage: ImageFetcher; fetched: string[] } {
  const fetched: string[] = []
  const fetchImage: ImageFetcher = async (url) => {
    fetched.push(url)
    const bytes = photos[url]
    if (!bytes) throw new Error(`no photo at ${url}`)
    return bytes
  }
  return { fetchImage, fetched }
}

const poster = (src: string, title: string): PosterSpec => ({
  width: 40,
  height: 60,
  background: '#ffffff',
  elements: [
    { type: 'image', src, x: 0, y: 0, width: 40, height: 40 },
    { type: 'text', text: title, x: 0, y: 44, size: 12, color: '#000000' },
  ],
})

/** The colour of the image pixel at (x, y). */
function pixelAt(png: Uint8Array, x: number, y: number): number[] {
  const image = PNG.sync.read(Buffer.from(png))
  const at = (y * image.width + x) * 4
  return [...image.data.subarray(at, at + 3)]
}

test('rows sharing a photo fetch it once with a cache, and a new photo is fetched and drawn', async () => {
  const { fetchImage, fetched } = countingFetcher()
  const imageCache = createImageCache()
  const red = 'https://cdn.example.com/red.png'
  const blue = 'https://cdn.example.com/blue.png'
  const first = await renderPosterImage(poster(red, 'row 1'), { fetchImage, imageCache })
  const second = await renderPosterImage(poster(red, 'row 2'), { fetchImage, imageCache })
  const third = await renderPosterImage(poster(blue, 'row 3'), { fetchImage, imageCache })
  expect(fetched).toEqual([red, blue])
  expect(pixelAt(first.bytes, 20, 20)).toEqual([255, 0, 0])
  expect(pixelAt(second.bytes, 20, 20)).toEqual([255, 0, 0])
  expect(pixelAt(third.bytes, 20, 20)).toEqual([0, 0, 255])
  // The rows differ in their titles: the cache kept images, not posters.
  expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(false)
})

test('without a cache each render fetches its photo again', async () => {
  const { fetchImage, fetched } = countingFetcher()
  const red = 'https://cdn.example.com/red.png'
  await renderPosterImage(poster(red, 'row 1'), { fetchImage })
  await renderPosterImage(poster(red, 'row 2'), { fetchImage })
  expect(fetched).toEqual([red, red])
})

test('a failed fetch is not kept: the next row tries again', async () => {
  const { fetchImage, fetched } = countingFetcher()
  const imageCache = createImageCache()
  const missing = 'https://cdn.example.com/missing.png'
  for (const title of ['row 1', 'row 2']) {
    await expect(
      renderPosterImage(poster(missing, title), { fetchImage, imageCache, imageTimeout: 2000 }),
    ).rejects.toMatchObject({ code: 'image_load_failed', field: 'elements[0].src' })
  }
  expect(fetched.filter((url) => url === missing).length).toBeGreaterThanOrEqual(2)
})
