// Keyboard shortcuts of the rating page: Q/W/E answer the action question yes/no/unsure, A/S/D the subject
// question, Enter submits, Z undoes the last judgement, F (or a click) enlarges the image, B flags it as broken,
// ? lists the keys, I opens the instructions, Esc closes an overlay. The time spent on the image goes along in "ms".
(function () {
  const form = document.getElementById('judge');
  const undo = document.getElementById('undo');
  const flag = document.getElementById('flag');
  const shortcuts = document.getElementById('shortcuts');
  const enlarged = document.getElementById('enlarged');
  const candidate = document.getElementById('candidate');
  const shown = Date.now();
  const keys = { q: ['action', 'yes'], w: ['action', 'no'], e: ['action', 'unsure'],
                 a: ['subject', 'yes'], s: ['subject', 'no'], d: ['subject', 'unsure'] };
  let sent = false;
  if (form) {
    form.addEventListener('submit', function (ev) {
      if (sent) { ev.preventDefault(); return; }
      sent = true;
      form.elements.ms.value = String(Date.now() - shown);
    });
  }

  // Enlarged by the largest whole factor that fits the window, so every image pixel becomes an equal square
  // block (a fractional factor would make some pixels wider than others, and smoothing would blur them).
  function enlarge() {
    const img = document.getElementById('enlarged-image');
    const w = candidate.naturalWidth, h = candidate.naturalHeight;
    if (!w || !h) return;
    const factor = Math.max(1, Math.floor(Math.min((window.innerWidth - 32) / w, (window.innerHeight - 32) / h)));
    img.style.width = (w * factor) + 'px';
    img.style.height = (h * factor) + 'px';
    img.dataset.factor = String(factor);
    enlarged.hidden = false;
  }
  function toggle(overlay, show) {
    if (overlay) overlay.hidden = !show;
  }
  function open(overlay) {
    return overlay && !overlay.hidden;
  }
  if (candidate && enlarged) {
    candidate.addEventListener('click', enlarge);
    enlarged.addEventListener('click', function () { toggle(enlarged, false); });
  }
  const help = document.getElementById('shortcuts-button');
  if (help) help.addEventListener('click', function () { toggle(shortcuts, !open(shortcuts)); });
  const close = document.getElementById('shortcuts-close');
  if (close) close.addEventListener('click', function () { toggle(shortcuts, false); });

  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tag = ev.target && ev.target.tagName;
    if (tag === 'INPUT' && ev.target.type !== 'radio' || tag === 'TEXTAREA') return;
    const k = ev.key.toLowerCase();
    if (ev.key === 'Escape') {
      toggle(shortcuts, false);
      toggle(enlarged, false);
    } else if (ev.key === '?') {
      ev.preventDefault();
      toggle(shortcuts, !open(shortcuts));
    } else if (k === 'i') {
      ev.preventDefault();
      window.location.href = '/rate/instructions';
    } else if (candidate && enlarged && k === 'f') {
      ev.preventDefault();
      if (open(enlarged)) toggle(enlarged, false); else enlarge();
    } else if (form && keys[k]) {
      document.getElementById(keys[k][0] + '-' + keys[k][1]).checked = true;
      ev.preventDefault();
    } else if (form && ev.key === 'Enter') {
      ev.preventDefault();
      form.requestSubmit();
    } else if (flag && k === 'b') {
      ev.preventDefault();
      flag.requestSubmit();
    } else if (undo && k === 'z' && !undo.querySelector('button').disabled) {
      ev.preventDefault();
      undo.requestSubmit();
    }
  });
})();
