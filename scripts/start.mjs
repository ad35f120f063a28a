// `pnpm start`: build the web app if it is missing or older than its sources, then run the server
// (TypeScript through tsx) on PORT (default 8080). Signals are passed on so the server shuts down cleanly.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// Two entries: the staff app and the citizens' parking page; the older of the two decides.
const dist = ['web/dist/index.html', 'web/dist/parking.html'].map((p) => path.join(root, p))
const sources = ['web/src', 'web/index.html', 'web/parking.html', 'web/vite.config.ts', 'web/public', 'shared/src'].map((p) => path.join(root, p))

function newest(p) {
  if (!fs.existsSync(p)) return 0
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  return Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))))
}

const builtAt = Math.min(...dist.map((p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0)))
if (builtAt < Math.max(...sources.map(newest))) {
  console.log(builtAt ? 'web sources changed: rebuilding web/dist' : 'building the web app (first start)')
  const r = spawnSync('npx', ['vite', 'build'], { cwd: path.join(root, 'web'), stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: path.join(root, 'server'),
  stdio: 'inherit',
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
