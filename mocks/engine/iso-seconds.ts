/** A zone as providers write it after the time: `Z`, or a signed offset from UTC such as `+07:00`. */
export type Offset = 'Z' | `${'+' | '-'}${number}${number}:${number}${number}`

/** Per offset: its shift from UTC and the last second written at it. */
interface Zone {
  readonly shiftMs: number
  second: number
  text: string
}

const zones = new Map<Offset, Zone>()

function zoneOf(offset: Offset): Zone {
  let zone = zones.get(offset)
  if (zone === undefined) {
    const sign = offset.startsWith('-') ? -1 : 1
    const shiftMs = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000
    zone = { shiftMs, second: Number.NaN, text: '' }
    zones.set(offset, zone)
  }
  return zone
}

/**
 * A time to the second at a fixed offset, as the providers write theirs: `2026-12-07T11:05:06+07:00`,
 * `2026-12-07T04:05:06Z`. An answer carries a few, mostly of the same second, and a busy server
 * writes thousands a second: the last second written at each offset is kept, and a new one is a
 * fixed-width slice of `toISOString()` (a regular expression only for years past 9999, which carry a
 * sign and six digits).
 */
export function isoSeconds(ms: number, offset: Offset = 'Z'): string {
  const zone = zoneOf(offset)
  // As `new Date` reads it: whole milliseconds, toward zero.
  const at = Math.trunc(ms + zone.shiftMs)
  const second = Math.floor(at / 1000)
  if (second === zone.second) return zone.text
  const iso = new Date(at).toISOString()
  zone.text = iso.length === 24 ? `${iso.slice(0, 19)}${offset}` : iso.replace(/\.\d{3}Z$/, offset)
  zone.second = second
  return zone.text
}
