// Keyboard shortcuts of the rating page: Q/W/E answer the action question yes/no/unsure, A/S/D the subject
// question, Enter submits, Z undoes the last judgement. The time spent on the image goes along in "ms".
(function () {
  const form = document.getElementById('judge');
  const undo = document.getElementById('undo');
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
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const k = ev.key.toLowerCase();
    if (form && keys[k]) {
      document.getElementById(keys[k][0] + '-' + keys[k][1]).checked = true;
      ev.preventDefault();
    } else if (form && ev.key === 'Enter') {
      ev.preventDefault();
      form.requestSubmit();
    } else if (undo && k === 'z' && !undo.querySelector('button').disabled) {
      ev.preventDefault();
      undo.requestSubmit();
    }
  });
})();
