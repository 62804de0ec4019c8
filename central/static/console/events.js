// Hall events: create one (the list page), cancel one (its page), check people in at the door.
(function () {
  const data = document.body.dataset;

  // a datetime-local value in the hall's time zone, as an ISO time with the hall's offset
  const iso = value => value ? value + ':00' + data.offset : null;

  const form = $('new-event');
  if (form) form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const f = new FormData(form), out = form.querySelector('.result');
    const body = Object.fromEntries(f.entries());
    body.hall_id = Number(body.hall_id); body.capacity = Number(body.capacity);
    body.starts_at = iso(body.starts_at); body.ends_at = iso(body.ends_at);
    body.registration_closes = iso(body.registration_closes);
    body.postings = (body.postings || '').split(/[ ,]+/).filter(Boolean).map(Number);
    const r = await call('POST', '/api/hall-events', body);
    if (r.ok) { location.href = '/console/events/' + (await r.json()).id; return; }
    out.textContent = data.refused + ': ' + reason((await r.json()).detail, r.status);
  });

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

  const door = $('door');
  if (door) door.addEventListener('submit', async ev => {
    ev.preventDefault();
    const input = $('token'), out = $('door-result');
    const r = await call('POST', '/api/hall-events/' + data.event + '/check-in', {token: input.value});
    const answer = await r.json();
    let text;
    if (r.ok) text = (answer.already ? data.already : data.in) + ': ' + answer.person;
    else if (answer.detail === 'other_event') text = data.other;
    else if (r.status === 404) text = data.unknown;
    else text = data.refused + ': ' + reason(answer.detail, r.status);
    out.textContent = text;
    out.className = 'result ' + (r.ok ? 'ok' : 'bad');
    const li = document.createElement('li'); li.textContent = text; $('door-log').prepend(li);
    input.value = ''; input.focus();
  });
})();
