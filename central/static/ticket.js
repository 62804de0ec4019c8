// The phone page of a ticket: reload when it changes; rate the visit once it is done.
(() => {
  const page = document.body.dataset;
  const token = page.token;
  const last = {status: page.status, people_ahead: +page.ahead, recalls: +page.recalls};
  async function poll() {
    try {
      const r = await fetch('/api/public/tickets/' + token, {cache: 'no-store'});
      if (r.ok) {
        const t = await r.json();
        if (t.status !== last.status || t.people_ahead !== last.people_ahead || t.recalls !== last.recalls) {
          location.reload(); return;
        }
      }
    } catch (e) { /* offline for a moment: try again */ }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 2000);
  document.querySelectorAll('#rate button').forEach(b => b.addEventListener('click', async () => {
    const r = await fetch('/api/public/tickets/' + token + '/rating', {method: 'POST',
      headers: {'Content-Type': 'application/json'}, body: JSON.stringify({score: +b.dataset.score})});
    document.getElementById('thanks').textContent = r.ok ? '谢谢您的评价 · Thank you' : '已评价 · Already rated';
  }));
})();
