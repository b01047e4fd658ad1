// Attention for staff: a short WebAudio beep (no sound file) and a desktop notification when
// permitted. Browsers allow audio and the permission prompt only after a user gesture, so
// prime() is called from the login click.
let audio = null;

export function prime() {
  try {
    if (!audio) {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      audio = Ctx ? new Ctx() : null;
    }
    if (audio && audio.state === 'suspended') {
      audio.resume();
    }
  } catch {
    audio = null;
  }
  if ('Notification' in window && Notification.permission === 'default') {
    try {
      Notification.requestPermission().catch(() => {});
    } catch {
      // old callback-style API or blocked: no notifications
    }
  }
}

/** Two short tones. */
export function beep() {
  if (!audio || audio.state !== 'running') {
    return;
  }
  const now = audio.currentTime;
  [[880, 0], [1175, 0.16]].forEach(([freq, at]) => {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, now + at);
    gain.gain.exponentialRampToValueAtTime(0.25, now + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.14);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + at);
    osc.stop(now + at + 0.15);
  });
}

/** A desktop notification when the page is not in front and the user allowed them. */
export function notify(title, body, tag) {
  if (!('Notification' in window) || Notification.permission !== 'granted' || document.hasFocus()) {
    return;
  }
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch {
    // some platforms allow notifications only from a service worker
  }
}
