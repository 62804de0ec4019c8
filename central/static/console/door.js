// The door page: check people in by their slip's QR code, read by the phone's camera
// (the browser's BarcodeDetector where it reads QR codes, else jsQR, served from npm by the
// central service) or typed / pasted into the field, which always works.
(function () {
  const data = document.body.dataset, form = $('door');
  const status = $('camera-status'), video = $('camera');
  const start = $('scan-start'), stop = $('scan-stop');
  let stream = null, busy = false, last = '', lastAt = 0;

  async function checkIn(code) {
    const out = $('door-result');
    const r = await call('POST', '/api/hall-events/' + data.event + '/check-in', {token: code});
    const answer = await r.json();
    let text;
    if (r.ok) text = (answer.already ? data.already : data.in) + ': ' + answer.person;
    else if (answer.detail === 'other_event') text = data.other;
    else if (r.status === 404) text = data.unknown;
    else text = data.refused + ': ' + reason(answer.detail, r.status);
    out.textContent = text;
    out.className = 'result ' + (r.ok ? 'ok' : 'bad');
    const li = document.createElement('li'); li.textContent = text; $('door-log').prepend(li);
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const input = $('token');
    await checkIn(input.value);
    input.value = ''; input.focus();
  });

  // A decoder: a function from the video element to the text of a QR code in its frame, or ''.
  async function decoder() {
    if ('BarcodeDetector' in window) {
      const formats = await BarcodeDetector.getSupportedFormats().catch(() => []);
      if (formats.includes('qr_code')) {
        const detector = new BarcodeDetector({formats: ['qr_code']});
        return async source => ((await detector.detect(source))[0] || {}).rawValue || '';
      }
    }
    if (!window.jsQR) {
      await new Promise((resolve, reject) => {
        const s = document.createElement('script'); s.src = '/static/vendor/jsQR.js';
        s.onload = resolve; s.onerror = reject; document.head.appendChild(s);
      }).catch(() => null);
    }
    if (!window.jsQR) return null;
    const canvas = document.createElement('canvas'), ctx = canvas.getContext('2d', {willReadFrequently: true});
    return async source => {
      canvas.width = source.videoWidth; canvas.height = source.videoHeight;
      if (!canvas.width) return '';
      ctx.drawImage(source, 0, 0);
      const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const code = jsQR(frame.data, frame.width, frame.height, {inversionAttempts: 'dontInvert'});
      return code ? code.data : '';
    };
  }

  function cameraMessage(error) {
    if (!window.isSecureContext) return data.cameraInsecure;
    const name = error && error.name;
    if (name === 'NotAllowedError' || name === 'SecurityError') return data.cameraRefused;
    if (name === 'NotFoundError' || name === 'OverconstrainedError' || !navigator.mediaDevices) return data.cameraAbsent;
    return data.cameraFailed;
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach(t => t.stop());
    stream = null; video.hidden = true; stop.hidden = true; start.hidden = false;
  }

  async function startCamera() {
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      status.textContent = cameraMessage(null); return;
    }
    const read = await decoder();
    if (!read) { status.textContent = data.noDecoder; return; }
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}, audio: false});
    } catch (error) {
      status.textContent = cameraMessage(error); status.className = 'result bad'; return;
    }
    video.srcObject = stream; video.hidden = false; stop.hidden = false; start.hidden = true;
    await video.play().catch(() => null);
    status.textContent = data.scanning; status.className = 'result';
    const tick = async () => {
      if (!stream) return;
      if (!busy && video.readyState >= 2) {
        busy = true;
        try {
          const code = await read(video);
          // the same slip stays in front of the lens for a while: one check-in for it
          if (code && (code !== last || Date.now() - lastAt > 5000)) {
            last = code; lastAt = Date.now();
            await checkIn(code);
          }
        } catch (error) { /* a frame that could not be read: the next one */ }
        busy = false;
      }
      setTimeout(tick, 150);
    };
    tick();
  }

  start.addEventListener('click', startCamera);
  stop.addEventListener('click', stopCamera);
})();
