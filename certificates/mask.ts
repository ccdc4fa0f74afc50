/**
 * A holder's name as public verification shows it (张*三 style): the first and last characters kept,
 * the others starred; a two-character name keeps its first. The middle dot of names like
 * 阿依古丽·买买提 stays, so the shape of the name is recognisable.
 */
export function maskHolderName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join("");
  if (chars.length === 2) return `${chars[0]}*`;
  return chars.map((c, i) => (i === 0 || i === chars.length - 1 || c === "·" ? c : "*")).join("");
}
