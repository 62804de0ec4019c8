// Hall events: create or edit one (the list page, the edit page), cancel one (its page);
// the door page has its own script (door.js).
(function () {
  const data = document.body.dataset;

  // a datetime-local value in the hall's time zone, as an ISO time with the hall's offset
  const iso = value => value ? value + ':00' + data.offset : null;

  // the new-event form posts, the edit form (data-event) puts; both then show the event
  document.querySelectorAll('form.event-form').forEach(form => form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const f = new FormData(form), out = form.querySelector('.result');
    const body = Object.fromEntries(f.entries());
    body.hall_id = Number(body.hall_id); body.capacity = Number(body.capacity);
    for (const key of ['starts_at', 'ends_at', 'registration_opens', 'registration_closes']) body[key] = iso(body[key]);
    body.postings = (body.postings || '').split(/[ ,]+/).filter(Boolean).map(Number);
    const id = form.dataset.event;
    const r = await call(id ? 'PUT' : 'POST', '/api/hall-events' + (id ? '/' + id : ''), body);
    if (r.ok) { location.href = '/console/events/' + (await r.json()).id; return; }
    out.textContent = data.refused + ': ' + reason((await r.json()).detail, r.status);
  }));

  const cancel = $('cancel-event');
  if (cancel) cancel.addEventListener('click', async () => {
    if (!confirm(data.confirmCancel)) return;
    const r = await call('POST', '/api/hall-events/' + data.event + '/cancel');
    if (r.ok) location.reload(); else cancel.nextElementSibling.textContent = data.refused;
  });

  document.querySelectorAll('.move-up').forEach(button => button.addEventListener('click', async () => {
    const r = await call('POST', '/api/hall-events/' + data.event + '/registrations/' + button.dataset.id + '/move-up');
    if (r.ok) location.reload(); else button.textContent = data.refused;
  }));
})();
