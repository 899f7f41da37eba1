/**
 * The HTML report's inline stylesheet and script. Both are constants: no report data is ever
 * written into them, so nothing from a report can break out of the `<style>` or `<script>` element.
 * The page's Content-Security-Policy allows exactly these two by hash and nothing else.
 */
import { createHash } from 'node:crypto'

// Colours meet WCAG AA contrast for their text; every status and severity also has a text label.
export const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 80rem; padding: 1.5rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .875em; }
a { color: #0550ae; }
.muted { color: var(--muted); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 1rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.score { font-size: 2rem; font-weight: 700; }
.tallies { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: .25rem 0; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; border: 1px solid currentColor; font-weight: 600; font-size: .85rem; white-space: nowrap; }
.status-passed { color: #116329; background: #dafbe1; }
.status-failed { color: #a40e26; background: #ffebe9; }
.status-skipped { color: #57606a; background: #f6f8fa; }
.status-error { color: #7d4e00; background: #fff8c5; }
.status-none { color: #57606a; background: transparent; }
.sev-critical { color: #a40e26; background: #ffebe9; }
.sev-major { color: #953800; background: #fff1e5; }
.sev-minor { color: #0550ae; background: #ddf4ff; }
.table-wrap { overflow-x: auto; }
table.matrix { border-collapse: collapse; min-width: 100%; }
.matrix th, .matrix td { border: 1px solid var(--line); padding: .4rem .6rem; text-align: left; vertical-align: top; }
.matrix thead th { background: var(--bg-soft); }
.matrix th[scope=row] { font-weight: normal; }
.matrix th[scope=row] code { font-weight: 600; }
.matrix .reason { display: block; font-size: .8rem; color: var(--muted); max-width: 18rem; }
.matrix td.filtered-out > * { visibility: hidden; }
.provider-counts { display: block; font-weight: normal; font-size: .8rem; color: var(--muted); }
#filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; margin: 1rem 0; }
#filters fieldset { border: 1px solid var(--line); border-radius: .4rem; padding: .25rem .75rem .5rem; margin: 0; }
#filters legend { font-weight: 600; padding: 0 .25rem; }
#filters label { margin-right: .75rem; white-space: nowrap; }
#filters button { font: inherit; padding: .25rem .75rem; }
.findings { list-style: none; padding: 0; margin: 0; }
details.finding { border: 1px solid var(--line); border-radius: .4rem; margin: 0 0 .5rem; }
details.finding > summary { cursor: pointer; padding: .5rem .75rem; background: var(--bg-soft); border-radius: .4rem; }
details.finding[open] > summary { border-bottom: 1px solid var(--line); border-radius: .4rem .4rem 0 0; }
.finding-body { padding: .25rem .75rem .75rem; }
.finding-body dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
.finding-body dt { font-weight: 600; }
.finding-body dd { margin: 0; }
.message { font-weight: 600; }
.evidence { padding-left: 1.25rem; }
.evidence > li { margin-bottom: 1rem; }
.exchange-line { overflow-wrap: anywhere; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: .3rem; padding: .5rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 2rem; font-size: .85rem; color: var(--muted); }
@media print { #filters { display: none !important; } }
`

/**
 * Progressive enhancement: without the script every row, cell and finding shows and the filter form
 * stays hidden. With it, the form shows; unchecking a provider hides its column and its findings,
 * a status hides the cells (and the rows with no cell left) of that status and the findings of
 * scenarios with that status, a severity hides its findings.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  function chosen(name) {
    var set = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (input) { if (input.checked) set[input.value] = true; });
    return set;
  }
  function apply() {
    var providers = chosen('provider'), statuses = chosen('status'), severities = chosen('severity');
    document.querySelectorAll('.matrix [data-provider]').forEach(function (cell) { cell.hidden = !providers[cell.getAttribute('data-provider')]; });
    var rowsShown = 0;
    document.querySelectorAll('.matrix tbody tr').forEach(function (row) {
      var any = false;
      row.querySelectorAll('td[data-status]').forEach(function (cell) {
        var match = providers[cell.getAttribute('data-provider')] && statuses[cell.getAttribute('data-status')];
        cell.classList.toggle('filtered-out', !match);
        if (match) any = true;
      });
      row.hidden = !any;
      if (any) rowsShown++;
    });
    var findings = document.querySelectorAll('details.finding'), shown = 0;
    findings.forEach(function (finding) {
      var match = providers[finding.getAttribute('data-provider')] && severities[finding.getAttribute('data-severity')] && statuses[finding.getAttribute('data-status')];
      finding.parentElement.hidden = !match;
      if (match) shown++;
    });
    var note = document.getElementById('filter-result');
    if (note) note.textContent = 'Showing ' + rowsShown + ' scenario' + (rowsShown === 1 ? '' : 's') + ' and ' + shown + ' of ' + findings.length + ' finding' + (findings.length === 1 ? '' : 's') + '.';
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === 'DETAILS') target.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  apply();
})();
`

export function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`
}

/** Nothing may load from anywhere: only the page's own stylesheet and script run. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${cspHash(STYLE)}; script-src ${cspHash(SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'`
