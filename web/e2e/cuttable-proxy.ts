import net from 'node:net'

/**
 * A TCP proxy on loopback between the browser and the platform, so a test can cut the page's
 * connections as a network blip would (the server stays up, the page sees its socket drop), and
 * hold new ones off until it resumes.
 */
export class CuttableProxy {
  private readonly open = new Set<net.Socket>()
  private holding = false

  private constructor(
    private readonly server: net.Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<CuttableProxy> {
    const { hostname, port } = new URL(target)
    let proxy: CuttableProxy | null = null
    const server = net.createServer((inbound) => {
      if (!proxy || proxy.holding) return inbound.destroy()
      const outbound = net.connect(Number(port), hostname)
      for (const s of [inbound, outbound]) {
        proxy.open.add(s)
        s.on('close', () => proxy?.open.delete(s))
        s.on('error', () => undefined) // a cut connection errors on the other side; the cut was the point
      }
      inbound.pipe(outbound).pipe(inbound)
      inbound.on('close', () => outbound.destroy())
      outbound.on('close', () => inbound.destroy())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port: own } = server.address() as net.AddressInfo
    proxy = new CuttableProxy(server, `http://127.0.0.1:${own}`)
    return proxy
  }

  /** Drop every connection now, and refuse new ones until `resume()`. */
  cut(): void {
    this.holding = true
    for (const s of this.open) s.destroy()
  }

  resume(): void {
    this.holding = false
  }

  async close(): Promise<void> {
    this.cut()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
