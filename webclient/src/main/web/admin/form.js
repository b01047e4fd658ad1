// Field errors for the admin forms. The API names the field it refuses ("field 'maxChats' must
// be..."), so its message goes next to that field, which is marked aria-invalid and focused; the
// form keeps every value the admin typed.

/** The server's error message of an API answer (or the status). */
export function errorOf(r) {
  return (r && r.body && r.body.error && r.body.error.message) || `HTTP ${r ? r.status : '?'}`;
}

/** The field an API error message names ("field 'x' ..." or "missing field 'x'"), or null. */
export function fieldOf(message) {
  const m = /field '([\w.]+)'/u.exec(String(message || ''));
  return m ? m[1] : null;
}

/** Removes every error mark of a container. */
export function clearErrors(root) {
  for (const el of root.querySelectorAll('[aria-invalid=true]')) {
    el.removeAttribute('aria-invalid');
  }
  for (const el of root.querySelectorAll('.field-error')) {
    el.textContent = '';
    el.hidden = true;
  }
}

/**
 * Shows `text` at the field `name` of `root` (its [data-error-for=name] and the control named
 * `name`, or `control` when given); false when there is no such field.
 */
export function fieldError(root, name, text, control = null) {
  const slot = root.querySelector(`[data-error-for="${name}"]`);
  const input = control || root.querySelector(`[name="${name}"]`);
  if (!slot && !input) {
    return false;
  }
  if (slot) {
    slot.textContent = text;
    slot.hidden = false;
  }
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
  return true;
}

/** Shows an API refusal at its field when the form has it, else in `general`. */
export function showApiError(root, r, general, t) {
  const message = r.status === 0 ? t('unreachable') : errorOf(r);
  const name = fieldOf(message);
  if (!name || !fieldError(root, name, message)) {
    general.textContent = r.status === 0 ? message : t('failed', { why: message });
    general.hidden = false;
  }
}

/** A whole number in [min, max] from an input's text, or null. */
export function wholeNumber(text, min, max) {
  const s = String(text).trim();
  if (!/^\d+$/u.test(s)) {
    return null;
  }
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

/** A random password of 16 letters and digits (no look-alikes). */
export function generatePassword() {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
