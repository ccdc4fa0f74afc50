/**
 * GB/T 2260 codes nest by prefix: 330000 (province) ⊃ 330500 (city) ⊃ 330522 (county) ⊃ 330522101 (town).
 * The significant prefix of a code is what every code inside it starts with.
 */
export function regionPrefix(code: string): string {
  return code.length === 6 ? code.replace(/(00){1,2}$/, "") : code;
}

export function regionContains(ancestor: string, code: string): boolean {
  return code.startsWith(regionPrefix(ancestor));
}

/** The 2-digit province code, used in certificate numbers. */
export function provinceCodeOf(code: string): string {
  return code.slice(0, 2);
}
