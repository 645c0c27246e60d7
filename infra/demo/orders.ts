/** A sample order as the demo feeds it: the shape of the shared bench workload's `orders` kind. */
export interface SampleOrder {
  orderId: string;
  status: 'created' | 'paid' | 'shipped' | 'cancelled';
  customer: { tier: 'bronze' | 'silver' | 'gold'; country: string };
  items: { sku: string; qty: number; unitPrice: number }[];
  amount: { total: number; currency: string };
  shipping: { method: string; city: string };
}

const statuses = ['created', 'paid', 'paid', 'shipped', 'cancelled'] as const;
const tiers = ['bronze', 'silver', 'gold'] as const;
const places = [
  ['US', 'Seattle'],
  ['DE', 'Berlin'],
  ['JP', 'Osaka'],
  ['CN', 'Hangzhou'],
  ['BR', 'Recife'],
] as const;

/** A small seeded PRNG (mulberry32), so the demo shows the same orders every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The `n`-th sample order (deterministic). */
export function sampleOrder(n: number): SampleOrder {
  const next = random(n * 7919 + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const items = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => ({
    sku: `SKU-${1000 + Math.floor(next() * 9000)}-${i}`,
    qty: 1 + Math.floor(next() * 4),
    unitPrice: Math.round(next() * 20000) / 100,
  }));
  const total = Math.round(items.reduce((sum, item) => sum + item.qty * item.unitPrice, 0) * 100) / 100;
  const [country, city] = pick(places);
  return {
    orderId: `ORD-${String(n).padStart(5, '0')}`,
    status: pick(statuses),
    customer: { tier: pick(tiers), country },
    items,
    amount: { total, currency: 'USD' },
    shipping: { method: pick(['standard', 'express']), city },
  };
}
