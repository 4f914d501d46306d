/**
 * Money as people read it. Amounts are in major units (dollars); a sum below a cent keeps four places so it never
 * reads as zero. Pure.
 */
export function moneyText(money: { amount: number; currency: string }): string {
  const places = money.amount !== 0 && Math.abs(money.amount) < 0.01 ? 4 : 2;
  const amount = money.amount.toFixed(places);
  return money.currency === 'USD' ? `$${amount}` : `${amount} ${money.currency}`;
}

/** How many decimal places the currency's minor unit has (USD 2, JPY 0); 2 when the runtime does not know it. */
export function minorUnitDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}
