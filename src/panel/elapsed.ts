// How long a run has been going, as the panel's header says it: "4.2 s", "3 min 5 s", "2 h 7 min", "9 d 16 h".
// Pure (the webview bundles it too); unit-tested in test/unit/panel.

export function elapsedText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  // Past a day, hours and minutes of hundreds of hours read badly ("232 h 27 min"): days and hours.
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
