// The hall's display board: the latest calls over server-sent events, a chime and a spoken call.
const hall = document.body.dataset.hall;
let lastKey = null, first = true;
function tick() { document.getElementById('clock').textContent = new Date().toLocaleTimeString('zh-CN', {hour: '2-digit', minute: '2-digit'}); }
setInterval(tick, 1000); tick();
function chime() {
  try { const ctx = new (window.AudioContext || window.webkitAudioContext)();
    [880, 660].forEach((f, i) => { const o = ctx.createOscillator(), g = ctx.createGain();
      o.frequency.value = f; o.connect(g); g.connect(ctx.destination);
      g.gain.setValueAtTime(0.2, ctx.currentTime + i * 0.35); g.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.35 + 0.3);
      o.start(ctx.currentTime + i * 0.35); o.stop(ctx.currentTime + i * 0.35 + 0.32); }); } catch (e) {}
}
function speak(call) {
  if (!('speechSynthesis' in window)) return;
  const spelled = call.label.split('').join(' ');
  const u = new SpeechSynthesisUtterance('请 ' + spelled + ' 号，到 ' + call.counter + ' 办理');
  u.lang = 'zh-CN'; u.rate = 0.9; speechSynthesis.speak(u);
}
function render(calls) {
  const active = calls.filter(c => c.status === 'called');
  const top = active[0] || calls[0];
  document.getElementById('now-label').textContent = top ? top.label : '—';
  document.getElementById('now-counter').textContent = top ? '请到 ' + top.counter + ' · Counter ' + top.counter_number : '请留意叫号 · Please wait for your number';
  const recent = document.getElementById('recent'); recent.innerHTML = '';
  for (const c of calls.slice(0, 6)) { const d = document.createElement('div'); d.textContent = c.label + ' → ' + c.counter_number; recent.appendChild(d); }
  const key = top && top.status === 'called' ? top.label + '|' + top.counter + '|' + top.recalls : null;
  if (key && key !== lastKey && !first) { chime(); setTimeout(() => speak(top), 800); }
  lastKey = key; first = false;
  document.body.dataset.updated = Date.now();
}
function connect() {
  // EventSource reconnects by itself when the connection drops
  const es = new EventSource('/api/halls/' + hall + '/stream');
  es.addEventListener('calls', e => render(JSON.parse(e.data)));
  es.onopen = () => document.getElementById('link').style.color = '#7CFC00';
  es.onerror = () => document.getElementById('link').style.color = '#ff6b6b';
}
connect();
