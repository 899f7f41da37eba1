import { chromium, type Browser } from 'playwright-core'

/**
 * A headless Chromium that `npm install` brings: `@sparticuz/chromium` ships the browser inside its
 * registry package (brotli-packed, unpacked once into the OS temp folder). `CHROMIUM_PATH` points at
 * another build instead (a system Chromium, say). The flags keep it off a network the machine may
 * not have; web security stays on so that cross-origin behaviour is what a real browser does.
 */
export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  const { default: packaged } = await import('@sparticuz/chromium')
  return packaged.executablePath()
}

/** `extraArgs`: more Chromium switches, e.g. `--host-resolver-rules` to point a name at 127.0.0.1. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    args: [
      '--no-sandbox',
      '--no-zygote',
      '--disable-gpu',
      '--use-angle=swiftshader',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  })
}
