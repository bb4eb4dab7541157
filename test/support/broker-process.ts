/**
 * The broker as its own process (`broker/main.ts`, as `npm start` runs it), for tests and benchmarks that need to
 * kill it (SIGKILL) or keep its CPU time apart from the load generator's. Node runs it directly with tsx as a
 * loader, so a signal reaches the broker itself, not a launcher.
 *
 * @example
 * const broker = await startBrokerProcess({ DATABASE_URL: url })
 * await fetch(`${broker.url}/environments`)
 * broker.kill('SIGKILL'); await broker.exited
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import net, { type AddressInfo } from 'node:net'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')

export interface BrokerProcess {
  url: string
  child: ChildProcess
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>
  /** CPU seconds (user + system) the process has used so far (Linux /proc; NaN elsewhere). */
  cpuSeconds(): number
  kill(signal: NodeJS.Signals): void
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>
}

/** A free loopback port: the broker logs its URL at level info only, and callers usually keep it quieter. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}

function cpuSecondsOf(pid: number | undefined): number {
  try {
    // /proc/<pid>/stat: utime and stime (fields 14 and 15, in clock ticks) follow the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return NaN
  }
}

/**
 * Starts the broker with these settings (on top of the environment) and resolves once its heartbeat answers.
 * Its stderr goes to ours, so a failure to start says why.
 */
export async function startBrokerProcess(env: Record<string, string>, { nodeOptions = [] }: { nodeOptions?: string[] } = {}): Promise<BrokerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', 'broker/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CONCORD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  let exitCode: number | null | undefined
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code
      resolve(code)
    }),
  )
  const url = `http://127.0.0.1:${port}`
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the broker exited with ${exitCode} before answering`)
    const up = await fetch(`${url}/diagnostic/status/heartbeat`).then(
      (res) => res.ok,
      () => false,
    )
    if (up) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    child,
    exited,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    kill: (signal) => void child.kill(signal),
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}
