import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { MiniCodeError, type PosterSpec } from '@minicode/core'
import type { PosterImageResult } from '../poster/render-poster-image'
import { CANVAS_INSTALL } from '../poster/node-canvas-port'
import type { PosterWorkerData } from './poster-worker'

/** Render threads for `minicode poster`: drawing is CPU work, so it uses every core. */
export interface RenderPool {
  render(spec: PosterSpec): Promise<PosterImageResult>
  close(): Promise<void>
}

interface Task {
  spec: PosterSpec
  resolve(image: PosterImageResult): void
  reject(error: unknown): void
}

/**
 * `size` workers running `script` (the built poster-worker.js). Each renders one spec at a time; a
 * worker that dies fails its task with 'canvas_unavailable' and the pool goes on with the others.
 */
export function createRenderPool(
  script: string,
  size: number,
  render: PosterWorkerData['render'],
): RenderPool {
  const canvasPath = resolveCanvas()
  const data: PosterWorkerData = { minicodePosterWorker: true, canvasPath, render }
  const queue: Task[] = []
  const idle: Worker[] = []
  const busy = new Map<Worker, { id: number; task: Task }>()
  let nextId = 0
  let alive = size

  const pump = () => {
    while (idle.length && queue.length) {
      const worker = idle.pop()!
      const task = queue.shift()!
      const id = nextId++
      busy.set(worker, { id, task })
      worker.postMessage({ id, spec: task.spec })
    }
  }

  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(script, { workerData: data })
    worker.on(
      'message',
      (m: {
        id: number
        image?: PosterImageResult
        error?: { code: string; message: string; field?: string }
      }) => {
        const current = busy.get(worker)
        busy.delete(worker)
        idle.push(worker)
        if (current) {
          if (m.image) current.task.resolve({ ...m.image, bytes: new Uint8Array(m.image.bytes) })
          else
            current.task.reject(
              new MiniCodeError(m.error!.code as never, m.error!.message, { field: m.error!.field }),
            )
        }
        pump()
      },
    )
    let lastError: Error | undefined
    worker.on('error', (error) => {
      lastError = error
    })
    worker.on('exit', () => {
      alive--
      if (idle.includes(worker)) idle.splice(idle.indexOf(worker), 1)
      const current = busy.get(worker)
      busy.delete(worker)
      current?.task.reject(dead(lastError))
      // Without live workers nothing would ever take the queued tasks: fail them now.
      if (alive === 0) for (const task of queue.splice(0)) task.reject(dead(lastError))
    })
    idle.push(worker)
    return worker
  })

  return {
    render(spec) {
      return new Promise((resolve, reject) => {
        if (alive === 0) return reject(dead(undefined))
        queue.push({ spec, resolve, reject })
        pump()
      })
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}

function dead(error: Error | undefined): MiniCodeError {
  return new MiniCodeError(
    'canvas_unavailable',
    `A render thread stopped${error ? `: ${error.message}` : ''}.`,
    { cause: error },
  )
}

/**
 * @napi-rs/canvas's entry file, found from the working directory or from this module, and handed to
 * the threads (a worker script may live where the package is not found).
 */
function resolveCanvas(): string {
  const from = [join(process.cwd(), 'index.js')]
  if (typeof __filename === 'string') from.push(__filename)
  for (const base of from) {
    try {
      return createRequire(base).resolve('@napi-rs/canvas')
    } catch {
      // Not from here: try the next place.
    }
  }
  throw new MiniCodeError('unsupported', `Rendering posters needs the canvas library: ${CANVAS_INSTALL}`)
}
