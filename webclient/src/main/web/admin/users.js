// Accounts (GET/POST /api/users, PUT /api/users/{id}): the list, and one form to create an account
// or change one (display name, roles, groups, maxChats, disabled, a new password).
import { h } from '../shared/dom.js';
import { clearErrors, fieldError, generatePassword, showApiError, wholeNumber } from './form.js';

const ROLES = ['agent', 'supervisor', 'editor', 'reviewer', 'admin'];

export function usersPanel(root, ctx) {
  const { i18n, api, toast } = ctx;
  const t = i18n.t;
  const $ = (s) => root.querySelector(s);
  const form = $('[data-fl=user-form]');
  const c = {
    title: $('[data-fl=user-form-title]'),
    username: $('[data-fl=user-username]'),
    displayName: $('[data-fl=user-display-name]'),
    password: $('[data-fl=user-password]'),
    passwordLabel: $('[data-fl=user-password-label]'),
    passwordHint: $('[data-fl=user-password-hint]'),
    maxChats: $('[data-fl=user-max-chats]'),
    roles: $('[data-fl=user-role-list]'),
    groups: $('[data-fl=user-groups]'),
    disabled: $('[data-fl=user-disabled]'),
    error: $('[data-fl=user-error]'),
    save: $('[data-fl=user-save]'),
  };
  const rows = $('[data-fl=users]');
  let users = [];
  let editing = null; // the user being changed, or null for a new one

  for (const role of ROLES) {
    c.roles.append(h('label', { class: 'check' },
      h('input', { type: 'checkbox', 'data-fl': 'user-role', 'data-role': role, name: 'roles', value: role }),
      h('span', { 'data-i18n': `role_${role}`, text: t(`role_${role}`) })));
  }
  const roleBox = (role) => c.roles.querySelector(`[data-role="${role}"]`);

  $('[data-fl=user-new]').addEventListener('click', () => open(null));
  $('[data-fl=user-cancel]').addEventListener('click', () => close());
  $('[data-fl=user-generate]').addEventListener('click', () => {
    c.password.value = generatePassword();
    c.password.focus();
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save();
  });

  function fillGroups(selected) {
    c.groups.replaceChildren(...ctx.groups().map((g) => h('option', {
      value: g.id, selected: selected.includes(g.id), text: g.name === g.id ? g.id : `${g.name} (${g.id})`,
    })));
  }

  function open(user) {
    editing = user;
    clearErrors(form);
    c.error.hidden = true;
    form.hidden = false;
    c.title.textContent = user ? t('userEditTitle', { name: user.username }) : t('userNewTitle');
    c.username.value = user ? user.username : '';
    c.username.readOnly = Boolean(user);
    c.displayName.value = user ? user.displayName || '' : '';
    c.password.value = '';
    c.passwordLabel.textContent = t(user ? 'colNewPassword' : 'colPassword');
    c.passwordHint.textContent = t(user ? 'passwordHintEdit' : 'passwordHintNew');
    c.maxChats.value = String(user ? user.maxChats : 5);
    const roles = user ? user.roles : ['agent'];
    for (const role of ROLES) {
      roleBox(role).checked = roles.includes(role);
    }
    fillGroups(user ? user.groups : []);
    c.disabled.checked = Boolean(user && user.disabled);
    (user ? c.displayName : c.username).focus();
  }

  function close() {
    form.hidden = true;
    editing = null;
  }

  /** The form's values, or { bad: field, why } when one is wrong before asking the server. */
  function values() {
    const v = {
      username: c.username.value.trim(),
      displayName: c.displayName.value.trim(),
      password: c.password.value,
      roles: ROLES.filter((r) => roleBox(r).checked),
      groups: Array.from(c.groups.selectedOptions, (o) => o.value),
      maxChats: wholeNumber(c.maxChats.value, 0, 100),
      disabled: c.disabled.checked,
    };
    if (!editing && !v.username) {
      return { bad: 'username', why: t('needUsername') };
    }
    if ((!editing || v.password) && v.password.length < 8) {
      return { bad: 'password', why: t('needPassword') };
    }
    if (!v.roles.length) {
      return { bad: 'roles', why: t('needRole'), control: roleBox(ROLES[0]) };
    }
    if (v.maxChats === null) {
      return { bad: 'maxChats', why: t('badMaxChats') };
    }
    if (editing && editing.id === ctx.me.id && (v.disabled || !v.roles.includes('admin'))) {
      return { bad: 'roles', why: t('notYourself'), control: roleBox('admin') };
    }
    return { v };
  }

  async function save() {
    clearErrors(form);
    c.error.hidden = true;
    const { v, bad, why, control } = values();
    if (bad) {
      fieldError(form, bad, why, control);
      return;
    }
    const body = { displayName: v.displayName || (editing ? editing.username : v.username), roles: v.roles,
      groups: v.groups, maxChats: v.maxChats };
    if (v.password) {
      body.password = v.password;
    }
    c.save.disabled = true;
    let r;
    if (editing) {
      body.disabled = v.disabled;
      r = await api(`/api/users/${editing.id}`, { method: 'PUT', body }).catch(() => ({ status: 0 }));
    } else {
      body.username = v.username;
      r = await api('/api/users', { method: 'POST', body }).catch(() => ({ status: 0 }));
      if (r.status === 201 && v.disabled) {
        r = await api(`/api/users/${r.body.id}`, { method: 'PUT', body: { disabled: true } }).catch(() => ({ status: 0 }));
      }
    }
    c.save.disabled = false;
    if (r.status !== 200 && r.status !== 201) {
      if (r.status === 409) {
        fieldError(form, 'username', r.body.error.message);
        return;
      }
      showApiError(form, r, c.error, t);
      return;
    }
    const name = editing ? editing.username : v.username;
    toast(v.password ? t('passwordSet', { name, password: v.password })
      : t(editing ? 'userSaved' : 'userCreated', { name }), v.password ? 15000 : 3000);
    close();
    await load();
  }

  async function load() {
    const r = await api('/api/users').catch(() => ({ status: 0 }));
    if (r.status !== 200) {
      rows.replaceChildren(h('tr', {}, h('td', { colspan: '7', class: 'error', text: t('loadFailed', { why: r.status }) })));
      return;
    }
    users = r.body.users;
    render();
  }

  function render() {
    const label = (id) => ctx.groupName(id);
    rows.replaceChildren(...users.map((u) => h('tr', {
      'data-fl': 'user', 'data-username': u.username, 'data-id': String(u.id), 'data-disabled': String(u.disabled),
    },
    h('td', { text: u.username }),
    h('td', { text: u.displayName }),
    h('td', { 'data-fl': 'user-roles-cell', text: u.roles.map((r) => t(`role_${r}`)).join('、') }),
    h('td', { 'data-fl': 'user-groups-cell', text: u.groups.map(label).join('、') }),
    h('td', { 'data-fl': 'user-max-chats-cell', text: String(u.maxChats) }),
    h('td', { class: u.disabled ? 'off' : 'on', text: t(u.disabled ? 'statusDisabled' : 'statusActive') }),
    h('td', {}, h('button', { type: 'button', class: 'small', 'data-fl': 'user-edit', text: t('edit'),
      on: { click: () => open(u) } })))));
    if (!form.hidden) {
      c.title.textContent = editing ? t('userEditTitle', { name: editing.username }) : t('userNewTitle');
      c.passwordLabel.textContent = t(editing ? 'colNewPassword' : 'colPassword');
      c.passwordHint.textContent = t(editing ? 'passwordHintEdit' : 'passwordHintNew');
    }
  }

  return {
    load,
    render,
    /** The group list changed: the form's choices follow, keeping what is picked. */
    groupsChanged() {
      if (!form.hidden) {
        fillGroups(Array.from(c.groups.selectedOptions, (o) => o.value));
      }
      render();
    },
  };
}
