/**
 * Public verification lookups per client address: at most `limit` in a fixed window. A pure step
 * over the address's window so the rule is tested without a clock; the store lives in the caller.
 */
export type RateWindow = { startedAt: number; count: number };
export type RateRule = { limit: number; windowMs: number };

export function countLookup(window: RateWindow | undefined, now: number, rule: RateRule): { window: RateWindow; allowed: boolean; retryAfterSeconds: number } {
  const current = window && now - window.startedAt < rule.windowMs ? window : { startedAt: now, count: 0 };
  const next = { startedAt: current.startedAt, count: current.count + 1 };
  const allowed = next.count <= rule.limit;
  return { window: next, allowed, retryAfterSeconds: allowed ? 0 : Math.ceil((current.startedAt + rule.windowMs - now) / 1000) };
}

/**
 * The network an address belongs to, for limits one household or office shares: IPv4 /24, IPv6 /64
 * (an IPv4-mapped IPv6 address counts as IPv4). Anything else is its own network.
 */
export function networkOf(address: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (!/^[0-9a-f:]+$/i.test(address) || !address.includes(":")) return address;
  const [head = "", tail] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g || "0", 16).toString(16)).join(":")}::/64`;
}
