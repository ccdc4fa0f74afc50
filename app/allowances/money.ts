/** Amounts are integer yuan; pages and messages show them as ¥12,300.00. */
export function yuan(amount: number): string {
  return `¥${amount.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
