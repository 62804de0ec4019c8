// The page of one terminal: commands, its last screenshot, editing its own config layer.
const kioskId = document.body.dataset.kiosk;
async function send(kind) {
  await call('POST', '/api/kiosks/' + kioskId + '/commands', {kind});
  if (kind === 'screenshot') setTimeout(showShot, 3000);
}
function showShot() { showScreenshot($('shot'), kioskId, $('shot').dataset.missing); }
async function save() {
  let values;
  try { values = JSON.parse($('layer').value || '{}'); } catch (e) { $('result').textContent = '✗ JSON: ' + e.message; return; }
  const r = await call('PUT', '/api/config/kiosk/' + kioskId, {values, note: $('note').value});
  const body = await r.json();
  $('result').textContent = r.ok ? '✓ v' + body.version + ' ' + body.changed.join(', ') : '✗ ' + reason(body.detail, r.status, true);
  if (r.ok) setTimeout(() => location.reload(), 800);
}
document.querySelectorAll('button[data-kind]').forEach(b => b.addEventListener('click', () => send(b.dataset.kind)));
if ($('save')) $('save').addEventListener('click', save);   // managers of the hall only
if ($('shot')) showShot();  // the last one taken, if any
