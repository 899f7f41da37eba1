import type { TestCard } from '../../contracts/core/types.ts'
import type { BuyerPage, PageView } from './provider-mock.ts'

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** JSON for a `<script>` block: nothing in it can close the element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c')

/** The look every mock page shares: plain, readable, high contrast (WCAG AA), visible focus. */
export const PAGE_STYLE = `*{box-sizing:border-box}body{font:16px/1.45 system-ui,sans-serif;max-width:34rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff}
.banner{background:#fff4ce;border:2px solid #8a6d00;padding:.5rem .75rem;margin:0 0 1rem;font-weight:600}
label{display:block;margin:.7rem 0 .2rem}input[type=text],input:not([type]){font:inherit;padding:.35rem .5rem;border:1px solid #555;border-radius:3px}
.check{display:flex;gap:.5rem;align-items:center;margin:.8rem 0}.check label{margin:0}
fieldset{border:1px solid #555;margin:1rem 0;padding:.5rem .9rem}legend{font-weight:600}
button,.button{font:inherit;margin:1rem .5rem 0 0;padding:.45rem 1.1rem;border:2px solid #0b4f9c;background:#0b4f9c;color:#fff;border-radius:4px;cursor:pointer;text-decoration:none;display:inline-block}
.secondary{background:#fff;color:#0b4f9c}:focus-visible{outline:3px solid #c2410c;outline-offset:2px}
.amount{font-size:1.3rem;font-weight:600}.error{color:#a4000f;font-weight:600}.muted{color:#444;font-size:14px}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem}dt{font-weight:600}dd{margin:0}code{overflow-wrap:anywhere}`

/** Formats minor units for the page (the amount the buyer is asked to pay). */
function formatAmount(amount: { currency: string; value: string }, minorDigits: number | undefined): string {
  if (minorDigits === undefined) minorDigits = currencyDigits(amount.currency)
  const digits = amount.value.padStart(minorDigits + 1, '0')
  const major = minorDigits === 0 ? digits : `${digits.slice(0, -minorDigits)}.${digits.slice(-minorDigits)}`
  return `${amount.currency} ${major}`
}

/** ISO 4217 minor digits (JPY 0, USD 2), 2 for a code Intl does not know. */
function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/** One test card of each outcome (success, 3DS challenge, decline): the ones a developer tries first. */
function cardExamples(cards: readonly TestCard[]): TestCard[] {
  return (['success', 'challenge', 'decline'] as const).flatMap((kind) => cards.find((c) => c.behaviour.kind === kind) ?? [])
}

export interface RenderBuyerPageInput {
  readonly providerId: string
  readonly providerName: string
  readonly page: BuyerPage
  /** The subject as the page URL names it (a session, payment or vaulting id). */
  readonly id: string
  /** What the provider knows of the subject; undefined when it knows none (the page says so). */
  readonly view: PageView | undefined
  readonly actionUrl: string
  readonly testCards: readonly TestCard[]
}

/**
 * The provider's hosted page for one buyer step, as a small self-contained HTML page: it takes the
 * card (and the "save" box where the merchant asked for consent), runs the 3DS challenge where the
 * test card asks for one, posts the buyer action to the control API — exactly what a test would
 * send — and then sends the browser where the provider would: the next page or the merchant's
 * return URL. It refuses cards that are not the provider's test cards, with the provider's message.
 */
export function renderBuyerPage(input: RenderBuyerPageInput): string {
  const { page, view } = input
  const card = page.card ?? { cvvField: 'cvv', yearDigits: 2 }
  const showSave = page.asks.includes('saveCard') && (view?.showSave ?? true)
  const title = `${input.providerName} · ${page.title}`
  const success = input.testCards.find((c) => c.behaviour.kind === 'success')?.number ?? ''
  const fields: string[] = []
  if (page.asks.includes('card')) {
    fields.push(
      `<label for="number">Card number</label><input id="number" name="number" inputmode="numeric" autocomplete="off" value="${escapeHtml(success)}" required pattern="[0-9 ]{12,23}" aria-describedby="cards-hint">`,
      `<p id="cards-hint" class="muted">Test cards only, e.g. ${escapeHtml(cardExamples(input.testCards).map((c) => `${c.number} (${c.label})`).join('; '))}.</p>`,
      '<label for="expiryMonth">Expiry month (MM)</label><input id="expiryMonth" name="expiryMonth" value="12" required pattern="(0[1-9]|1[0-2])" size="3" inputmode="numeric">',
      `<label for="expiryYear">Expiry year (${card.yearDigits === 4 ? 'YYYY' : 'YY'})</label><input id="expiryYear" name="expiryYear" value="${card.yearDigits === 4 ? '2030' : '30'}" required pattern="[0-9]{${card.yearDigits}}" size="5" inputmode="numeric">`,
      `<label for="cvv">Security code (${card.cvvField.toUpperCase()})</label><input id="cvv" name="cvv" value="123" required pattern="[0-9]{3,4}" size="5" autocomplete="off" inputmode="numeric">`,
    )
  }
  if (showSave) fields.push(`<div class="check"><input type="checkbox" id="saveCard" name="saveCard"><label for="saveCard">${escapeHtml(page.saveLabel ?? 'Save this card for future payments')}</label></div>`)
  const challenge = `<fieldset><legend>3D Secure: confirm it is you</legend><p>Your bank asks you to confirm this payment. On this test page you choose the outcome.</p>
<div class="check"><input type="radio" id="passed-yes" name="passed" value="true" checked><label for="passed-yes">Complete the authentication</label></div>
<div class="check"><input type="radio" id="passed-no" name="passed" value="false"><label for="passed-no">Fail the authentication</label></div></fieldset>`
  if (page.asks.includes('passed')) fields.push(challenge)
  const details: string[] = []
  if (view?.amount) details.push(`<dt>Amount</dt><dd class="amount">${escapeHtml(formatAmount(view.amount, view.minorDigits))}</dd>`)
  if (view?.merchant) details.push(`<dt>Merchant</dt><dd>${escapeHtml(view.merchant)}</dd>`)
  details.push(`<dt>Reference</dt><dd><code>${escapeHtml(input.id)}</code></dd>`)
  const config = {
    actionUrl: input.actionUrl,
    idField: page.idField,
    id: view?.subject ?? input.id,
    asks: page.asks,
    showSave,
    saveField: page.saveField ?? 'saveCard',
    passedField: page.passedField ?? 'passed',
    inlineChallenge: page.inlineChallenge ?? null,
    cvvField: card.cvvField,
    redirectField: page.redirectField ?? 'redirectUrl',
    testCards: input.testCards.map((c) => c.number),
    challengeCards: input.testCards.filter((c) => c.behaviour.kind === 'challenge').map((c) => c.number),
    nonTestCardMessage: page.nonTestCardMessage ?? 'This is a test environment: use one of the test cards.',
  }
  const body = view
    ? `<form id="step" novalidate>${fields.join('\n')}
<div id="challenge" hidden>${page.inlineChallenge ? challenge.replace(/id="passed-/g, 'id="inline-passed-').replace(/for="passed-/g, 'for="inline-passed-').replace(/name="passed"/g, 'name="inlinePassed"') : ''}</div>
<button type="submit" id="submit">${page.asks.includes('card') ? 'Pay' : 'Continue'}</button>${view.cancelUrl ? `<a class="button secondary" href="${escapeHtml(view.cancelUrl)}">Cancel and return to the merchant</a>` : ''}
</form>
<p id="message" role="alert" class="error"></p>
<p id="status" role="status" class="muted"></p>`
    : `<p role="alert" class="error">${escapeHtml(page.unknownMessage ?? 'This payment page is not valid: it has expired, was completed, or never existed.')}</p>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>${escapeHtml(title)} (Tokenproof test page)</title><style>${PAGE_STYLE}</style></head>
<body><main>
<p class="banner">Tokenproof test page: a mock of ${escapeHtml(input.providerName)}'s ${escapeHtml(page.title)}. No real payment is made; enter test cards only.</p>
<h1>${escapeHtml(page.title)}</h1>
<dl>${details.join('')}</dl>
${body}
</main>
<script>
const config = ${scriptJson(config)};
${PAGE_SCRIPT}
</script></body></html>
`
}

// Browser code, kept to plain ES2020 (no build step): the page's whole behaviour.
const PAGE_SCRIPT = String.raw`
const form = document.getElementById('step');
const message = document.getElementById('message');
const status = document.getElementById('status');
const challenge = document.getElementById('challenge');
const digits = (value) => String(value || '').replace(/[\s-]/g, '');
const say = (text) => { message.textContent = text; };
let card = null;
let save = null;
async function send(extra) {
  const data = new FormData(form);
  const body = Object.assign({}, extra);
  body[config.idField] = config.id;
  if (card) body.card = card;
  if (config.showSave) body[config.saveField] = save !== null ? save : data.get('saveCard') === 'on';
  if (config.asks.includes('passed')) body[config.passedField] = data.get('passed') === 'true';
  // A server started with --control-token: the page was opened with ?token=… and passes it on.
  const token = new URLSearchParams(location.search).get('token');
  const headers = { 'content-type': 'application/json' };
  if (token) headers['x-tokenproof-token'] = token;
  status.textContent = 'Processing…';
  const response = await fetch(config.actionUrl, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) { status.textContent = ''; say(answer.error || ('The payment could not be processed (' + response.status + ').')); return; }
  const next = answer[config.redirectField];
  status.textContent = 'Payment ' + (answer.status || 'processed') + '. ' + (next ? 'Returning…' : '');
  document.body.dataset.result = JSON.stringify(answer);
  if (next) location.assign(next);
}
if (form) form.addEventListener('submit', (event) => {
  event.preventDefault();
  say('');
  if (!challenge.hidden) {
    const passed = new FormData(form).get('inlinePassed') === 'true';
    send({ [config.inlineChallenge]: passed });
    return;
  }
  if (config.asks.includes('card')) {
    const number = digits(form.number.value);
    if (!form.checkValidity()) { say('Check the card details: every field is required.'); form.querySelector(':invalid').focus(); return; }
    if (!config.testCards.includes(number)) { say(config.nonTestCardMessage); form.number.focus(); return; }
    card = { number, expiryMonth: form.expiryMonth.value, expiryYear: form.expiryYear.value };
    card[config.cvvField] = form.cvv.value;
    if (config.inlineChallenge && config.challengeCards.includes(number)) {
      save = form.saveCard ? form.saveCard.checked : false;
      for (const input of form.querySelectorAll('input:not([name=inlinePassed])')) input.disabled = true;
      challenge.hidden = false;
      document.getElementById('submit').textContent = 'Confirm';
      challenge.querySelector('input').focus();
      return;
    }
  }
  send(config.inlineChallenge ? { [config.inlineChallenge]: true } : {});
});
`
