/** An image object of a canvas: the browser's HTMLImageElement or a mini-program's canvas.createImage(). */
export interface ImageLike {
  src: string
  onload: ((...args: never[]) => unknown) | null
  onerror: ((...args: never[]) => unknown) | null
}

/** Sets src and settles on onload / onerror (a browser's error Event becomes an Error naming the source). */
export function loadImage<T extends ImageLike>(img: T, src: string): Promise<T> {
  return new Promise((resolve, reject) => {
    img.onload = () => resolve(img)
    img.onerror = ((e: unknown) =>
      reject(
        e && (e as { errMsg?: string }).errMsg
          ? e
          : new Error(__DEV__ ? `could not load ${src.slice(0, 80)}` : 'onerror'),
      )) as T['onerror']
    img.src = src
  })
}
