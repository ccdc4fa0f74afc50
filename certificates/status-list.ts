import zlib from "node:zlib";

/**
 * W3C Bitstring Status List v1.0: bit i (counted from the most significant bit of the first byte) is the
 * status of the credential whose statusListIndex is i; the list is GZIP-compressed and multibase
 * base64url-encoded ("u" prefix). At least 131,072 entries (16 KB), so one set bit says little about whom it concerns.
 */
export const MIN_STATUS_LIST_ENTRIES = 131_072;

export function encodeStatusList(setIndexes: Iterable<number>): string {
  const indexes = [...setIndexes];
  const entries = Math.max(MIN_STATUS_LIST_ENTRIES, Math.ceil((Math.max(-1, ...indexes) + 1) / 8) * 8);
  const bits = new Uint8Array(entries / 8);
  for (const i of indexes) bits[i >> 3]! |= 0x80 >> (i & 7);
  return `u${zlib.gzipSync(bits).toString("base64url")}`;
}

/** Whether the entry at `index` is set; false beyond the end of the list. */
export function statusListBit(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith("u")) throw new Error("status list is not multibase base64url");
  const bits = zlib.gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  const byte = bits[index >> 3];
  return byte !== undefined && (byte & (0x80 >> (index & 7))) !== 0;
}
