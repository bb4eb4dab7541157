/**
 * @module archive/file
 * Archive files: JSON lines, gzip-compressed when written (read either way: gzip is recognised by its magic
 * bytes). Written to `<file>.partial` and renamed when complete, so a failed export never leaves a file that
 * looks like a backup.
 */
import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { open, rename, rm, stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'

/** A line sink with backpressure: resolves when the line may be followed by the next. */
export type WriteLine = (line: string) => Promise<void>

/**
 * Runs `produce` with a line writer into a gzip file at `file`; returns its result and the file's size.
 * @example const { result, bytes } = await writeArchiveFile('backup.jsonl.gz', (write) => exportArchive(db, write))
 */
export async function writeArchiveFile<T>(file: string, produce: (write: WriteLine) => Promise<T>): Promise<{ result: T; bytes: number }> {
  const partial = `${file}.partial`
  const gzip = createGzip()
  const written = pipeline(gzip, createWriteStream(partial))
  try {
    const result = await produce(async (line) => {
      if (!gzip.write(line + '\n')) await once(gzip, 'drain')
    })
    gzip.end()
    await written
    await rename(partial, file)
    return { result, bytes: (await stat(file)).size }
  } catch (error) {
    gzip.destroy()
    await written.catch(() => undefined)
    await rm(partial, { force: true })
    throw error
  }
}

/** A parsed line and its length in characters (what the import batches by). */
export interface ArchiveLine {
  value: unknown
  size: number
  lineNumber: number
}

export class ArchiveFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ArchiveFileError'
  }
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0)
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b
  } finally {
    await handle.close()
  }
}

/**
 * The archive's lines, parsed, in order (blank lines skipped).
 * @example for await (const { value } of readArchiveFile('backup.jsonl.gz')) …
 */
export async function* readArchiveFile(file: string): AsyncGenerator<ArchiveLine> {
  const gzipped = await isGzip(file)
  const raw = createReadStream(file)
  const input: Readable = gzipped ? raw.pipe(createGunzip()) : raw
  if (gzipped) raw.on('error', (error) => input.destroy(error))
  const lines = createInterface({ input, crlfDelay: Infinity })
  let lineNumber = 0
  try {
    for await (const line of lines) {
      lineNumber++
      if (!line.trim()) continue
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        throw new ArchiveFileError(`${file} line ${lineNumber} is not JSON: is it a Concord archive (concord export)?`)
      }
      yield { value, size: line.length, lineNumber }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'Z_DATA_ERROR' || (error as { code?: string }).code === 'Z_BUF_ERROR')
      throw new ArchiveFileError(`${file} is not a complete gzip file (${(error as Error).message}): was the export cut short?`)
    throw error
  } finally {
    lines.close()
    raw.destroy()
  }
}
