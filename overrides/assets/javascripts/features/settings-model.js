// @ts-check
// The settings generator's logic, free of the DOM so it can be reasoned about (and
// benchmarked) on its own: parse what the reader typed, find the provider, and assemble
// the values to type into Outlook. Host names, ports, the host-name rule and the
// protocols come only from the data the build hands over as JSON (`data`); this module
// names none of them.
//
// Every function returns data: either { error: "code" } with a code that the page turns
// into a message written in its own language, or the value.

const MAX_ADDRESS = 254; // RFC 5321: the longest path a mail server must accept
const MAX_LOCAL = 64; // RFC 5321: the longest local part
const MAX_USER_ID = 64;
// RFC 5322 dot-atom: the local parts that mail servers accept without quoting.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const SPACE = /\s/u;
const CONTROL = /[\p{Cc}\p{Cf}]/u;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

export const OTHER = "other";

// The host-name rule the build checks the data file against (hooks/project.py), compiled
// once per data block.
const hostNames = new WeakMap();
function hostName(data) {
  if (!hostNames.has(data)) hostNames.set(data, new RegExp(data.hostName));
  return hostNames.get(data);
}

/** Parse a PEC address: { address, local, domain } or { error }. */
export function parseAddress(data, input) {
  const value = String(input ?? "").trim();
  if (value === "") return { error: "address-empty" };
  if (CONTROL.test(value)) return { error: "address-characters" };
  if (SPACE.test(value)) return { error: "address-spaces" };
  if (value.length > MAX_ADDRESS) return { error: "address-too-long" };
  const at = value.lastIndexOf("@");
  if (at === -1) return { error: "address-no-at" };
  if (value.indexOf("@") !== at) return { error: "address-many-at" };
  const local = value.slice(0, at).toLowerCase();
  const domain = value.slice(at + 1).toLowerCase();
  if (local === "") return { error: "address-no-local" };
  if (local.length > MAX_LOCAL) return { error: "address-local-too-long" };
  if (!LOCAL_PART.test(local)) return { error: "address-local-invalid" };
  if (domain === "") return { error: "address-no-domain" };
  if (!hostName(data).test(domain)) return { error: "address-domain-invalid" };
  return { address: `${local}@${domain}`, local, domain };
}

/** Check a host name typed for "Other provider": { host } or { error }. */
export function parseHost(data, input) {
  const value = String(input ?? "").trim().toLowerCase();
  if (value === "") return { error: "host-empty" };
  if (!hostName(data).test(value)) return { error: "host-invalid" };
  return { host: value };
}

/** Check a Legalmail User ID: { userId } or { error }. */
export function parseUserId(input) {
  const value = String(input ?? "").trim();
  if (value === "") return { error: "userid-empty" };
  // A User ID has no "@": one typed here is an address, which Legalmail refuses as user name.
  if (value.includes("@")) return { error: "userid-address" };
  if (value.length > MAX_USER_ID || !PRINTABLE_ASCII.test(value)) {
    return { error: "userid-invalid" };
  }
  return { userId: value };
}

// What appending to a value could still make it right: the shortest endings of an address
// or a host name. Tried only on values the parsers reject.
const ENDINGS = {
  address: ["a@a.aa", "@a.aa", "a.aa", ".aa", "aa"],
  incomingHost: ["a.aa", ".aa", "aa"],
  outgoingHost: ["a.aa", ".aa", "aa"],
};

/**
 * Whether `input`, rejected as it stands, may be the start of a right value of `field`
 * ("mario.rossi@pec.i" is; "mario rossi" and "mario@@" are not): while the reader is still
 * typing such a start, the page does not tell them off.
 */
export function couldBeStart(data, field, input) {
  const value = String(input ?? "").trim();
  if (value === "") return true;
  const parse = field === "address" ? (v) => parseAddress(data, v) : (v) => parseHost(data, v);
  return (ENDINGS[field] ?? []).some((ending) => !parse(value + ending).error);
}

/**
 * Who provides the mailboxes of `domain`: { provider, agreement }, where `agreement` says
 * it is a professional body's domain served through an agreement; undefined when unknown.
 */
export function detectProvider(data, domain) {
  for (const provider of data.providers) {
    if (provider.domains.includes(domain)) return { provider, agreement: false };
    if (provider.agreements.includes(domain)) return { provider, agreement: true };
  }
  return undefined;
}

// "*.viapec.it" stands for every domain below viapec.it.
const matches = (domain) => (pattern) =>
  pattern.startsWith("*.") ? domain.endsWith(pattern.slice(1)) : domain === pattern;

/** Whether `domain` is a public body's, whose mailboxes its IT office runs. */
export function isOrganisation(data, domain) {
  return data.organisations.some(matches(domain));
}

/** The id of the provider without a preset whose domain this is, or "". */
export function providerElsewhere(data, domain) {
  return (data.elsewhere ?? []).find((entry) => entry.domains.some(matches(domain)))?.id ?? "";
}

/** The provider with this id, or undefined: ids from a URL or storage are not trusted. */
export function providerById(data, id) {
  return data.providers.find((provider) => provider.id === id);
}

// What the reader has yet to type is no error: the card shows every value it can as soon
// as the provider is known, and says what goes in the rest. An empty field becomes an
// error only for the page to show once the reader has touched it.
const EMPTY = new Set(["userid-empty", "host-empty"]);

/**
 * Everything the reader types into Outlook, as far as it is known.
 *
 * `form` holds raw strings: address, protocol, provider (an id, OTHER or ""),
 * userId, incomingHost, outgoingHost.
 * Returns { errors: {field: code}, pending: {field: code}, protocol, providerId,
 * detected, agreement, needs: {choice, organisation, ownDomain, userId, hosts}, settings }.
 * `detected`: the provider was found from the address, through a professional body's
 * agreement when `agreement`; `needs.organisation`: the address is a public body's, so
 * the reader is sent to its IT office while choosing the provider; `needs.elsewhere`: the
 * id of a provider the site has no preset for, whose domain the address is on.
 * `errors` are values typed wrong; `pending` are fields still empty (with the code of
 * the message to show once the reader has touched them). `settings` is present as soon
 * as the address and the provider are known and nothing is typed wrong; a value still
 * pending is null in it.
 */
export function assemble(data, form) {
  const errors = {};
  const pending = {};
  const protocol = data.protocols.includes(form.protocol) ? form.protocol : data.protocols[0];
  const parsed = parseAddress(data, form.address);
  if (parsed.error) errors.address = parsed.error;

  const detected = parsed.error ? undefined : detectProvider(data, parsed.domain);
  const chosen = form.provider === OTHER ? OTHER : providerById(data, form.provider);
  const provider = detected?.provider ?? chosen;
  const choice = !parsed.error && !detected;
  const elsewhere = choice ? providerElsewhere(data, parsed.domain) : "";
  const organisation = choice && !elsewhere && isOrganisation(data, parsed.domain);
  const needs = {
    choice,
    organisation,
    elsewhere,
    ownDomain: choice && !organisation && !elsewhere,
    userId: provider !== OTHER && provider?.username.rule === "user-id",
    hosts: !detected && provider === OTHER,
  };
  if (needs.choice && !provider) errors.provider = "provider-empty";

  /** A typed value: its parsed form, or null while empty; a wrong one is an error. */
  function typed(field, result, key) {
    if (!result.error) return result[key];
    (EMPTY.has(result.error) ? pending : errors)[field] = result.error;
    return null;
  }

  let username = parsed.address;
  if (needs.userId) username = typed("userId", parseUserId(form.userId), "userId");

  let incoming;
  let outgoing;
  if (needs.hosts) {
    incoming = { ...data.standard[protocol], host: typed("incomingHost", parseHost(data, form.incomingHost), "host") };
    outgoing = { ...data.standard.smtp, host: typed("outgoingHost", parseHost(data, form.outgoingHost), "host") };
  } else if (provider && provider !== OTHER) {
    incoming = provider[protocol];
    outgoing = provider.smtp;
  }

  const providerId = provider === OTHER ? OTHER : provider?.id ?? "";
  const result = { errors, pending, protocol, providerId, detected: Boolean(detected),
    agreement: Boolean(detected?.agreement), needs };
  if (Object.keys(errors).length === 0) {
    result.settings = {
      incoming: { type: protocol.toUpperCase(), ...incoming },
      outgoing: { ...outgoing },
      username,
      leaveCopy: protocol === "pop",
    };
  }
  return result;
}
