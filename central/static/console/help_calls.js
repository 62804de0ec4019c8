// Visitors calling for help from a terminal of the person's halls, at the top of the page:
// the terminal, its place and hall, how long the visitor has waited (in words), escalated
// calls first and in red, and "I'm on my way", which tells the terminal someone is coming.
const helpWords = JSON.parse($('help-words').textContent);
const helpLang = document.documentElement.lang || 'zh-CN';

// 42 -> "42 seconds", 300 -> "5 minutes", 7200 -> "2 hours", in the page's language.
function waited(seconds) {
  const [unit, size] = seconds < 60 ? ['second', 1] : seconds < 3600 ? ['minute', 60] : ['hour', 3600];
  return new Intl.NumberFormat(helpLang, {style: 'unit', unit, unitDisplay: 'long'}).format(Math.floor(seconds / size));
}

async function acknowledgeHelp(id, button) {
  button.disabled = true;
  const r = await call('POST', '/api/help-calls/' + id + '/ack');
  if (!r.ok && r.status !== 409) {
    const body = await r.json().catch(() => ({}));
    button.disabled = false;
    button.title = helpWords.refused.replace('{reason}', reason(body.detail, r.status));
    return;
  }
  loadHelp();
}

async function loadHelp() {
  const r = await fetch('/api/help-calls', {credentials: 'same-origin'}); if (!r.ok) return;
  const calls = await r.json();
  $('help-card').hidden = calls.length === 0;
  $('help-rows').innerHTML = '';
  for (const c of calls) {
    const tr = document.createElement('tr'); tr.className = 'help-call' + (c.escalated ? ' escalated' : '');
    tr.dataset.id = c.id;
    tr.innerHTML = '<td></td><td></td><td></td><td></td>';
    tr.cells[0].textContent = c.terminal + (c.place ? ' · ' + c.place : '');
    tr.cells[1].textContent = c.hall;
    tr.cells[2].textContent = waited(c.waiting_s) + (c.escalated ? ' · ' + helpWords.escalated : '');
    const b = document.createElement('button'); b.className = 'on-my-way'; b.textContent = helpWords.on_my_way;
    b.onclick = () => acknowledgeHelp(c.id, b); tr.cells[3].appendChild(b);
    $('help-rows').appendChild(tr);
  }
}
loadHelp(); setInterval(loadHelp, 3000);
