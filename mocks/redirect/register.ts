/**
 * The preload: `node --import tokenproof/register app.js` (or through NODE_OPTIONS, as
 * `tokenproof wrap` does) sends the app's calls to the providers' real hosts to the mock.
 *
 *   TOKENPROOF_MOCK_URL        the mock's base URL (default http://127.0.0.1:4010, `tokenproof serve`'s)
 *   TOKENPROOF_PROVIDERS       comma-separated provider ids whose hosts to redirect (default: all)
 */
import { installRedirect } from './redirect.ts'
import { REDIRECT_PROVIDERS, type RedirectProviderId } from './hosts.ts'

const DEFAULT_MOCK_URL = 'http://127.0.0.1:4010'

const mockUrl = process.env.TOKENPROOF_MOCK_URL?.trim() || DEFAULT_MOCK_URL
const listed = process.env.TOKENPROOF_PROVIDERS?.split(',').map((p) => p.trim()).filter(Boolean)
const unknown = listed?.filter((p) => !(REDIRECT_PROVIDERS as string[]).includes(p)) ?? []
if (unknown.length > 0) {
  throw new Error(`tokenproof/register: TOKENPROOF_PROVIDERS names unknown provider(s) ${unknown.join(', ')}; known: ${REDIRECT_PROVIDERS.join(', ')}`)
}
installRedirect({ mockUrl, ...(listed ? { providers: listed as RedirectProviderId[] } : {}) })
// Said once when the app chose nothing, so that a forgotten preload in a real environment is noticed.
if (!process.env.TOKENPROOF_MOCK_URL) process.stderr.write(`tokenproof/register: provider hosts go to ${mockUrl} (TOKENPROOF_MOCK_URL)\n`)
