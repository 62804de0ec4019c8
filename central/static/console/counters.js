// The Counters page: each counter's form as JSON, with its services and its staff.
document.querySelectorAll('form.counter').forEach(form => {
  form.addEventListener('submit', e => {
    e.preventDefault();
    const checked = name => Array.from(form.querySelectorAll(`input[name=${name}]:checked`)).map(i => i.value);
    const body = {number: Number(form.elements.number.value), name: form.elements.name.value.trim(),
                  is_open: form.elements.is_open.checked, service_codes: checked('service'),
                  staff_ids: checked('staff').map(Number)};
    const id = form.dataset.id;
    send(id ? 'PUT' : 'POST', id ? '/api/counters/' + id : '/api/halls/' + page.hall + '/counters',
         body, form.querySelector('.result'), () => { if (!id) location.reload(); });
  });
});
