import type { BuyerPage } from './provider-mock.ts'

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/**
 * A self-contained HTML form for one buyer step. It posts JSON to the control API's buyer action,
 * exactly what a test would send, and shows the answer. Test cards only: the page says so.
 */
export function renderBuyerPage(input: { providerId: string; providerName: string; page: BuyerPage; id: string; actionUrl: string; testCard: string | undefined }): string {
  const { page } = input
  const fields: string[] = []
  if (page.asks.includes('card')) {
    fields.push(
      `<label>Card number <input name="number" inputmode="numeric" autocomplete="off" value="${escape(input.testCard ?? '')}" required pattern="\\d{12,19}"></label>`,
      '<label>Expiry month <input name="expiryMonth" value="12" required pattern="\\d{2}" size="2"></label>',
      '<label>Expiry year <input name="expiryYear" value="30" required pattern="\\d{2}" size="2"></label>',
      '<label>CVV <input name="cvv" value="123" pattern="\\d{3,4}" size="4" autocomplete="off"></label>',
    )
  }
  if (page.asks.includes('saveCard')) fields.push('<label><input type="checkbox" name="saveCard"> Save this card for future payments</label>')
  if (page.asks.includes('passed')) fields.push('<label><input type="radio" name="passed" value="true" checked> Pass the challenge</label><label><input type="radio" name="passed" value="false"> Fail it</label>')
  const config = JSON.stringify({ actionUrl: input.actionUrl, idField: page.idField, id: input.id, asks: page.asks }).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${escape(input.providerName)} · ${escape(page.title)} (Tokenproof mock)</title>
<style>body{font:15px system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.6rem 0}
input[name=number]{width:14rem}button{margin-top:1rem;padding:.4rem 1rem}.note{color:#555;font-size:13px}pre{background:#f4f4f4;padding:.6rem;white-space:pre-wrap;overflow-wrap:anywhere}</style></head>
<body><h1>${escape(page.title)}</h1>
<p class="note">${escape(input.providerName)} mock page for <code>${escape(input.id)}</code>. Tokenproof test page: enter test cards only.</p>
<form id="step">${fields.join('\n')}<button type="submit">Continue</button></form>
<pre id="result" hidden></pre>
<script>
const config = ${config};
document.getElementById('step').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { [config.idField]: config.id };
  if (config.asks.includes('card')) body.card = { number: form.get('number'), expiryMonth: form.get('expiryMonth'), expiryYear: form.get('expiryYear'), ...(form.get('cvv') ? { cvv: form.get('cvv') } : {}) };
  if (config.asks.includes('saveCard')) body.saveCard = form.get('saveCard') === 'on';
  if (config.asks.includes('passed')) body.passed = form.get('passed') === 'true';
  const response = await fetch(config.actionUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = document.getElementById('result');
  out.hidden = false;
  out.textContent = response.status + ' ' + JSON.stringify(await response.json(), null, 2);
});
</script></body></html>
`
}
